import { expect, fixture, html } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../src/element/progress-stream.js';
import type { ProgressStream } from '../../src/element/progress-stream.js';
import type { Mapping } from '../../src/mapping/index.js';
import { MIN_WATCHED_MS } from '../../src/element/internal/attention-controller.js';
import { part, settled, sleep, text } from '../support/element-helpers.js';

// `notify`: the "Notify me" button, the Notification when a job ends in a hidden page, and the
// ✓ / ✗ title prefix. The page gets a stubbed Notification class (it records what is asked and
// shown) and a document whose visibility the test sets.

interface Shown {
  title: string;
  options: NotificationOptions | undefined;
  instance: StubNotification;
}

class StubNotification {
  static permission: NotificationPermission = 'default';
  /** What requestPermission answers (and then becomes the permission). */
  static answer: NotificationPermission = 'granted';
  static requests = 0;
  static shown: Shown[] = [];
  static requestPermission(): Promise<NotificationPermission> {
    StubNotification.requests += 1;
    StubNotification.permission = StubNotification.answer;
    return Promise.resolve(StubNotification.answer);
  }
  onclick: ((event: Event) => void) | null = null;
  closed = false;
  constructor(title: string, options?: NotificationOptions) {
    StubNotification.shown.push({ title, options, instance: this });
  }
  close(): void {
    this.closed = true;
  }
}

const win = window as unknown as { Notification?: unknown };
const realNotification = win.Notification;
const realTitle = document.title;
let hidden = false;

function setHidden(value: boolean): void {
  hidden = value;
  document.dispatchEvent(new Event('visibilitychange'));
}

// The notification code is loaded by the first element with `notify`; loaded here first so that
// every test below sees the button at once (attention-loading.test.ts covers the time before).
before(() => import('../../src/element/internal/attention-notify.js'));

beforeEach(() => {
  StubNotification.permission = 'default';
  StubNotification.answer = 'granted';
  StubNotification.requests = 0;
  StubNotification.shown = [];
  win.Notification = StubNotification;
  hidden = false;
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  document.title = 'Reports';
});

afterEach(async () => {
  setHidden(false); // restores a title left marked by the test
  delete (document as { visibilityState?: unknown }).visibilityState;
  delete (document as { hidden?: unknown }).hidden;
  win.Notification = realNotification;
  document.title = realTitle;
  await resetMouse();
});

const step = (name: string, progress: number, message = '') => ({
  event: 'message',
  data: JSON.stringify({ step: name, progress, message }),
});
const complete = { event: 'message', data: JSON.stringify({ step: 'complete', progress: 100, message: 'All 40 tables analysed' }) };
const fail = { event: 'message', data: JSON.stringify({ step: 'error', error: 'Database timeout' }) };
const statusMapping: Mapping = { events: { message: { status: { path: 'status' }, percent: 'progress', message: 'message' } } };

async function notifying(attributes = 'notify'): Promise<ProgressStream> {
  const el = await fixture<ProgressStream>(html`<progress-stream preset="step-percent" label="Import"></progress-stream>`);
  for (const name of attributes.split(' ').filter(Boolean)) el.setAttribute(name, '');
  await settled(el);
  return el;
}

/** When each element was shown a running job: its end is news only after MIN_WATCHED_MS. */
const runningSince = new WeakMap<ProgressStream, number>();

async function running(el: ProgressStream): Promise<void> {
  el.push(step('scanning', 10, 'Scanning'));
  await settled(el);
  if (!runningSince.has(el)) runningSince.set(el, Date.now());
}

/** Ends the job once it has been watched running long enough to be news (see MIN_WATCHED_MS). */
async function end(el: ProgressStream, message: { event: string; data: string } = complete): Promise<void> {
  const since = runningSince.get(el);
  if (since !== undefined) await sleep(Math.max(0, since + MIN_WATCHED_MS + 20 - Date.now()));
  runningSince.delete(el);
  el.push(message);
  await settled(el);
  // Later renders of the ended state must not notify again.
  el.requestUpdate();
  await settled(el);
}

