import { expect, fixture, html } from '@open-wc/testing';
import '../../src/element/progress-stream.js';
import type { ProgressStream } from '../../src/element/progress-stream.js';
import { part, parts, settled, text, until } from '../support/element-helpers.js';

// When <progress-stream> renders (issue 15): the first change of a frame at once, later ones of
// the same frame with the next frame, and one frame request for every element of the page.
// No timings here: what is checked is what the DOM shows before and after a frame.

const step = (progress: number, message: string) => ({
  event: 'message',
  data: JSON.stringify({ step: 'scanning', progress, message }),
});

/** Runs queued microtasks (the element's update included) without letting a task, or a frame, run. */
async function microtasks(el: ProgressStream): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await el.updateComplete;
}

/** An element that rendered, and then saw frames go by without a change. */
async function idleElement(feedLimit = 50): Promise<ProgressStream> {
  const el = await fixture<ProgressStream>(html`<progress-stream preset="step-percent" feed-limit=${feedLimit}></progress-stream>`);
  // Frames, or the timer that stands in for them in a background page, went by.
  await settled(el);
  await settled(el);
  return el;
}

describe('<progress-stream> render scheduling', () => {
  it('shows a change that follows a quiet frame at once, without waiting for the next frame', async () => {
    const el = await idleElement();
    el.push(step(42, 'first'));
    await microtasks(el);
    expect(text(part(el, 'message'))).to.equal('first');
    expect(text(part(el, 'percent'))).to.equal('42%');
  });

  it('renders a second change of the same frame with the next frame, not at once', async () => {
    const el = await idleElement();
    const updates: number[] = [];
    el.addEventListener('progress-update', (event) => updates.push(event.detail.percent ?? -1));
    el.push(step(10, 'first'));
    await microtasks(el);
    el.push(step(20, 'second'));
    await microtasks(el);
    expect(text(part(el, 'message')), 'still the first change until the next frame').to.equal('first');
    expect(updates).to.deep.equal([10]);
    await settled(el);
    expect(text(part(el, 'message'))).to.equal('second');
    expect(updates).to.deep.equal([10, 20]);
  });

  it('asks for one animation frame for all the elements of a page', async () => {
    const els = await Promise.all(Array.from({ length: 20 }, () => idleElement()));
    await settled(els[0] as ProgressStream);
    const original = window.requestAnimationFrame;
    let requests = 0;
    window.requestAnimationFrame = (callback) => {
      requests++;
      return original.call(window, callback);
    };
    try {
      // The first change of each renders at once, the second waits for the frame.
      for (const el of els) el.push(step(10, 'first'));
      await Promise.all(els.map(microtasks));
      for (const el of els) el.push(step(20, 'second'));
      await Promise.all(els.map(microtasks));
    } finally {
      window.requestAnimationFrame = original;
    }
    expect(requests).to.equal(1);
    // Within a time budget per frame: on a slow machine, over a few frames.
    await until(() => els.every((el) => text(part(el, 'message')) === 'second'), 'every element to show its second change');
  });
});

describe('<progress-stream> before it is on a page', () => {
  it('reports events pushed before it was inserted once it is, to listeners on the document', async () => {
    const heard: number[] = [];
    const onUpdate = (event: Event) => heard.push((event as CustomEvent<{ percent: number | null }>).detail.percent ?? -1);
    document.addEventListener('progress-update', onUpdate);
    const el = document.createElement('progress-stream');
    try {
      el.preset = 'step-percent';
      el.push(step(30, 'before insertion'));
      // Inserted a moment later (as a framework or Storybook does), not in the same breath.
      for (let i = 0; i < 5; i++) await Promise.resolve();
      document.body.append(el);
      await until(() => heard.length > 0, 'a progress-update on the document');
      expect(heard).to.deep.equal([30]);
      await settled(el);
      expect(text(part(el, 'message'))).to.equal('before insertion');
    } finally {
      document.removeEventListener('progress-update', onUpdate);
      el.remove();
    }
  });

  it('counts a reconnection down again when it is put back on the page', async () => {
    const el = await idleElement();
    el.showConnection({ status: 'reconnecting', previous: 'open', attempt: 1, delayMs: 30_000 });
    await settled(el);
    const seconds = () => Number(/in (\d+) s/.exec(text(part(el, 'connection-text')))?.[1]);
    expect(seconds()).to.be.within(28, 30);
    const parent = el.parentElement as HTMLElement;
    el.remove();
    await settled(el);
    parent.append(el);
    await settled(el);
    const shown = seconds();
    await until(() => seconds() < shown, 'the countdown to go on', 3000);
  });
});

