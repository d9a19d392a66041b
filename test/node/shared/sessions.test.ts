// Shared streams in Node, through the progress session's `share` option, against a real SSE
// server on 127.0.0.1. Node has no Web Locks (and no page to hand over from), so sharing stays
// within the process: the sessions of one stream use one connection, which holds it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createProgressSession, type ProgressSession, type ProgressSessionOptions } from '../../../src/session/index.js';
import { startSessionServer, stepEvent, until, type SessionTestServer } from '../session/sse-server.js';

let server: SessionTestServer;
const sessions: ProgressSession[] = [];

function open(options: ProgressSessionOptions): ProgressSession {
  const s = createProgressSession({ retryDelayMs: 10, heartbeatTimeoutMs: 0, ...options });
  s.subscribe(() => undefined);
  sessions.push(s);
  return s;
}

describe('shared streams in Node (sessions with share)', () => {
  before(async () => {
    server = await startSessionServer();
  });
  after(async () => {
    for (const s of sessions) s.close();
    await server.close();
  });

  it('gives the sessions of one stream one connection and the same state; a late one is shown the job so far', async () => {
    const src = `${server.origin}/shared-one`;
    const [a, b] = [open({ src, share: true }), open({ src, share: true })];
    await until(() => a.connection.status === 'open' && b.connection.status === 'open', 5000, 'open');
    server.send('/shared-one', stepEvent('1', 'scanning', 20) + stepEvent('2', 'indexing', 40));
    await until(() => a.state.percent === 40 && b.state.percent === 40, 5000, 'both states');
    const late = open({ src, share: true });
    await until(() => late.state.percent === 40, 5000, 'the late session to catch up');
    assert.equal(server.count('/shared-one'), 1);
    late.flush();
    assert.equal(late.getSnapshot().role, 'holder');
    assert.equal(late.client?.role, 'holder');
  });

  it('keeps the connection while a session is left, and a restarted one rejoins without a new request', async () => {
    const src = `${server.origin}/shared-two`;
    const [a, b] = [open({ src, share: true }), open({ src, share: true })];
    await until(() => a.connection.status === 'open' && b.connection.status === 'open', 5000, 'open');
    server.send('/shared-two', stepEvent('1', 'scanning', 20));
    await until(() => b.state.percent === 20, 5000, 'the first event');
    a.disconnect();
    // A restart (a new maxRetries) of the last session rejoins at once: the connection stays
    // (it closes a task after the last member left, not at once), nothing is applied twice.
    b.update({ src, share: true, retryDelayMs: 10, heartbeatTimeoutMs: 0, maxRetries: 3 });
    server.send('/shared-two', stepEvent('2', 'indexing', 40));
    await until(() => b.state.percent === 40, 5000, 'the second event');
    assert.equal(a.state.percent, 20, 'a disconnected session no longer follows');
    assert.equal(server.count('/shared-two'), 1);
    assert.deepEqual(
      b.state.activity.map((entry) => entry.message),
      ['scanning 20', 'indexing 40'],
    );
  });

  it('does not share without `share`', async () => {
    const src = `${server.origin}/unshared`;
    const [a, b] = [open({ src }), open({ src })];
    await until(() => a.connection.status === 'open' && b.connection.status === 'open', 5000, 'open');
    assert.equal(server.count('/unshared'), 2);
    assert.equal(a.getSnapshot().role, undefined);
  });
});
