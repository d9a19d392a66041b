import { expect } from '@open-wc/testing';
import { StreamClient } from '../../src/client/index.js';
import type { StatusDetail, StreamErrorDetail, StreamMessage } from '../../src/react/index.js';
import { until } from '../support/element-helpers.js';
import { trackResources, type ResourceTracker } from '../support/resource-tracker.js';
import { scenario, sse, type Scenario, type ScenarioPlan } from '../support/sse-server.js';
import { renderHook, unmountAll } from './hook-harness.js';

// useProgressStream's props that are read when needed (callbacks, headers), and what an
// unmount leaves behind: the server's view of the connection, and the page's timers.

const step = (id: string, name: string, progress: number) => sse({ id, data: { step: name, progress, message: name } });

const scenarios: Scenario[] = [];
async function server(plan: ScenarioPlan): Promise<Scenario> {
  const s = await scenario(plan);
  scenarios.push(s);
  return s;
}

afterEach(async () => {
  await unmountAll();
  for (const s of scenarios.splice(0)) await s.dispose();
});

/** A set of callbacks that records what each of them was called with. */
function recorder() {
  const seen = { messages: [] as string[], statuses: [] as string[], errors: [] as string[] };
  return {
    seen,
    callbacks: {
      onMessage: (message: StreamMessage) => seen.messages.push(message.id ?? ''),
      onStatus: (detail: StatusDetail) => seen.statuses.push(detail.status),
      onError: (detail: StreamErrorDetail) => seen.errors.push(detail.kind),
    },
  };
}

describe('useProgressStream: callbacks', () => {
  it('calls the latest onMessage, onStatus and onError, and changing them does not reconnect', async () => {
    const s = await server({
      responses: [{ steps: [{ write: step('c-1', 'scanning', 10) }, { hold: true }] }, { steps: [{ hold: true }] }],
    });
    const first = recorder();
    const second = recorder();
    const options = { url: s.url, retryDelayMs: 10 };
    const hook = await renderHook({ ...options, ...first.callbacks });
    await until(() => first.seen.messages.length === 1, 'the first message');
    expect(first.seen.statuses).to.deep.equal(['connecting', 'open']);

    await hook.rerender({ ...options, ...second.callbacks });
    await s.push({ write: step('c-2', 'indexing', 20) }, { hold: true });
    await until(() => second.seen.messages.length === 1, 'the second message');
    expect(await s.requests(), 'no reconnection for new callbacks').to.have.length(1);

    // The connection breaks: the status change and the error go to the new callbacks only.
    await s.push({ destroy: true });
    await s.waitFor({ requests: 2 });
    await until(() => second.seen.statuses.at(-1) === 'open', 'open again');
    expect(first.seen).to.deep.equal({ messages: ['c-1'], statuses: ['connecting', 'open'], errors: [] });
    expect(second.seen.messages).to.deep.equal(['c-2']);
    // (A reconnection reports `reconnecting` while it waits and again while it tries.)
    const changes = second.seen.statuses.filter((status, i, all) => status !== all[i - 1]);
    expect(changes).to.deep.equal(['reconnecting', 'open']);
    expect(second.seen.errors).to.deep.equal(['network']);
  });
});

describe('useProgressStream: headers', () => {
  it('a new headers function applies from the next attempt, without reconnecting', async () => {
    const s = await server({
      responses: [{ steps: [{ write: step('h-1', 'scanning', 10) }, { hold: true }] }, { steps: [{ hold: true }] }],
    });
    const options = { url: s.url, retryDelayMs: 10 };
    const hook = await renderHook({ ...options, headers: () => ({ Authorization: 'Bearer one' }) });
    await until(() => hook.current.state.percent === 10, 'the first event');

    await hook.rerender({ ...options, headers: () => ({ Authorization: 'Bearer two' }) });
    await s.push({ write: step('h-2', 'indexing', 30) }, { hold: true });
    await until(() => hook.current.state.percent === 30, 'the second event on the same connection');
    expect(await s.requests(), 'no reconnection for new headers').to.have.length(1);

    await s.push({ destroy: true });
    const requests = await s.waitFor({ requests: 2 });
    expect(requests.map((r) => r.headers['authorization'])).to.deep.equal(['Bearer one', 'Bearer two']);
    expect(requests[1]?.headers['last-event-id']).to.equal('h-2');
  });
});

describe('useProgressStream: unmount', () => {
  let tracker: ResourceTracker;
  before(() => {
    tracker = trackResources((target) => target instanceof StreamClient);
  });
  after(() => tracker.uninstall());

  it('closes the open stream and leaves no timer, frame or page listener behind', async () => {
    const s = await server({ responses: [{ steps: [{ write: step('u-1', 'scanning', 10) }, { hold: true }] }] });
    const before = tracker.counts();
    const hook = await renderHook({ url: s.url, retryDelayMs: 10, heartbeatTimeoutMs: 30_000 });
    await until(() => hook.current.state.percent === 10, 'the first event');
    const open = tracker.counts();
    expect(open.timeouts, 'the heartbeat watch is counted').to.be.greaterThan(before.timeouts);
    expect(open.globalListeners, "the client's online listener is counted").to.be.greaterThan(before.globalListeners);
    // A change the component has not rendered yet: its notification (a frame, and a timer for
    // pages without frames) is pending when the component goes away.
    hook.current.reset();
    expect(tracker.counts().frames, 'a notification is pending').to.be.greaterThan(before.frames);

    await hook.unmount();
    await s.waitFor({ requests: 1, closed: 1 });
    expect(tracker.counts()).to.deep.include({
      timeouts: before.timeouts,
      intervals: before.intervals,
      frames: before.frames,
      globalListeners: before.globalListeners,
    });
    expect(await s.requests()).to.have.length(1);
  });

  it('while waiting to reconnect, stops the backoff timer and the countdown', async () => {
    const s = await server({ responses: [{ status: 503, steps: [] }] });
    const before = tracker.counts();
    const hook = await renderHook({ url: s.url, retryDelayMs: 60_000, maxRetryDelayMs: 60_000 });
    await until(() => hook.current.status === 'reconnecting' && hook.current.connection?.delayMs !== undefined, 'a reconnection wait');
    const waiting = tracker.counts();
    expect(waiting.intervals, 'the countdown is counted').to.be.greaterThan(before.intervals);
    expect(waiting.timeouts, 'the backoff timer is counted').to.be.greaterThan(before.timeouts);

    await hook.unmount();
    expect(tracker.counts()).to.deep.include({ timeouts: before.timeouts, intervals: before.intervals, frames: before.frames });
    expect(await s.requests(), 'no retry after the unmount').to.have.length(1);
  });
});
