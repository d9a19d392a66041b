import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/element/progress-stream.js';
import type { ProgressStream } from '../../src/element/progress-stream.js';
import type { ControlEventDetail } from '../../src/element/events.js';
import type { ProgressState } from '../../src/mapping/state.js';
import { scenario, sse, type PlannedResponse, type Scenario } from '../support/sse-server.js';
import { part, settled, shadow, text, until } from '../support/element-helpers.js';

// Cancel / pause / resume of <progress-stream> against the real test server: the stream is one
// scenario, the control endpoints another (every request to it is recorded, POSTs included).

const snapshot = (status: string, completedSteps = 1) =>
  sse({
    event: 'progress',
    data: { jobId: 'j1', status, completedSteps, totalSteps: 5, currentOperation: 'Loading', message: 'Loading' },
  });

interface Setup {
  el: ProgressStream;
  stream: Scenario;
  endpoint: Scenario;
}

const open: Scenario[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.dispose()));
});

/**
 * A running job on a held stream, and a control endpoint answering `responses` in turn. The
 * element gets `cancel-url`, `pause-url` and `resume-url` on that endpoint and `headers` as a
 * function (as a page with a short-lived token would).
 */
async function runningJob(responses: PlannedResponse[] = [{ status: 202, steps: [{ end: true }] }], attributes = ''): Promise<Setup> {
  const stream = await scenario({ responses: [{ steps: [{ write: snapshot('running') }, { hold: true }] }] });
  const endpoint = await scenario({ responses });
  open.push(stream, endpoint);
  const el = await fixture<ProgressStream>(html`<progress-stream preset="phase-snapshot" manual></progress-stream>`);
  el.headers = async () => ({ Authorization: 'Bearer s3cret' });
  el.cancelUrl = `${endpoint.url}/cancel`;
  el.pauseUrl = `${endpoint.url}/pause`;
  el.resumeUrl = `${endpoint.url}/resume`;
  if (attributes === 'no-confirm') el.confirmCancel = '';
  el.src = stream.url;
  el.connect();
  await until(() => el.state.status === 'running', 'the running job');
  await settled(el);
  return { el, stream, endpoint };
}

function button(el: ProgressStream, name: string): HTMLButtonElement {
  const node = part(el, name);
  if (!(node instanceof HTMLButtonElement)) throw new Error(`no ${name} button`);
  return node;
}

const focused = (el: ProgressStream) => shadow(el).activeElement;