describe('<progress-stream> render scheduling under load', () => {
  it('spreads elements that take long to update over several frames instead of one long task', async () => {
    const els = await Promise.all(Array.from({ length: 5 }, () => idleElement()));
    const updated = new Set<ProgressStream>();
    for (const el of els) {
      el.addEventListener('progress-update', () => {
        updated.add(el);
        // A page's slow listener: 5 ms each, so that five of them exceed the frame's budget.
        const end = performance.now() + 5;
        while (performance.now() < end);
      });
    }
    for (const el of els) el.push(step(10, 'first'));
    await Promise.all(els.map(microtasks));
    expect(updated.size, 'updated in the task of the change').to.be.within(1, 4);
    await until(() => updated.size === 5, 'every element to update');
    expect(els.map((el) => el.state.percent)).to.deep.equal([10, 10, 10, 10, 10]);
  });
});

describe('<progress-stream> activity feed rendering', () => {
  it('keeps the entries it already rendered: a new event adds one node and drops the oldest', async () => {
    const el = await idleElement(3);
    for (let i = 1; i <= 3; i++) {
      el.push(step(i, `message ${i}`));
      await settled(el);
    }
    const before = parts(el, 'feed-entry');
    el.push(step(4, 'message 4'));
    await settled(el);
    const after = parts(el, 'feed-entry');
    expect(after.map((entry) => text(entry.querySelector('[part~="feed-message"]')))).to.deep.equal([
      'message 4',
      'message 3',
      'message 2',
    ]);
    expect(after[1]).to.equal(before[0]);
    expect(after[2]).to.equal(before[1]);
    expect(before[2]?.isConnected).to.equal(false);
  });

  it('re-formats the entries it kept when the lang changes', async () => {
    const el = await idleElement();
    el.push(step(1, 'one'));
    await settled(el);
    const time = () => text(part(el, 'feed-time'));
    el.setAttribute('lang', 'ar-EG');
    await settled(el);
    // Arabic-Indic digits: the time was formatted again for the new locale.
    expect(time()).to.match(/[\u0660-\u0669]/);
    el.setAttribute('lang', 'en-US');
    await settled(el);
    expect(time()).to.match(/^\d\d:\d\d:\d\d$/);
  });

  it('shows fewer and then more entries when feed-limit goes down and up again', async () => {
    const el = await idleElement(5);
    for (let i = 1; i <= 5; i++) el.push(step(i, `message ${i}`));
    await settled(el);
    const messages = () => parts(el, 'feed-entry').map((entry) => text(entry.querySelector('[part~="feed-message"]')));
    el.setAttribute('feed-limit', '2');
    await settled(el);
    expect(messages()).to.deep.equal(['message 5', 'message 4']);
    el.setAttribute('feed-limit', '5');
    await settled(el);
    expect(messages()).to.deep.equal(['message 5', 'message 4', 'message 3', 'message 2', 'message 1']);
  });

  it('shows only the new entries after the stream starts over', async () => {
    const el = await idleElement();
    for (let i = 1; i <= 3; i++) el.push(step(i, `message ${i}`));
    await settled(el);
    el.push({ event: 'reset', data: '' });
    el.push(step(1, 'again 1'));
    await settled(el);
    const messages = parts(el, 'feed-entry').map((entry) => text(entry.querySelector('[part~="feed-message"]')));
    expect(messages).to.have.length(2);
    expect(messages[0]).to.equal('again 1');
    expect(messages[1]).to.include('starting over');
  });
});

describe('<progress-stream> push() after a property change', () => {
  it('applies a mapping set just before, to that very message', async () => {
    const el = await idleElement();
    el.push(step(10, 'before'));
    await settled(el);
    el.mapping = (state, message) => ({ ...state, status: 'running', percent: 77, message: `mapped ${message.event}` });
    el.push({ event: 'tick', data: '{}' });
    expect(el.state.percent).to.equal(77);
    expect(el.state.message).to.equal('mapped tick');
    await settled(el);
    expect(text(part(el, 'message'))).to.equal('mapped tick');
  });
});

describe('<progress-stream> activity feed off screen', () => {
  it('keeps its entries in the DOM and its scroll position while off screen', async () => {
    const el = await idleElement();
    for (let i = 1; i <= 30; i++) el.push(step(i, `message ${i}`));
    await settled(el);
    const feed = part(el, 'feed') as HTMLElement;
    feed.scrollTop = 120;
    // A test page that the browser renders no frames for (a background page) has laid nothing
    // out that could scroll; the entries are still checked there.
    const scrolled = feed.scrollTop;
    const spacer = document.createElement('div');
    spacer.style.height = '5000px';
    el.before(spacer);
    try {
      await settled(el);
      el.push(step(31, 'message 31'));
      await settled(el);
      expect(parts(el, 'feed-entry')).to.have.length(31);
      expect(text(part(el, 'feed-message'))).to.equal('message 31');
    } finally {
      spacer.remove();
    }
    await settled(el);
    // Scroll anchoring may keep the entry in view by one line: the new one came in above it.
    if (scrolled > 0) expect(feed.scrollTop).to.be.closeTo(scrolled, 40);
  });
});
