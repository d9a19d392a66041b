// JobControl against a real HTTP server on 127.0.0.1: the POST (once, with the caller's headers
// and credentials mode, no body, no token in the URL), "pending" until the stream confirms, the
// errors of refused requests, the app's own functions, the timeouts, reset and close.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createInitialState, type ProgressState } from '../../../src/mapping/state.js';
import { JobControl, type ControlOptions, type JobControlEnv } from '../../../src/session/job-control.js';
import type { SessionText } from '../../../src/session/types.js';
import { until } from '../server/helpers.js';
import { startControlServer, type ControlTestServer } from './control-server.js';

let server: ControlTestServer;
const controls: JobControl[] = [];

/** A state with `status`; a string, because `paused` is newer than some JobStatus unions. */
const withStatus = (status: string): ProgressState => ({ ...createInitialState(), status: status as ProgressState['status'] });

const TEXT = { invalidMapping: '', startingOver: '', invalidSource: '' } as SessionText;

interface Harness {
  control: JobControl;
  options: ControlOptions;
  /** A status (a state with it), or a whole state. */
  setState(status: string | ProgressState): void;
  /** How many times the control said its view changed. */
  changes(): number;
}

function harness(options: ControlOptions, extra: Partial<JobControlEnv> = {}): Harness {
  let state = withStatus('running');
  let changes = 0;
  const control = new JobControl({
    options: () => options,
    state: () => state,
    changed: () => void changes++,
    text: () => TEXT,
    ...extra,
  });
  controls.push(control);
  return {
    control,
    options,
    setState(status) {
      state = typeof status === 'string' ? withStatus(status) : status;
      control.observe(state);
    },
    changes: () => changes,
  };
}

const posts = (path: string) => server.requests.filter((r) => r.path === path);