/** A trusted click (a real gesture) in the middle of `node`. */
async function clickOn(node: HTMLElement): Promise<void> {
  const box = node.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

describe('notify: asking for permission', () => {
  it('never asks on load, connect or progress; only a click on "Notify me" does', async () => {
    const el = await notifying();
    el.connect();
    await running(el);
    el.push(step('indexing', 40));
    await settled(el);
    expect(StubNotification.requests).to.equal(0);
    const button = part(el, 'notify-button');
    expect(button?.tagName).to.equal('BUTTON');
    expect(text(button)).to.equal('Notify me');

    await clickOn(button!);
    await settled(el);
    expect(StubNotification.requests).to.equal(1);
    const after = part(el, 'notify-button');
    expect(text(after)).to.equal('You will be notified');
    expect(after?.getAttribute('aria-disabled')).to.equal('true');
    // The same node (keyboard focus stays on it), and a second click asks nothing.
    expect(after).to.equal(button);
    await clickOn(after!);
    expect(StubNotification.requests).to.equal(1);
  });

  it('asks from the keyboard too (Enter on the focused button)', async () => {
    const el = await notifying();
    await running(el);
    part(el, 'notify-button')?.focus();
    await sendKeys({ press: 'Enter' });
    await settled(el);
    expect(StubNotification.requests).to.equal(1);
  });

  it('does not ask on a script click() (not a gesture)', async () => {
    const el = await notifying();
    await running(el);
    part(el, 'notify-button')?.click();
    await settled(el);
    expect(StubNotification.requests).to.equal(0);
  });

  it('drops the button when permission is refused', async () => {
    StubNotification.answer = 'denied';
    const el = await notifying();
    await running(el);
    await clickOn(part(el, 'notify-button')!);
    await settled(el);
    expect(StubNotification.requests).to.equal(1);
    expect(part(el, 'notify-button')).to.equal(null);
  });

  it('shows no button: without notify, before the job runs, once it ended, when denied or granted, without the API', async () => {
    const off = await notifying('');
    await running(off);
    expect(part(off, 'notify-button')).to.equal(null);

    const el = await notifying();
    expect(part(el, 'notify-button')).to.equal(null); // idle
    await running(el);
    expect(part(el, 'notify-button')).to.not.equal(null);
    await end(el);
    expect(part(el, 'notify-button')).to.equal(null);

    for (const permission of ['denied', 'granted'] as const) {
      StubNotification.permission = permission;
      const other = await notifying();
      await running(other);
      expect(part(other, 'notify-button'), permission).to.equal(null);
    }

    delete win.Notification;
    const old = await notifying();
    await running(old);
    expect(part(old, 'notify-button')).to.equal(null);
    expect(StubNotification.requests).to.equal(0);
  });
});

describe('notify: when the job ends', () => {
  it('in a hidden page: one notification and a ✓ title until the page is visible again', async () => {
    StubNotification.permission = 'granted';
    const el = await notifying();
    await running(el);
    setHidden(true);
    await end(el);
    expect(StubNotification.shown).to.have.length(1);
    const [shown] = StubNotification.shown;
    expect(shown?.title).to.equal('Import complete');
    expect(shown?.options?.body).to.equal('All 40 tables analysed');
    expect(shown?.options?.tag).to.match(/^progress-stream-[a-z0-9]+-\d+$/);
    expect(document.title).to.equal('✓ Reports');

    setHidden(false);
    expect(document.title).to.equal('Reports');
    expect(StubNotification.requests).to.equal(0);
  });

  it('a failure: the reason as the body and a ✗ title', async () => {
    StubNotification.permission = 'granted';
    const el = await notifying();
    await running(el);
    setHidden(true);
    await end(el, fail);
    expect(StubNotification.shown.map((s) => [s.title, s.options?.body])).to.deep.equal([['Import failed', 'Database timeout']]);
    expect(document.title).to.equal('✗ Reports');
  });

  it('a cancelled job', async () => {
    StubNotification.permission = 'granted';
    const el = await fixture<ProgressStream>(html`<progress-stream notify label="Export"></progress-stream>`);
    el.mapping = statusMapping;
    await settled(el);
    el.push({ event: 'message', data: JSON.stringify({ status: 'running', progress: 30 }) });
    await settled(el);
    runningSince.set(el, Date.now());
    setHidden(true);
    await end(el, { event: 'message', data: JSON.stringify({ status: 'cancelled', message: 'Stopped by Ada' }) });
    expect(el.state.status).to.equal('cancelled');
    expect(StubNotification.shown.map((s) => [s.title, s.options?.body])).to.deep.equal([['Export cancelled', 'Stopped by Ada']]);
  });

  it('a job cancelled because this page asked: no notification and no title prefix', async () => {
    StubNotification.permission = 'granted';
    const el = await fixture<ProgressStream>(html`<progress-stream notify label="Export"></progress-stream>`);
    el.mapping = statusMapping;
    el.actions = { cancel: () => undefined };
    await settled(el);
    el.push({ event: 'message', data: JSON.stringify({ status: 'running', progress: 30 }) });
    await settled(el);
    runningSince.set(el, Date.now());
    expect(await el.cancel()).to.equal(true);
    await settled(el);
    expect(text(part(el, 'control-status'))).to.equal('Cancelling…');
    setHidden(true);
    await end(el, { event: 'message', data: JSON.stringify({ status: 'cancelled' }) });
    expect(el.state.status).to.equal('cancelled');
    expect(StubNotification.shown).to.deep.equal([]);
    expect(document.title).to.equal('Reports');

    // The next job of the same element is news again.
    setHidden(false);
    el.reset();
    await settled(el);
    el.push({ event: 'message', data: JSON.stringify({ status: 'running', progress: 5 }) });
    await settled(el);
    runningSince.set(el, Date.now());
    setHidden(true);
    await end(el, { event: 'message', data: JSON.stringify({ status: 'cancelled', message: 'Stopped by Ada' }) });
    expect(StubNotification.shown.map((s) => s.title)).to.deep.equal(['Export cancelled']);
  });

  it('clicking the notification focuses the window', async () => {
    StubNotification.permission = 'granted';
    const el = await notifying();
    await running(el);
    setHidden(true);
    await end(el);
    const realFocus = window.focus;
    let focused = 0;
    window.focus = () => {
      focused += 1;
    };
    try {
      StubNotification.shown[0]?.instance.onclick?.(new Event('click'));
    } finally {
      window.focus = realFocus;
    }
    expect(focused).to.equal(1);
    expect(StubNotification.shown[0]?.instance.closed).to.equal(true);
  });

  it('in a visible page: nothing', async () => {
    StubNotification.permission = 'granted';
    const el = await notifying();
    await running(el);
    await end(el);
    expect(StubNotification.shown).to.have.length(0);
    expect(document.title).to.equal('Reports');
  });

  it('without notify: nothing, not even the title', async () => {
    StubNotification.permission = 'granted';
    const el = await notifying('');
    await running(el);
    setHidden(true);
    await end(el);
    expect(StubNotification.shown).to.have.length(0);
    expect(document.title).to.equal('Reports');
  });

  it('without permission: the title prefix only', async () => {
    const el = await notifying();
    await running(el);
    setHidden(true);
    await end(el);
    expect(StubNotification.shown).to.have.length(0);
    expect(StubNotification.requests).to.equal(0);
    expect(document.title).to.equal('✓ Reports');
  });

  it('a job that had ended before the element was connected (replayed history) does not notify', async () => {
    StubNotification.permission = 'granted';
    setHidden(true);
    const el = document.createElement('progress-stream');
    el.preset = 'step-percent';
    el.notify = true;
    el.push(step('scanning', 10));
    el.push(complete);
    // Not fixture(): for a plain <div> it waits for an animation frame, which a page the runner
    // keeps in the background may never get.
    const host = document.createElement('div');
    document.body.append(host);
    try {
      host.append(el);
      await settled(el);
      expect(el.state.status).to.equal('complete');
      expect(StubNotification.shown).to.have.length(0);
      expect(document.title).to.equal('Reports');
    } finally {
      host.remove();
    }
  });

  it('a finished job replayed in a few chunks (shown running, then ended at once) does not notify', async () => {
    StubNotification.permission = 'granted';
    const el = await notifying();
    setHidden(true);
    el.push(step('scanning', 10));
    await settled(el); // rendered running: a replay split over reads shows this too
    el.push(complete);
    await settled(el);
    expect(el.state.status).to.equal('complete');
    expect(StubNotification.shown).to.have.length(0);
    expect(document.title).to.equal('Reports');
  });

  it('two elements: a notification each (own tags), one title prefix, ✗ wins over ✓', async () => {
    StubNotification.permission = 'granted';
    const a = await notifying();
    const b = await notifying();
    await running(a);
    await running(b);
    setHidden(true);
    await end(b, fail);
    await end(a);
    expect(StubNotification.shown.map((s) => s.title)).to.deep.equal(['Import failed', 'Import complete']);
    const [first, second] = StubNotification.shown;
    expect(first?.options?.tag).to.not.equal(second?.options?.tag);
    expect(document.title).to.equal('✗ Reports');
    setHidden(false);
    expect(document.title).to.equal('Reports');
  });

  it('two elements: ✓ then ✗ becomes one ✗ prefix', async () => {
    const a = await notifying();
    const b = await notifying();
    await running(a);
    await running(b);
    setHidden(true);
    await end(a);
    expect(document.title).to.equal('✓ Reports');
    await end(b, fail);
    expect(document.title).to.equal('✗ Reports');
    setHidden(false);
    expect(document.title).to.equal('Reports');
  });

  it('keeps a title the page set while it was hidden', async () => {
    const el = await notifying();
    await running(el);
    setHidden(true);
    await end(el);
    expect(document.title).to.equal('✓ Reports');
    document.title = 'Inbox (3)';
    setHidden(false);
    expect(document.title).to.equal('Inbox (3)');
  });

  it('restores the title exactly, whitespace and all', async () => {
    const title = document.querySelector('title') ?? document.head.appendChild(document.createElement('title'));
    title.textContent = '  Quarterly   report ';
    const el = await notifying();
    await running(el);
    setHidden(true);
    await end(el);
    expect(document.title).to.equal('✓ Quarterly report');
    setHidden(false);
    expect(title.textContent).to.equal('  Quarterly   report ');
  });

  it('notifies again for the next job of the same element', async () => {
    StubNotification.permission = 'granted';
    const el = await notifying();
    await running(el);
    setHidden(true);
    await end(el);
    setHidden(false);
    el.reset();
    await settled(el);
    await running(el);
    setHidden(true);
    await end(el, fail);
    expect(StubNotification.shown.map((s) => s.title)).to.deep.equal(['Import complete', 'Import failed']);
  });
});
