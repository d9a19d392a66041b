// The progress session's update(), connect(), disconnect() and retry() against a real SSE
// server on 127.0.0.1: only what changed restarts anything.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createProgressSession, type ProgressSession, type ProgressSessionOptions } from '../../../src/session/index.js';
import { startSessionServer, stepEvent, until, type Refusals, type SessionTestServer } from './sse-server.js';

let server: SessionTestServer;
const refusals: Refusals = new Map();
const sessions: ProgressSession[] = [];
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function open(options: ProgressSessionOptions): ProgressSession {
  const s = createProgressSession({ retryDelayMs: 10, ...options });
  s.subscribe(() => undefined);
  sessions.push(s);
  return s;
}

const isOpen = (s: ProgressSession) => () => s.connection.status === 'open';

describe('progress session: update() and the connection', () => {
  before(async () => {
    server = await startSessionServer(refusals);
  });
  after(async () => {
    for (const s of sessions) s.close();
    await server.close();
  });

  it('an equal mapping (a new object) keeps the state; a different one starts over', async () => {
    const mapping = { events: { message: { percent: 'p' } } };
    const s = open({ mapping });
    s.push({ event: 'message', data: '{"p":30}' });
    s.update({ retryDelayMs: 10, mapping: structuredClone(mapping) });
    assert.equal(s.state.percent, 30);
    s.update({ retryDelayMs: 10, mapping: { events: { message: { percent: 'q' } } } });
    assert.equal(s.state.percent, null);
  });

  it('a numeric option change restarts the connection resuming from the last id', async () => {
    const src = `${server.origin}/numbers`;
    const s = open({ src, heartbeatTimeoutMs: 30_000 });
    await until(isOpen(s), 5000, 'open');
    server.send('/numbers', stepEvent('n-7', 'scanning', 10));
    await until(() => s.state.percent === 10, 5000, 'the first event');
    s.update({ src, retryDelayMs: 10, heartbeatTimeoutMs: 20_000 });
    await server.waitForRequests('/numbers', 2);
    assert.equal(server.requests.filter((r) => r.path === '/numbers')[1]?.lastEventId, 'n-7');
    assert.equal(s.state.percent, 10, 'the state stays');
  });

  it('a new src starts a new connection that resumes nothing, from a fresh state', async () => {
    const s = open({ src: `${server.origin}/first` });
    await until(isOpen(s), 5000, 'open');
    server.send('/first', stepEvent('f-3', 'indexing', 40));
    await until(() => s.state.percent === 40, 5000, 'the first stream');
    s.update({ retryDelayMs: 10, src: `${server.origin}/second` });
    assert.equal(s.state.percent, null, 'a new job starts from nothing');
    await server.waitForRequests('/second', 1);
    assert.equal(server.requests.find((r) => r.path === '/second')?.lastEventId, undefined);
    await sleep(50);
    assert.equal(server.count('/first'), 1, 'the old stream was not reopened');
  });

  it('a headers change applies from the next attempt without reconnecting', async () => {
    const src = `${server.origin}/headers`;
    const s = open({ src, headers: { Authorization: 'Bearer one' } });
    await until(isOpen(s), 5000, 'open');
    s.update({ src, retryDelayMs: 10, headers: { Authorization: 'Bearer two' } });
    await sleep(100);
    assert.equal(server.count('/headers'), 1, 'no reconnect for new headers');
    server.end('/headers');
    await server.waitForRequests('/headers', 2);
    assert.deepEqual(
      server.requests.filter((r) => r.path === '/headers').map((r) => r.authorization),
      ['Bearer one', 'Bearer two'],
    );
  });

  it('disconnect() keeps the state; connect() resumes from the last id', async () => {
    const src = `${server.origin}/toggle`;
    const s = open({ src });
    await until(isOpen(s), 5000, 'open');
    server.send('/toggle', stepEvent('t-1', 'scanning', 15));
    await until(() => s.state.percent === 15, 5000, 'an event');
    s.disconnect();
    assert.equal(s.connection.status, 'idle');
    s.update({ src, retryDelayMs: 10 });
    await sleep(50);
    assert.equal(server.count('/toggle'), 1, 'update() does not undo disconnect()');
    s.connect();
    await server.waitForRequests('/toggle', 2);
    assert.equal(server.requests.filter((r) => r.path === '/toggle')[1]?.lastEventId, 't-1');
    assert.equal(s.state.percent, 15);
  });

  it('retry() starts again after offline and after a terminal close', async () => {
    refusals.set('/offline', [404]);
    const src = `${server.origin}/offline`;
    const s = open({ src });
    await until(() => s.connection.status === 'offline', 5000, 'offline after a 404');
    assert.equal(s.getSnapshot().connection.error?.status ?? s.connection.error?.status, 404);
    s.retry();
    await until(isOpen(s), 5000, 'open after retry');
    server.send('/offline', stepEvent('o-1', 'complete', 100));
    await until(() => s.connection.status === 'closed', 5000, 'closed by the terminal event');
    s.retry();
    await server.waitForRequests('/offline', 3);
    await until(isOpen(s), 5000, 'open after retry from closed');
  });

  it('manual waits for connect(); ready: false holds the connection back', async () => {
    const src = `${server.origin}/manual`;
    const s = open({ src, manual: true });
    const held = open({ src: `${server.origin}/held`, ready: false });
    await sleep(100);
    assert.equal(server.count('/manual'), 0);
    assert.equal(server.count('/held'), 0);
    s.connect();
    held.update({ src: `${server.origin}/held`, retryDelayMs: 10 });
    await server.waitForRequests('/manual', 1);
    await server.waitForRequests('/held', 1);
  });

  it('with awaitCredentials, a 401 before any headers waits for them, then reconnects with them', async () => {
    refusals.set('/gate', [401]);
    const src = `${server.origin}/gate`;
    const errors: boolean[] = [];
    const s = createProgressSession({ src, retryDelayMs: 10, awaitCredentials: true }, { error: (e) => errors.push(e.fatal) });
    sessions.push(s);
    await until(() => s.awaitingCredentials, 5000, 'waiting for credentials');
    assert.deepEqual(errors, [false], 'not reported as fatal');
    s.update({ src, retryDelayMs: 10, awaitCredentials: true, headers: { Authorization: 'Bearer late' } });
    await server.waitForRequests('/gate', 2);
    assert.equal(server.requests.filter((r) => r.path === '/gate')[1]?.authorization, 'Bearer late');
    assert.equal(s.awaitingCredentials, false);
  });

  it('counts down while a reconnection waits, and stops when suspended', async () => {
    refusals.set('/countdown', [503, 503, 503]);
    const src = `${server.origin}/countdown`;
    const s = open({ src, retryDelayMs: 3000, maxRetryDelayMs: 3000 });
    await until(() => s.connection.status === 'reconnecting' && s.connection.retryAt !== null, 5000, 'a pending reconnection');
    const seen = new Set<object>();
    const stop = s.subscribe(() => seen.add(s.getSnapshot()));
    await until(() => seen.size >= 2, 5000, 'two countdown notifications');
    stop();
    s.update({ src, active: false });
    assert.equal(s.connection.status, 'idle');
    assert.equal(s.client, undefined);
  });

  it('listens to a given client at once, opens it only once active, and never closes it', () => {
    class GivenClient extends EventTarget {
      status: 'idle' | 'connecting' = 'idle';
      connects = 0;
      closes = 0;
      connect(): void {
        this.connects++;
        this.status = 'connecting';
        this.dispatchEvent(new CustomEvent('status', { detail: { status: 'connecting', previous: 'idle', attempt: 0 } }));
      }
      close(): void {
        this.closes++;
      }
    }
    const given = new GivenClient();
    const statuses: string[] = [];
    const s = createProgressSession({ active: false, client: given }, { status: (detail) => statuses.push(detail.status) });
    sessions.push(s);
    assert.equal(given.connects, 0, 'not opened while inactive');
    given.connect(); // whoever set it opens it right away
    assert.deepEqual(statuses, ['connecting'], 'its first status is not missed');
    s.update({ client: given });
    assert.equal(given.connects, 1, 'not opened twice');
    given.dispatchEvent(new CustomEvent('message', { detail: { event: 'message', data: '{"step":"scanning","progress":3}' } }));
    assert.equal(s.state.percent, 3);
    s.update({});
    assert.equal(given.closes, 0, 'a given client belongs to whoever gave it');
  });
});
