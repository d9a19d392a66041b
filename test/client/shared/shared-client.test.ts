// Shared streams within one page: clients with `share` are views of one connection (counted on
// the scripted SSE server), reference-counted, with the status, messages and errors of that one
// connection, a replay of the stream so far for newcomers, and retry from any of them. Then the
// fallback where the page lacks BroadcastChannel or Web Locks, and a dedicated Worker.
import { expect } from '@open-wc/testing';
import { StreamClient, type StreamClientOptions } from '../../../src/client/index.js';
import { record, type ClientRecorder } from '../../support/client-recorder.js';
import { scenario, sse, type Scenario, type ScenarioPlan } from '../../support/sse-server.js';

const clients: StreamClient[] = [];

function shared(url: string, options: Partial<StreamClientOptions> = {}): { client: StreamClient; rec: ClientRecorder } {
  const client = new StreamClient({ url, share: true, heartbeatTimeoutMs: 0, retryDelayMs: 10, random: () => 1, ...options });
  clients.push(client);
  return { client, rec: record(client) };
}

const event = (n: number, extra: { event?: string } = {}) => sse({ id: String(n), data: { n }, ...extra });
const ids = (rec: ClientRecorder) => rec.messages.map((m) => m.id);
const statuses = (rec: ClientRecorder) => rec.statuses.map((s) => s.status);

async function live(plan: ScenarioPlan): Promise<Scenario> {
  return scenario(plan);
}

describe('shared StreamClient within a page', () => {
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });

  it('gives three clients of one stream one request, and each the same messages and statuses', async () => {
    const server = await live({ responses: [{ steps: [{ write: event(1) + event(2) + event(3) }, { hold: true }] }] });
    const members = [shared(server.url), shared(server.url), shared(server.url)];
    for (const { client } of members) client.connect();
    for (const { rec } of members) await rec.untilMessages(3);
    expect(await server.requests()).to.have.length(1);
    for (const { client, rec } of members) {
      expect(ids(rec)).to.deep.equal(['1', '2', '3']);
      expect(statuses(rec)).to.deep.equal(['connecting', 'open']);
      expect(rec.statuses[1]).to.include({ previous: 'connecting', attempt: 0 });
      expect(client.status).to.equal('open');
      expect(client.lastEventId).to.equal('3');
      expect(client.role).to.equal('holder');
    }
  });

  it('shows a client that joins mid-stream the stream so far, then the live events', async () => {
    const server = await live({ responses: [{ steps: [{ write: event(1) + event(2) }, { hold: true }] }] });
    const first = shared(server.url);
    first.client.connect();
    await first.rec.untilMessages(2);
    const late = shared(server.url);
    late.client.connect();
    await late.rec.untilMessages(2);
    expect(statuses(late.rec)).to.deep.equal(['connecting', 'open']);
    await server.push({ write: event(3) }, { hold: true });
    await late.rec.untilMessages(3);
    await first.rec.untilMessages(3);
    expect(ids(late.rec)).to.deep.equal(['1', '2', '3']);
    expect(ids(first.rec)).to.deep.equal(['1', '2', '3']);
    expect(await server.requests()).to.have.length(1);
  });

  it('replays to a client resuming from an id only what came after it', async () => {
    const server = await live({ responses: [{ steps: [{ write: event(1) + event(2) + event(3) }, { hold: true }] }] });
    const first = shared(server.url);
    first.client.connect();
    await first.rec.untilMessages(3);
    const resuming = shared(server.url, { lastEventId: '2' });
    resuming.client.connect();
    await resuming.rec.untilMessages(1);
    expect(ids(resuming.rec)).to.deep.equal(['3']);
  });

  it('keeps the connection while any member is left; the last one to leave closes it', async () => {
    const server = await live({ responses: [{ steps: [{ write: event(1) }, { hold: true }] }] });
    const [a, b, c] = [shared(server.url), shared(server.url), shared(server.url)];
    for (const m of [a, b, c]) m.client.connect();
    await c!.rec.untilMessages(1);
    a!.client.close();
    b!.client.close();
    expect(a!.client.status).to.equal('closed');
    expect(a!.client.role).to.equal(undefined);
    await server.push({ write: event(2) }, { hold: true });
    await c!.rec.untilMessages(2);
    expect(ids(a!.rec)).to.deep.equal(['1']);
    expect((await server.requests())[0]?.closedAt).to.equal(null);
    c!.client.close();
    const [request] = await server.waitFor({ requests: 1, closed: 1 });
    expect(request?.closedAt).to.be.a('number');
  });

  it('lets any member retry: the shared backoff wait is skipped for all', async () => {
    const server = await live({
      responses: [{ status: 503, steps: [] }, { steps: [{ write: event(1) }, { hold: true }] }],
    });
    const [a, b] = [shared(server.url, { retryDelayMs: 60_000 }), shared(server.url, { retryDelayMs: 60_000 })];
    a!.client.connect();
    b!.client.connect();
    await b!.rec.until(() => b!.rec.statuses.some((s) => s.status === 'reconnecting' && s.delayMs !== undefined), 'a wait');
    await a!.rec.until(() => a!.rec.statuses.some((s) => s.status === 'reconnecting' && s.delayMs !== undefined), 'a wait');
    expect(a!.rec.errors.map((e) => e.status)).to.deep.equal([503]);
    b!.client.retry();
    await a!.rec.untilMessages(1);
    await b!.rec.untilMessages(1);
    expect(await server.requests()).to.have.length(2);
    expect(statuses(a!.rec)).to.deep.equal(statuses(b!.rec));
    expect(a!.client.status).to.equal('open');
  });

  it('starts again after offline when any member retries, and a newcomer to an offline stream does too', async () => {
    const server = await live({
      responses: [{ status: 503, steps: [] }, { status: 503, steps: [] }, { steps: [{ write: event(1) }, { hold: true }] }],
      afterLast: 'status-404',
    });
    const [a, b] = [shared(server.url, { maxRetries: 0 }), shared(server.url, { maxRetries: 0 })];
    a!.client.connect();
    b!.client.connect();
    await a!.rec.untilStatus('offline');
    await b!.rec.untilStatus('offline');
    a!.client.retry();
    await b!.rec.until(() => b!.rec.statuses.filter((s) => s.status === 'offline').length === 2, 'offline again');
    // A client that joins a stream that gave up starts it again, as a fresh connection would.
    const late = shared(server.url, { maxRetries: 0 });
    late.client.connect();
    await late.rec.untilMessages(1);
    await a!.rec.untilMessages(1);
    await b!.rec.untilMessages(1);
    expect(await server.requests()).to.have.length(3);
    expect(b!.client.status).to.equal('open');
  });

  it('closes every member on a terminal event, and the connection with them', async () => {
    const server = await live({ responses: [{ steps: [{ write: event(1) + event(2, { event: 'done' }) }, { hold: true }] }] });
    const [a, b] = [shared(server.url, { terminalEvents: ['done'] }), shared(server.url, { terminalEvents: ['done'] })];
    a!.client.connect();
    b!.client.connect();
    await a!.rec.untilStatus('closed');
    await b!.rec.untilStatus('closed');
    expect(ids(b!.rec)).to.deep.equal(['1', '2']);
    await server.waitFor({ requests: 1, closed: 1 });
  });

  it('shares only equal streams: another URL or key is another connection; unshared clients are unchanged', async () => {
    const one = await live({ responses: [{ steps: [{ write: event(1) }, { hold: true }] }] });
    const two = await live({ responses: [{ steps: [{ write: event(1) }, { hold: true }] }] });
    const members = [shared(one.url), shared(one.url, { share: { key: 'other' } }), shared(two.url), shared(two.url)];
    const plain = new StreamClient({ url: one.url, heartbeatTimeoutMs: 0 });
    clients.push(plain);
    const plainRec = record(plain);
    for (const { client } of members) client.connect();
    plain.connect();
    for (const { rec } of members) await rec.untilMessages(1);
    await plainRec.untilMessages(1);
    expect(await one.requests()).to.have.length(3);
    expect(await two.requests()).to.have.length(1);
    expect(plain.role).to.equal(undefined);
  });
});