describe('JobControl', () => {
  before(async () => {
    server = await startControlServer();
  });
  beforeEach(() => {
    server.requests.length = 0;
  });
  after(async () => {
    for (const control of controls) control.close();
    await server.close();
  });

  it('POSTs once with the headers, no body, no token in the URL; pending until the stream confirms', async () => {
    const h = harness({ cancelUrl: `${server.origin}/jobs/1/cancel`, headers: { Authorization: 'Bearer secret-token' } });
    assert.deepEqual(h.control.view().available, { cancel: true, pause: false, resume: false });
    const accepted = await h.control.run('cancel');
    assert.equal(accepted, true);
    const [request, ...rest] = posts('/jobs/1/cancel');
    assert.equal(rest.length, 0, 'one request');
    assert.equal(request?.method, 'POST');
    assert.equal(request?.headers.authorization, 'Bearer secret-token');
    assert.equal(request?.headers.accept, 'application/json');
    assert.equal(request?.bodyBytes, 0);
    assert.equal(request?.search, '');
    assert.ok(!JSON.stringify(server.requests.map((r) => r.path + r.search)).includes('secret-token'));
    // Accepted is not done: "Cancelling…" lasts until the stream says so.
    assert.equal(h.control.view().pending, 'cancel');
    assert.deepEqual(h.control.view().available, { cancel: false, pause: false, resume: false });
    h.setState('running');
    assert.equal(h.control.view().pending, 'cancel');
    h.setState('cancelled');
    assert.equal(h.control.view().pending, null);
    assert.equal(h.control.view().error, null);
  });

  it('asks a headers function once per request, async too, and resolves the URL against baseUrl', async () => {
    let asked = 0;
    const h = harness({
      baseUrl: `${server.origin}/app/page`,
      pauseUrl: '../jobs/2/pause',
      resumeUrl: new URL('/jobs/2/resume', server.origin),
      headers: async () => {
        asked++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { Authorization: `Bearer t${asked}` };
      },
    });
    assert.equal(await h.control.run('pause'), true);
    assert.equal(asked, 1);
    assert.equal(posts('/jobs/2/pause')[0]?.headers.authorization, 'Bearer t1');
    h.setState('paused');
    assert.equal(h.control.view().pending, null);
    assert.deepEqual(h.control.view().available, { cancel: false, pause: false, resume: true });
    assert.equal(await h.control.run('resume'), true);
    assert.equal(asked, 2);
    assert.equal(posts('/jobs/2/resume')[0]?.headers.authorization, 'Bearer t2');
    h.setState('running');
    assert.equal(h.control.view().pending, null);
  });

  it('sends the credentials mode (same-origin by default) with the given fetch', async () => {
    const seen: Array<RequestCredentials | undefined> = [];
    const spy: typeof fetch = (input, init) => {
      seen.push(init?.credentials);
      return fetch(input, init);
    };
    const h = harness({ cancelUrl: `${server.origin}/c`, fetch: spy, credentials: 'include' });
    assert.equal(await h.control.run('cancel'), true);
    const d = harness({ cancelUrl: `${server.origin}/c`, fetch: spy });
    assert.equal(await d.control.run('cancel'), true);
    assert.deepEqual(seen, ['include', 'same-origin']);
  });

  it('shows a refused request: HTTP status and reason, pending cleared, the body not read', async () => {
    server.answer('/refused', { status: 500 });
    const h = harness({ cancelUrl: `${server.origin}/refused` });
    assert.equal(await h.control.run('cancel'), false);
    assert.deepEqual(h.control.view().error, {
      action: 'cancel',
      status: 500,
      message: 'Could not cancel: HTTP 500 Internal Server Error',
    });
    assert.equal(h.control.view().pending, null);
    assert.equal(h.control.view().available.cancel, true, 'it can be tried again');
    // A body that never ends: reading it would never finish.
    server.answer('/endless', 'endless');
    const e = harness({ pauseUrl: `${server.origin}/endless` });
    assert.equal(await e.control.run('pause'), false);
    assert.equal(e.control.view().error?.status, 500);
    await until(() => server.aborted >= 1, 5000, 'the endless body to be cancelled');
  });

  it('shows a network error with its message', async () => {
    const h = harness({ pauseUrl: 'http://127.0.0.1:1/pause' });
    assert.equal(await h.control.run('pause'), false);
    const error = h.control.view().error;
    assert.equal(error?.action, 'pause');
    assert.equal(error?.status, undefined);
    assert.match(error?.message ?? '', /^Could not pause: \S/);
  });

  it('a failure while building the headers is a refusal with its reason, not a rejection', async () => {
    // A value whose reading throws something other than a header-validity error.
    const hostile = {
      get authorization(): string {
        throw new Error('the token store is locked');
      },
    };
    const h = harness({ cancelUrl: 'http://127.0.0.1:1/cancel', headers: () => hostile as Record<string, string> });
    assert.equal(await h.control.run('cancel'), false);
    assert.deepEqual(h.control.view().error, { action: 'cancel', message: 'Could not cancel: the token store is locked' });
    assert.equal(h.control.view().pending, null);
  });

  it('refuses a URL that is not http(s), or has credentials in it, and sends nothing', async () => {
    let fetched = 0;
    const spy: typeof fetch = (input, init) => {
      fetched++;
      return fetch(input, init);
    };
    for (const cancelUrl of ['javascript:alert(1)', 'ftp://127.0.0.1/cancel', 'http://user:pw@127.0.0.1/cancel']) {
      const h = harness({ cancelUrl, fetch: spy });
      assert.equal(await h.control.run('cancel'), false);
      assert.match(h.control.view().error?.message ?? '', /^Could not cancel: The control URL/);
      assert.ok(!h.control.view().error?.message.includes('pw'), 'the URL is never repeated');
    }
    assert.equal(fetched, 0);
  });

  it('refuses headers that cannot be sent, or a headers function that throws, before any request', async () => {
    const bad = harness({ cancelUrl: `${server.origin}/bad`, headers: { 'X-Token': 'a\nb' } });
    assert.equal(await bad.control.run('cancel'), false);
    assert.match(bad.control.view().error?.message ?? '', /X-Token/i);
    const failing = harness({
      cancelUrl: `${server.origin}/bad`,
      headers: () => {
        throw new Error('no token service');
      },
    });
    assert.equal(await failing.control.run('cancel'), false);
    assert.equal(failing.control.view().error?.message, 'Could not cancel: The headers function failed');
    assert.equal(posts('/bad').length, 0);
  });

  it("runs the app's function instead of the URL, with the state; a rejection is the error, capped", async () => {
    const calls: ProgressState[] = [];
    const h = harness({
      cancelUrl: `${server.origin}/never`,
      actions: {
        cancel: (state) => {
          calls.push(state);
          return Promise.resolve();
        },
        pause: () => Promise.reject(new Error(`Job locked ${'!'.repeat(5000)}`)),
        resume: () => {
          throw 'plain text';
        },
      },
    });
    assert.equal(await h.control.run('cancel'), true);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.status, 'running');
    assert.equal(posts('/never').length, 0);
    h.setState('cancelled');
    h.control.reset();
    h.setState('running');
    assert.equal(await h.control.run('pause'), false);
    const message = h.control.view().error?.message ?? '';
    assert.ok(message.startsWith('Could not pause: Job locked !'));
    assert.ok(message.length < 400, `capped, got ${message.length}`);
    h.setState('paused');
    assert.equal(await h.control.run('resume'), false);
    assert.equal(h.control.view().error?.message, 'Could not resume: plain text');
  });

  it('sends nothing for a second call while one is pending, or when the action does not apply', async () => {
    server.answer('/slow', 'hang');
    const h = harness({ cancelUrl: `${server.origin}/slow`, pauseUrl: `${server.origin}/slow` }, { confirmTimeoutMs: 60_000 });
    const first = h.control.run('cancel');
    assert.equal(h.control.view().pending, 'cancel');
    assert.equal(await h.control.run('cancel'), false);
    assert.equal(await h.control.run('pause'), false);
    await until(() => posts('/slow').length === 1, 5000, 'the first request');
    h.control.reset();
    assert.equal(await first, false, 'an answer after reset() is ignored');
    assert.equal(posts('/slow').length, 1);
    // Nothing applies to an ended or idle job, or without a URL or function.
    for (const status of ['complete', 'failed', 'cancelled', 'idle']) {
      h.setState(status);
      assert.deepEqual(h.control.view().available, { cancel: false, pause: false, resume: false }, status);
      assert.equal(await h.control.run('cancel'), false);
    }
    // A queued job (the stream told of it, it has not started): it can be cancelled, not paused.
    h.setState({ ...withStatus('idle'), updatedAt: 1000 });
    assert.deepEqual(h.control.view().available, { cancel: true, pause: false, resume: false }, 'queued');
    const none = harness({ cancelUrl: '' });
    assert.equal(await none.control.run('cancel'), false);
    assert.equal(posts('/slow').length, 1);
  });

  it('gives up after the confirmation timeout: the stream never confirmed, or the server never answered', async () => {
    const h = harness({ pauseUrl: `${server.origin}/p` }, { confirmTimeoutMs: 50 });
    assert.equal(await h.control.run('pause'), true);
    assert.equal(h.control.view().pending, 'pause');
    await until(() => h.control.view().error !== null, 5000, 'the confirmation timeout');
    assert.deepEqual(h.control.view().error, { action: 'pause', message: 'Could not pause: The server did not confirm' });
    assert.equal(h.control.view().pending, null);
    server.answer('/hung', 'hang');
    const hung = harness({ cancelUrl: `${server.origin}/hung` }, { confirmTimeoutMs: 50 });
    const aborted = server.aborted;
    assert.equal(await hung.control.run('cancel'), false);
    assert.equal(hung.control.view().error?.message, 'Could not cancel: The server did not confirm');
    await until(() => server.aborted > aborted, 5000, 'the hung request to be aborted');
  });

  it('is confirmed at once when the stream was quicker than the answer; an end confirms anything', async () => {
    const h = harness({ cancelUrl: `${server.origin}/q`, pauseUrl: `${server.origin}/q` });
    const running = h.control.run('pause');
    h.setState('complete'); // arrives while the request is out
    assert.equal(await running, true);
    assert.equal(h.control.view().pending, null);
  });

  it('keeps the same view object until something changes, and notifies each change', async () => {
    const h = harness({ cancelUrl: `${server.origin}/v` });
    const first = h.control.view();
    assert.equal(h.control.view(), first);
    const before = h.changes();
    const run = h.control.run('cancel');
    assert.notEqual(h.control.view(), first);
    assert.equal(h.changes(), before + 1);
    await run;
    const pending = h.control.view();
    assert.equal(h.control.view(), pending);
    h.setState('cancelled');
    assert.equal(h.changes(), before + 2);
    assert.notEqual(h.control.view(), pending);
  });

  it('uses the texts the session gives', async () => {
    server.answer('/t', { status: 409 });
    const text = { ...TEXT, cancelFailed: 'Abbruch fehlgeschlagen' } as SessionText;
    const h = harness({ cancelUrl: `${server.origin}/t` }, { text: () => text });
    assert.equal(await h.control.run('cancel'), false);
    assert.equal(h.control.view().error?.message, 'Abbruch fehlgeschlagen: HTTP 409 Conflict');
  });

  it('reset() forgets the error; close() stops the timers and the request', async () => {
    server.answer('/r', { status: 500 });
    const h = harness({ cancelUrl: `${server.origin}/r` });
    await h.control.run('cancel');
    assert.notEqual(h.control.view().error, null);
    h.control.reset();
    assert.equal(h.control.view().error, null);
    server.answer('/closed', 'hang');
    const c = harness({ cancelUrl: `${server.origin}/closed` }, { confirmTimeoutMs: 30 });
    const run = c.control.run('cancel');
    await until(() => posts('/closed').length === 1, 5000, 'the request');
    const changes = c.changes();
    c.control.close();
    assert.equal(await run, false);
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal(c.changes(), changes, 'no timeout after close()');
  });
});
