// The progress session in Node (no DOM): state from a preset over a real SSE server, coalesced
// notifications with a stable snapshot, the reset event, push without a client, the debug ring.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createProgressSession, type ProgressSession } from '../../../src/session/index.js';
import { startSessionServer, stepEvent, until, type SessionTestServer } from './sse-server.js';

let server: SessionTestServer;
const sessions: ProgressSession[] = [];
const session = (...args: Parameters<typeof createProgressSession>): ProgressSession => {
  const created = createProgressSession(...args);
  sessions.push(created);
  return created;
};
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const nextNotification = (s: ProgressSession): Promise<number> =>
  new Promise((resolve) => {
    const started = Date.now();
    const stop = s.subscribe(() => {
      stop();
      resolve(Date.now() - started);
    });
  });

describe('progress session: state', () => {
  before(async () => {
    server = await startSessionServer();
  });
  after(async () => {
    for (const s of sessions) s.close();
    await server.close();
  });

  it('turns a preset stream into state and closes on the preset terminal event', async () => {
    const s = session({ src: `${server.origin}/preset`, mapping: 'step-percent', retryDelayMs: 10 });
    s.subscribe(() => undefined);
    await until(() => s.connection.status === 'open', 5000, 'open');
    server.send('/preset', stepEvent('1', 'scanning', 20) + stepEvent('2', 'indexing', 40));
    await until(() => s.getSnapshot().state.percent === 40, 5000, 'the snapshot to reach 40 %');
    const snapshot = s.getSnapshot();
    assert.equal(snapshot.state.status, 'running');
    assert.equal(snapshot.state.steps.find((step) => step.id === 'scanning')?.status, 'complete');
    assert.equal(snapshot.connection.status, 'open');
    server.send('/preset', stepEvent('3', 'complete', 100));
    await until(() => s.getSnapshot().connection.status === 'closed', 5000, 'closed after the terminal event');
    assert.equal(s.getSnapshot().state.status, 'complete');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(server.count('/preset'), 1, 'a terminal event does not reconnect');
  });

  it('notifies once for a burst and keeps the snapshot object between notifications', async () => {
    const s = session({ mapping: 'step-percent' });
    let calls = 0;
    s.subscribe(() => calls++);
    const before = s.getSnapshot();
    for (let i = 1; i <= 200; i++) s.push({ event: 'message', data: JSON.stringify({ step: 'scanning', progress: i / 2 }) });
    assert.equal(s.getSnapshot(), before, 'unchanged until the notification');
    assert.equal(s.state.percent, 100, 'the state itself is up to date at once');
    await until(() => calls > 0, 2000, 'a notification');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(calls, 1);
    const after = s.getSnapshot();
    assert.notEqual(after, before);
    assert.equal(after.state.percent, 100);
    assert.equal(s.getSnapshot(), after, 'stable while nothing changes');
  });

  it('pushes by hand without a client', async () => {
    const s = session({ mapping: 'phase-snapshot' });
    const notified = nextNotification(s);
    s.push({ event: 'progress', data: JSON.stringify({ completedSteps: 1, totalSteps: 5, currentOperation: 'Loading planned orders' }) });
    await notified;
    assert.equal(s.getSnapshot().client, undefined);
    assert.equal(s.getSnapshot().connection.status, 'idle');
    assert.equal(s.getSnapshot().state.status, 'running');
  });

  it('starts over on the reset event, and only on the configured one', async () => {
    const s = session({ mapping: 'step-percent', text: { startingOver: 'Starting over' } });
    s.push({ event: 'message', data: JSON.stringify({ step: 'indexing', progress: 40 }) });
    s.push({ event: 'reset', data: '{}' });
    assert.equal(s.state.percent, null);
    assert.deepEqual(
      s.state.activity.map((entry) => [entry.level, entry.message]),
      [['warning', 'Starting over']],
    );
    const off = session({ mapping: 'step-percent', resetEvent: '' });
    off.push({ event: 'message', data: JSON.stringify({ step: 'indexing', progress: 40 }) });
    off.push({ event: 'reset', data: '{}' });
    assert.equal(off.state.percent, 40);
  });

  it('keeps the raw messages only while debug is on', () => {
    const s = session({ mapping: 'step-percent', debug: true });
    s.push({ event: 'message', data: '{"step":"scanning","progress":1}' });
    s.push({ event: 'message', data: 'x'.repeat(5000) });
    assert.equal(s.recent.length, 2);
    assert.ok(s.recent[1]!.data.length < 2100, 'large data is cut');
    s.update({ mapping: 'step-percent', debug: false });
    assert.equal(s.recent.length, 0, 'turning debug off forgets them');
    s.push({ event: 'message', data: '{"step":"scanning","progress":2}' });
    assert.equal(s.recent.length, 0, 'nothing is kept while off');
    assert.equal(s.state.percent, 2, 'the state survived the debug switch');
  });

  it('reports an invalid mapping once, fatally, and opens no connection', async () => {
    const errors: string[] = [];
    const s = session(
      { src: `${server.origin}/invalid`, mapping: 'no-such-preset' },
      { error: (e) => errors.push(`${e.kind}:${e.fatal}:${e.message}`) },
    );
    s.update({ src: `${server.origin}/invalid`, mapping: 'no-such-preset' });
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^mapping:true:The mapping is invalid: Unknown preset "no-such-preset"/);
    assert.equal(s.issues.length, 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(server.count('/invalid'), 0);
  });

  it('close() leaves no timer and no connection behind', async () => {
    for (const earlier of sessions) earlier.close();
    const timers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    await sleep(50);
    const baseline = timers();
    const s = session({ src: `${server.origin}/closing`, mapping: 'step-percent', heartbeatTimeoutMs: 60_000 });
    s.subscribe(() => undefined);
    await until(() => s.connection.status === 'open', 5000, 'open');
    s.push({ event: 'message', data: '{"step":"scanning","progress":5}' });
    assert.ok(timers() > baseline, 'a heartbeat and a notification timer are pending');
    s.close();
    await sleep(50);
    assert.equal(timers(), baseline);
    assert.equal(s.connection.status, 'idle');
    assert.equal(s.client, undefined);
  });
});
