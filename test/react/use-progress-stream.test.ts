import { expect } from '@open-wc/testing';
import type { ProgressState } from '../../src/react/index.js';
import { until } from '../support/element-helpers.js';
import { scenario, sse, type Scenario, type ScenarioPlan } from '../support/sse-server.js';
import { renderHook, unmountAll } from './hook-harness.js';

// useProgressStream in a real React root, against the scripted SSE server on the page's own
// origin: what it renders, and when it opens, keeps and closes connections (the server's view).

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

describe('useProgressStream: a stream to its end', () => {
  it('renders the state of a real stream up to completion and calls onComplete once', async () => {
    const s = await server({ responses: [{ steps: [{ write: step('1', 'scanning', 20) }, { hold: true }] }], afterLast: 'status-404' });
    const completed: ProgressState[] = [];
    const options = { url: s.url, retryDelayMs: 10, onComplete: (state: ProgressState) => completed.push(state) };
    const hook = await renderHook(options);

    await until(() => hook.text() === 'open|running|20', 'the first event on the page');
    await s.push({ write: step('2', 'analyzing', 60) }, { hold: true });
    await until(() => hook.text() === 'open|running|60', 'the second event on the page');
    await s.push({ write: step('3', 'complete', 100) }, { hold: true });
    await until(() => hook.current.state.status === 'complete', 'completion');

    // The terminal event ends the stream: the client closes it and does not come back.
    await s.waitFor({ requests: 1, closed: 1 });
    await until(() => hook.text() === 'closed|complete|100', 'the closed, complete state on the page');
    expect(hook.current.state.percent).to.equal(100);
    expect(hook.current.error).to.equal(null);
    // Renders after the end (new props, same job) do not announce it again.
    await hook.rerender({ ...options });
    await hook.rerender({ ...options });
    expect(completed).to.have.length(1);
    expect(completed[0]?.status).to.equal('complete');
    expect(completed[0]?.percent).to.equal(100);
    expect(await s.requests()).to.have.length(1);
  });
});

describe('useProgressStream: what restarts and what does not', () => {
  it('a new mapping object literal with the same content on every render keeps the connection and the state', async () => {
    const s = await server({
      responses: [{ steps: [{ write: sse({ id: 'm1', data: { p: 30 } }) }, { hold: true }] }],
      afterLast: 'status-404',
    });
    // A declarative mapping written inline: a new object on every render.
    const options = () => ({ url: s.url, retryDelayMs: 10, mapping: { events: { message: { percent: 'p' } } } });
    const hook = await renderHook(options());
    await until(() => hook.text() === 'open|running|30', 'the mapped event');
    const client = hook.current.client;
    expect(client).to.not.equal(null);

    for (let i = 0; i < 3; i++) await hook.rerender(options());
    await s.push({ write: sse({ id: 'm2', data: { p: 55 } }) }, { hold: true });
    await until(() => hook.current.state.percent === 55, 'an event on the same connection');

    const requests = await s.requests();
    expect(requests, 'one connection').to.have.length(1);
    expect(requests[0]?.closedAt).to.equal(null);
    expect(hook.current.client).to.equal(client);
    // The state was never reset on the way: every render after the first event kept a percent.
    const first = hook.renders.findIndex((r) => r.state.percent === 30);
    expect(hook.renders.slice(first).every((r) => r.state.percent !== null)).to.equal(true);
  });

  it('a new url closes the old stream and opens the new one from a fresh state, resuming nothing', async () => {
    const a = await server({ responses: [{ steps: [{ write: step('a-7', 'indexing', 40) }, { hold: true }] }] });
    const b = await server({ responses: [{ steps: [{ hold: true }] }] });
    const hook = await renderHook({ url: a.url, retryDelayMs: 10 });
    await until(() => hook.text() === 'open|running|40', 'the first stream');

    await hook.rerender({ url: b.url, retryDelayMs: 10 });
    await a.waitFor({ requests: 1, closed: 1 });
    const [request] = await b.waitFor({ requests: 1 });
    expect(request?.headers['last-event-id'], 'a new job resumes nothing').to.equal(undefined);
    // Nothing of the first job is left before the second one says anything.
    await until(() => hook.current.state.percent === null, 'a fresh state');
    expect(hook.current.state).to.include({ status: 'idle', message: '', stepIndex: null, lastEventId: undefined });

    await b.push({ write: step('b-1', 'scanning', 10) }, { hold: true });
    await until(() => hook.text() === 'open|running|10', 'the second stream');
    expect(await a.requests()).to.have.length(1);
    expect(await b.requests()).to.have.length(1);
  });

  it('enabled: false closes the connection and keeps the state; true again resumes', async () => {
    const s = await server({ responses: [{ steps: [{ write: step('e-4', 'analyzing', 45) }, { hold: true }] }] });
    const hook = await renderHook({ url: s.url, retryDelayMs: 10 });
    await until(() => hook.text() === 'open|running|45', 'the first event');

    await hook.rerender({ url: s.url, retryDelayMs: 10, enabled: false });
    await s.waitFor({ requests: 1, closed: 1 });
    await until(() => hook.current.status === 'idle', 'the idle status');
    expect(hook.text()).to.equal('idle|running|45');
    expect(await s.requests()).to.have.length(1);

    await hook.rerender({ url: s.url, retryDelayMs: 10, enabled: true });
    const requests = await s.waitFor({ requests: 2 });
    expect(requests[1]?.headers['last-event-id']).to.equal('e-4');
    await until(() => hook.current.status === 'open', 'open again');
    expect(hook.current.state.percent).to.equal(45);
  });

  it('retry() after offline connects again, and the new stream clears the error', async () => {
    const s = await server({
      responses: [{ status: 404, steps: [{ write: 'gone' }] }, { steps: [{ write: step('r-1', 'scanning', 15) }, { hold: true }] }],
      afterLast: 'status-404',
    });
    const hook = await renderHook({ url: s.url, retryDelayMs: 10 });
    await until(() => hook.current.status === 'offline', 'offline after a 404');
    expect(hook.current.error).to.include({ kind: 'http', status: 404, fatal: true });
    expect(await s.requests(), 'offline does not retry by itself').to.have.length(1);

    hook.current.retry();
    await s.waitFor({ requests: 2 });
    await until(() => hook.text() === 'open|running|15', 'the stream after retry()');
    expect(hook.current.error).to.equal(null);
  });
});