describe('shared StreamClient without BroadcastChannel or Web Locks', () => {
  const realChannel = globalThis.BroadcastChannel;
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
    globalThis.BroadcastChannel = realChannel;
    delete (navigator as { locks?: unknown }).locks;
  });

  for (const missing of ['BroadcastChannel', 'navigator.locks', 'a lock (refused)'] as const) {
    it(`shares within the page without ${missing}, and posts nothing`, async () => {
      const posted: unknown[] = [];
      if (missing === 'BroadcastChannel') {
        (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel = undefined;
      } else {
        // A page in an opaque origin has the API, but every request is refused.
        const refusing = { request: () => Promise.reject(new DOMException('No locks here', 'SecurityError')) };
        Object.defineProperty(navigator, 'locks', { configurable: true, value: missing === 'navigator.locks' ? undefined : refusing });
        globalThis.BroadcastChannel = class extends realChannel {
          override postMessage(message: unknown): void {
            if ((message as { t?: unknown }).t !== 'hello') posted.push(message);
            super.postMessage(message);
          }
        };
      }
      const server = await live({ responses: [{ steps: [{ write: event(1) }, { hold: true }] }] });
      const [a, b] = [shared(server.url), shared(server.url)];
      a!.client.connect();
      b!.client.connect();
      await a!.rec.untilMessages(1);
      await b!.rec.untilMessages(1);
      expect(await server.requests()).to.have.length(1);
      expect(a!.client.role).to.equal('holder');
      expect(posted).to.deep.equal([]);
    });
  }
});

describe('shared StreamClient in a dedicated Worker', () => {
  it('shares within the Worker, which holds its own connection', async () => {
    const server = await live({ responses: [{ steps: [{ write: event(1) + event(2) }, { hold: true }] }] });
    const worker = new Worker(new URL('./worker-share.ts', import.meta.url), { type: 'module' });
    try {
      const answer = new Promise<{ roles: unknown[]; ids: unknown[][] }>((resolve, reject) => {
        worker.addEventListener('message', (e: MessageEvent<{ roles: unknown[]; ids: unknown[][] }>) => resolve(e.data));
        worker.addEventListener('error', (e) => reject(new Error(e.message || 'the Worker failed')));
      });
      worker.postMessage({ url: server.url });
      const result = await answer;
      expect(result.roles).to.deep.equal(['holder', 'holder']);
      expect(result.ids).to.deep.equal([
        ['1', '2'],
        ['1', '2'],
      ]);
      expect(await server.requests()).to.have.length(1);
    } finally {
      worker.terminate();
    }
  });
});