describe('<progress-stream> job controls', () => {
  it('offers Pause and Cancel only with a way to do them, as real buttons', async () => {
    const el = await fixture<ProgressStream>(html`<progress-stream preset="phase-snapshot"></progress-stream>`);
    el.push({ event: 'progress', data: JSON.stringify({ status: 'running', completedSteps: 1, totalSteps: 5 }) });
    await settled(el);
    expect(part(el, 'controls')).to.equal(null);
    el.cancelUrl = '/cancel';
    el.pauseUrl = '/pause';
    await settled(el);
    const cancel = button(el, 'cancel-button');
    expect(cancel.type).to.equal('button');
    expect(text(cancel)).to.equal('Cancel');
    expect(text(button(el, 'pause-button'))).to.equal('Pause');
    expect(part(el, 'resume-button')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('offers Cancel, not Pause, for a queued job; the stream confirms the cancel', async () => {
    const el = await fixture<ProgressStream>(html`<progress-stream preset="phase-snapshot" confirm-cancel=""></progress-stream>`);
    const asked: string[] = [];
    el.actions = { cancel: (state) => asked.push(state.status), pause: () => asked.push('pause') };
    await settled(el);
    expect(part(el, 'controls'), 'no event yet: no job to cancel').to.equal(null);
    el.push({ event: 'progress', data: JSON.stringify({ status: 'queued', completedSteps: 0, totalSteps: 5 }) });
    await settled(el);
    expect(el.state.status).to.equal('idle');
    expect(part(el, 'pause-button')).to.equal(null);
    button(el, 'cancel-button').click();
    await settled(el);
    expect(asked).to.deep.equal(['idle']);
    expect(text(part(el, 'control-status'))).to.equal('Cancelling…');
    el.push({ event: 'progress', data: JSON.stringify({ status: 'cancelled', completedSteps: 0, totalSteps: 5 }) });
    await settled(el);
    expect(el.state.status).to.equal('cancelled');
    expect(part(el, 'controls')).to.equal(null);
  });

  it('asks first; "Keep running" sends nothing, "Yes, cancel" posts once with the headers', async () => {
    const { el, stream, endpoint } = await runningJob();
    const events: CustomEvent<ControlEventDetail>[] = [];
    el.addEventListener('progress-cancel', (e) => events.push(e));
    button(el, 'cancel-button').click();
    await settled(el);
    expect(events).to.have.length(1);
    expect(events[0]?.detail.state.status).to.equal('running');
    const confirm = part(el, 'confirm');
    expect(confirm?.getAttribute('role')).to.equal('group');
    expect(text(confirm)).to.include('Cancel this job?');
    // The safe answer has focus: a doubled Enter on Cancel does not cancel.
    expect(focused(el)).to.equal(part(el, 'confirm-no'));
    await expect(el).to.be.accessible();

    button(el, 'confirm-no').click();
    await settled(el);
    expect(part(el, 'confirm')).to.equal(null);
    expect(focused(el)).to.equal(part(el, 'cancel-button'));
    expect(await endpoint.requests()).to.have.length(0);

    button(el, 'cancel-button').click();
    await settled(el);
    button(el, 'confirm-yes').click();
    const [request] = await endpoint.waitFor({ requests: 1 });
    expect(request?.method).to.equal('POST');
    expect(request?.url).to.match(/\/cancel$/);
    expect(request?.url).not.to.include('s3cret');
    expect(request?.headers.authorization).to.equal('Bearer s3cret');
    expect(request?.body).to.equal('');

    // "Cancelling…" until the stream says so; the buttons are gone meanwhile.
    await until(() => text(part(el, 'control-status')) === 'Cancelling…', 'Cancelling…');
    expect(part(el, 'cancel-button')).to.equal(null);
    expect(part(el, 'pause-button')).to.equal(null);
    await expect(el).to.be.accessible();
    await stream.push({ write: snapshot('cancelled') }, { hold: true });
    await until(() => el.state.status === 'cancelled', 'the cancelled state');
    await settled(el);
    expect(text(part(el, 'connection-text'))).to.equal('Cancelled');
    expect(part(el, 'controls')).to.equal(null);
    expect(await endpoint.requests()).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('posts at once with confirm-cancel=""', async () => {
    const { el, endpoint } = await runningJob(undefined, 'no-confirm');
    button(el, 'cancel-button').click();
    await endpoint.waitFor({ requests: 1 });
    await settled(el);
    expect(part(el, 'confirm')).to.equal(null);
    expect(text(part(el, 'control-status'))).to.equal('Cancelling…');
  });

  it('reads confirm-cancel from the attribute', async () => {
    const el = await fixture<ProgressStream>(
      html`<progress-stream preset="phase-snapshot" cancel-url="/x" confirm-cancel="Stop the import?"></progress-stream>`,
    );
    el.push({ event: 'progress', data: JSON.stringify({ status: 'running', completedSteps: 1, totalSteps: 5 }) });
    await settled(el);
    button(el, 'cancel-button').click();
    await settled(el);
    expect(text(part(el, 'confirm'))).to.include('Stop the import?');
  });

  it('shows a refused cancel (HTTP 500) and offers the buttons again', async () => {
    const { el, endpoint } = await runningJob(
      [
        { status: 500, steps: [{ end: true }] },
        { status: 202, steps: [{ end: true }] },
      ],
      'no-confirm',
    );
    button(el, 'cancel-button').click();
    await until(() => part(el, 'control-error') !== null, 'the control error');
    const error = part(el, 'control-error');
    expect(error?.getAttribute('role')).to.equal('alert');
    expect(text(error)).to.include('500');
    expect(part(el, 'control-status')).to.equal(null);
    expect(part(el, 'cancel-button')).not.to.equal(null);
    expect(part(el, 'pause-button')).not.to.equal(null);
    await expect(el).to.be.accessible();
    // The next attempt dismisses it.
    button(el, 'cancel-button').click();
    await endpoint.waitFor({ requests: 2 });
    await until(() => part(el, 'control-error') === null, 'the error to go');
  });

  it('pauses, shows the paused job, and resumes', async () => {
    const { el, stream, endpoint } = await runningJob();
    const events: string[] = [];
    for (const type of ['progress-pause', 'progress-resume'] as const) el.addEventListener(type, (e) => events.push(e.type));
    button(el, 'pause-button').click();
    const [pause] = await endpoint.waitFor({ requests: 1 });
    expect(pause?.url).to.match(/\/pause$/);
    await until(() => text(part(el, 'control-status')) === 'Pausing…', 'Pausing…');
    await stream.push({ write: snapshot('paused') }, { hold: true });
    await until(() => part(el, 'resume-button') !== null, 'the Resume button');
    expect(part(el, 'control-status')).to.equal(null);
    expect(part(el, 'pause-button')).to.equal(null);
    expect(part(el, 'cancel-button')).not.to.equal(null);
    const bar = part(el, 'bar');
    expect(bar?.classList.contains('bar-paused')).to.equal(true);
    expect(bar?.getAttribute('aria-valuetext')).to.include('Paused');
    expect(bar?.getAttribute('aria-busy')).to.equal('false');
    expect(text(part(el, 'connection-text'))).to.equal('Paused');
    expect(part(el, 'eta')).to.equal(null);
    expect(part(el, 'rate')).to.equal(null);
    await expect(el).to.be.accessible();

    button(el, 'resume-button').click();
    const requests = await endpoint.waitFor({ requests: 2 });
    expect(requests[1]?.url).to.match(/\/resume$/);
    expect(requests[1]?.headers.authorization).to.equal('Bearer s3cret');
    await until(() => text(part(el, 'control-status')) === 'Resuming…', 'Resuming…');
    await stream.push({ write: snapshot('running', 2) }, { hold: true });
    await until(() => part(el, 'pause-button') !== null, 'the Pause button again');
    expect(part(el, 'control-status')).to.equal(null);
    expect(events).to.deep.equal(['progress-pause', 'progress-resume']);
  });

  it('preventDefault() on progress-cancel: no request, no confirmation', async () => {
    const { el, endpoint } = await runningJob();
    el.addEventListener('progress-cancel', (e) => e.preventDefault());
    button(el, 'cancel-button').click();
    await settled(el);
    expect(part(el, 'confirm')).to.equal(null);
    expect(part(el, 'control-status')).to.equal(null);
    expect(part(el, 'cancel-button')).not.to.equal(null);
    // Pause is not prevented: it goes out, and it is the only request.
    button(el, 'pause-button').click();
    const requests = await endpoint.waitFor({ requests: 1 });
    expect(requests.map((r) => new URL(r.url, location.href).pathname.split('/').pop())).to.deep.equal(['pause']);
  });

  it('calls `actions` with the state instead of posting', async () => {
    const { el, endpoint } = await runningJob(undefined, 'no-confirm');
    const calls: ProgressState[] = [];
    el.actions = {
      cancel: (state) => {
        calls.push(state);
      },
    };
    await settled(el);
    button(el, 'cancel-button').click();
    await until(() => calls.length === 1, 'the cancel action');
    expect(calls[0]?.status).to.equal('running');
    await until(() => text(part(el, 'control-status')) === 'Cancelling…', 'Cancelling…');
    expect(await endpoint.requests()).to.have.length(0);
  });

  it('shows a rejected action as the error', async () => {
    const el = await fixture<ProgressStream>(html`<progress-stream preset="phase-snapshot"></progress-stream>`);
    el.actions = { pause: () => Promise.reject(new Error('The scheduler said no')) };
    el.push({ event: 'progress', data: JSON.stringify({ status: 'running', completedSteps: 1, totalSteps: 5 }) });
    await settled(el);
    button(el, 'pause-button').click();
    await until(() => part(el, 'control-error') !== null, 'the control error');
    expect(text(part(el, 'control-error'))).to.include('The scheduler said no');
  });

  it('cancel(), pause(), resume() run the action directly: no event, no question', async () => {
    const { el, endpoint } = await runningJob();
    let events = 0;
    el.addEventListener('progress-cancel', () => events++);
    expect(await el.cancel()).to.equal(true);
    await endpoint.waitFor({ requests: 1 });
    await settled(el);
    expect(events).to.equal(0);
    expect(part(el, 'confirm')).to.equal(null);
    expect(text(part(el, 'control-status'))).to.equal('Cancelling…');
  });

  it('works from the keyboard: Tab to Cancel, Enter asks, Escape keeps running, Space confirms', async () => {
    const { el, stream, endpoint } = await runningJob();
    const before = document.createElement('button');
    before.textContent = 'before';
    el.before(before);
    before.focus();
    // Tab order: Pause, then Cancel (nothing else in the element is a tab stop while it runs).
    await sendKeys({ press: 'Tab' });
    expect(focused(el)).to.equal(part(el, 'pause-button'));
    await sendKeys({ press: 'Tab' });
    expect(focused(el)).to.equal(part(el, 'cancel-button'));
    await sendKeys({ press: 'Enter' });
    await settled(el);
    expect(focused(el)).to.equal(part(el, 'confirm-no'));
    await sendKeys({ press: 'Escape' });
    await settled(el);
    expect(part(el, 'confirm')).to.equal(null);
    expect(focused(el)).to.equal(part(el, 'cancel-button'));
    expect(await endpoint.requests()).to.have.length(0);

    await sendKeys({ press: 'Space' });
    await settled(el);
    expect(focused(el)).to.equal(part(el, 'confirm-no'));
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(focused(el)).to.equal(part(el, 'confirm-yes'));
    await sendKeys({ press: 'Space' });
    await endpoint.waitFor({ requests: 1 });
    await until(() => part(el, 'control-status') !== null, 'Cancelling…');
    await settled(el);
    // The button that had focus is gone: focus stays in the element, on the status.
    expect(focused(el)).to.equal(part(el, 'control-status'));
    // Then the status goes too (the job is cancelled): focus goes to the bar, not to <body>.
    await stream.push({ write: snapshot('cancelled') }, { hold: true });
    await until(() => part(el, 'controls') === null, 'the controls to go');
    await settled(el);
    expect(focused(el)).to.equal(part(el, 'bar'));
    before.remove();
  });

  it('announces the pending request, the pause and the cancel politely, once', async () => {
    const { el, stream } = await runningJob(undefined, 'no-confirm');
    const region = () => text(shadow(el).querySelector('[role="status"]'));
    button(el, 'pause-button').click();
    await until(() => region() === 'Pausing…', 'Pausing… announced');
    await stream.push({ write: snapshot('paused') }, { hold: true });
    await until(() => region().includes('Job paused'), 'Job paused announced');
    button(el, 'cancel-button').click();
    await until(() => region() === 'Cancelling…', 'Cancelling… announced');
    await stream.push({ write: snapshot('cancelled') }, { hold: true });
    await until(() => region().includes('Job cancelled'), 'Job cancelled announced');
  });
});

describe('<progress-stream> stall-after', () => {
  it('forwards stall-after and announces the stall once', async () => {
    const el = await fixture<ProgressStream>(html`<progress-stream preset="phase-snapshot" stall-after="300"></progress-stream>`);
    expect(el.stallAfter).to.equal(300);
    el.push({ event: 'progress', data: JSON.stringify({ status: 'running', completedSteps: 1, totalSteps: 5 }) });
    await until(() => el.state.stalled, 'the stalled state');
    await settled(el);
    expect(text(shadow(el).querySelector('[role="status"]'))).to.include('No progress for a while');
  });
});