describe('useProgressStream: StrictMode', () => {
  it('the double mount ends with exactly one live connection, and each message reaches onMessage once', async () => {
    const s = await server({ responses: [{ steps: [{ write: step('s-1', 'scanning', 25) }, { hold: true }] }] });
    const messages: string[] = [];
    const hook = await renderHook(
      { url: s.url, retryDelayMs: 10, onMessage: (message) => messages.push(message.id ?? '') },
      { strict: true },
    );
    await until(() => hook.text() === 'open|running|25', 'the first event');
    await s.push({ write: step('s-2', 'indexing', 35) }, { hold: true });
    await until(() => hook.current.state.percent === 35, 'the second event');

    // StrictMode's first mount may have sent a request that its unmount aborted at once; that
    // one closes, and exactly one stays open.
    const seen = await s.requests();
    const requests = await s.waitFor({ requests: seen.length, closed: seen.length - 1 });
    expect(requests.length).to.be.within(1, 2);
    expect(requests.filter((r) => r.closedAt === null)).to.have.length(1);
    expect(messages).to.deep.equal(['s-1', 's-2']);
  });
});

describe('useProgressStream: job control and history', () => {
  it('exposes cancel() and control: the app’s cancel runs once, pending until the stream says cancelled', async () => {
    const running = sse({ id: '1', data: { status: 'running', progress: 20 } });
    const s = await server({ responses: [{ steps: [{ write: running }, { hold: true }] }], afterLast: 'status-404' });
    const cancelled: string[] = [];
    const hook = await renderHook({
      url: s.url,
      retryDelayMs: 10,
      mapping: { events: { message: { status: { path: 'status' }, percent: 'progress' } } },
      actions: { cancel: (state) => void cancelled.push(state.status) },
    });
    await until(() => hook.current.control.available.cancel, 'cancel available while the job runs');
    expect(hook.current.typical).to.equal(null);
    expect(await hook.current.cancel()).to.equal(true);
    expect(cancelled).to.deep.equal(['running']);
    await until(() => hook.current.control.pending === 'cancel', 'pending on the page');
    await s.push({ write: sse({ id: '2', data: { status: 'cancelled', progress: 20 } }) }, { hold: true });
    await until(() => hook.current.state.status === 'cancelled' && hook.current.control.pending === null, 'confirmed by the stream');
  });
});
