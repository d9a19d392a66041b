// Cancel/pause/resume through a session (JobControl wired in): the request goes to a real
// server with the session's headers, `control` in the snapshot says "pending" until the
// stream confirms, a refusal is the control's error (in the session's words), and a new job
// forgets what was pending.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Mapping } from '../../../src/mapping/index.js';
import { createProgressSession, type ProgressSession } from '../../../src/session/index.js';
import { startControlServer, type ControlTestServer } from './control-server.js';
import { until } from './sse-server.js';

const mapping: Mapping = { events: { message: { status: { path: 'status' }, percent: 'percent' } } };
const event = (status: string, percent = 10): { event: string; data: string } => ({
  event: 'message',
  data: JSON.stringify({ status, percent }),
});

describe('progress session: job control', () => {
  let server: ControlTestServer;
  const sessions: ProgressSession[] = [];
  const session = (...args: Parameters<typeof createProgressSession>): ProgressSession => {
    const created = createProgressSession(...args);
    sessions.push(created);
    return created;
  };
  before(async () => {
    server = await startControlServer();
  });
  after(async () => {
    for (const s of sessions) s.close();
    await server.close();
  });

  it('posts a cancel with the headers; pending in the snapshot until the stream says cancelled', async () => {
    const s = session({ mapping, cancelUrl: `${server.origin}/jobs/1/cancel`, headers: () => ({ Authorization: 'Bearer t0k' }) });
    s.subscribe(() => undefined);
    assert.deepEqual(s.control.available, { cancel: false, pause: false, resume: false }, 'idle: nothing to cancel');
    s.push(event('running'));
    await until(() => s.getSnapshot().control.available.cancel, 2000, 'cancel available');
    assert.equal(await s.cancel(), true);
    const posts = server.requests.filter((r) => r.path === '/jobs/1/cancel');
    assert.equal(posts.length, 1);
    assert.equal(posts[0]?.method, 'POST');
    assert.equal(posts[0]?.headers.authorization, 'Bearer t0k');
    assert.equal(posts[0]?.search, '', 'no token in the URL');
    await until(() => s.getSnapshot().control.pending === 'cancel', 2000, 'pending in the snapshot');
    assert.equal(s.getSnapshot().control.available.cancel, false);
    assert.equal(await s.cancel(), false, 'one at a time');
    assert.equal(server.requests.filter((r) => r.path === '/jobs/1/cancel').length, 1);
    s.push(event('cancelled'));
    await until(() => s.getSnapshot().control.pending === null, 2000, 'confirmed by the stream');
    assert.equal(s.getSnapshot().state.status, 'cancelled');
    assert.equal(s.getSnapshot().control.error, null);
  });

  it('pauses and resumes through the app’s actions; a refusal is the error, in the session’s words', async () => {
    const calls: string[] = [];
    const s = session({
      mapping,
      pauseUrl: `${server.origin}/never`,
      actions: {
        pause: (state) => void calls.push(`pause ${state.status}`),
        resume: () => Promise.reject(new Error('the queue is closed')),
      },
      text: { resumeFailed: 'Resume failed' },
    });
    s.subscribe(() => undefined);
    s.push(event('running'));
    assert.equal(await s.pause(), true);
    assert.deepEqual(calls, ['pause running'], 'the function wins over the URL');
    assert.equal(server.requests.filter((r) => r.path === '/never').length, 0);
    s.push(event('paused'));
    await until(() => s.getSnapshot().control.pending === null && s.getSnapshot().control.available.resume, 2000, 'paused');
    assert.equal(await s.resume(), false);
    await until(() => s.getSnapshot().control.error !== null, 2000, 'the error in the snapshot');
    assert.deepEqual(s.getSnapshot().control.error, { action: 'resume', message: 'Resume failed: the queue is closed' });
  });

  it('says why a cancel was refused (HTTP status), forgets it for a new job, and does nothing once closed', async () => {
    server.answer('/jobs/2/cancel', { status: 500 });
    const s = session({ mapping, cancelUrl: `${server.origin}/jobs/2/cancel` });
    s.subscribe(() => undefined);
    s.push(event('running'));
    assert.equal(await s.cancel(), false);
    assert.deepEqual(s.control.error, { action: 'cancel', message: 'Could not cancel: HTTP 500 Internal Server Error', status: 500 });
    s.reset();
    assert.equal(s.control.error, null, 'a new job starts without the old error');
    s.push(event('running'));
    s.close();
    assert.equal(await s.cancel(), false);
    assert.equal(server.requests.filter((r) => r.path === '/jobs/2/cancel').length, 1);
  });
});
