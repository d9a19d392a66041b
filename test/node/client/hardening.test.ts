// Issue 14 (hardening), the client's part, under Node 20: real servers on 127.0.0.1, real sockets.
// Each test names the input that used to break the client.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { StreamClient, type StreamClientOptions } from '../../../src/client/index.js';
import { record } from '../../support/client-recorder.js';
// @ts-expect-error -- plain JavaScript test server without declarations
import { startSseTestServer } from '../../support/sse-test-server.mjs';

interface TestServer {
  origin: string;
  close(): Promise<void>;
}
interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  startedAt: number;
}

/** Two servers: two origins (another port) sharing one scenario registry. */
let home: TestServer;
let other: TestServer;
const clients: StreamClient[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function scenario(plan: unknown): Promise<{ id: string; url: string; path: string }> {
  const response = await fetch(`${home.origin}/__sse/scenarios`, { method: 'POST', body: JSON.stringify(plan) });
  const created = (await response.json()) as { id: string; url: string };
  return { id: created.id, url: `${home.origin}${created.url}`, path: created.url };
}

async function requests(id: string): Promise<RecordedRequest[]> {
  return (await (await fetch(`${home.origin}/__sse/scenarios/${id}/requests`)).json()) as RecordedRequest[];
}

async function waitForRequests(id: string, count: number): Promise<RecordedRequest[]> {
  const response = await fetch(`${home.origin}/__sse/scenarios/${id}/wait?requests=${count}&timeout=8000`);
  const seen = (await response.json()) as RecordedRequest[];
  assert.ok(response.ok, `wanted ${count} requests, saw ${seen.length}`);
  return seen;
}

function client(options: StreamClientOptions): StreamClient {
  const c = new StreamClient({ heartbeatTimeoutMs: 0, ...options });
  clients.push(c);
  return c;
}

/** A header value as the server read it (one character per byte) back to the bytes sent. */
const headerBytes = (value: string | undefined) => Buffer.from(value ?? '', 'latin1');
const decodeUtf8 = (value: string | undefined) => new TextDecoder('utf-8', { fatal: true }).decode(headerBytes(value));

before(async () => {
  home = (await startSseTestServer()) as TestServer;
  other = (await startSseTestServer()) as TestServer;
});
after(async () => {
  for (const c of clients.splice(0)) c.close();
  await home.close();
  await other.close();
});

describe('hardening: event ids outside Latin-1', () => {
  it('resumes after `id: job-日本-1`: Last-Event-ID carries its exact UTF-8 bytes', async () => {
    const id = 'job-日本-1';
    const s = await scenario({
      responses: [{ steps: [{ write: `id: ${id}\ndata: one\n\n` }, { end: true }] }, { steps: [{ hold: true }] }],
    });
    const c = client({ url: s.url, retryDelayMs: 10 });
    const rec = record(c);
    c.connect();
    const seen = await waitForRequests(s.id, 2);
    await rec.until(() => c.status === 'open', 'the resumed stream');
    assert.deepEqual(rec.errors, []);
    assert.deepEqual(headerBytes(seen[1]?.headers['last-event-id']), Buffer.from(id, 'utf8'));
    assert.equal(decodeUtf8(seen[1]?.headers['last-event-id']), id);
    assert.equal(c.lastEventId, id);
  });

  it('sends an id from the lastEventId option, emoji included', async () => {
    const id = 'évènement 🚀 ✓ ß';
    const s = await scenario({ responses: [{ steps: [{ hold: true }] }] });
    const c = client({ url: s.url, lastEventId: id });
    const rec = record(c);
    c.connect();
    const [first] = await waitForRequests(s.id, 1);
    assert.equal(decodeUtf8(first?.headers['last-event-id']), id);
    assert.deepEqual(rec.errors, []);
  });
});

describe('hardening: headers that cannot be sent are a config error, not auth', () => {
  const secret = 'sk-live-42';
  const cases: Array<[string, StreamClientOptions['headers'], string]> = [
    ['a value with a line break', { 'x-api-key': `${secret}\nInjected: 1` }, 'x-api-key'],
    ['a value with a control character', [['x-api-key', `${secret}\u0001`]], 'x-api-key'],
    ['a value above U+00FF', () => ({ authorization: `Bearer ${secret}—日本` }), 'authorization'],
    ['an invalid name', { [`bad name ${secret}`]: 'v' }, 'not a valid HTTP token'],
  ];
  for (const [what, headers, named] of cases) {
    it(`${what}: one fatal config error naming the header, never its value; no request`, async () => {
      const s = await scenario({ responses: [{ steps: [{ hold: true }] }] });
      const c = client({ url: s.url, headers });
      const rec = record(c);
      c.connect();
      await rec.untilStatus('offline');
      await sleep(50);
      assert.equal(rec.errors.length, 1);
      assert.equal(rec.errors[0]?.kind, 'config');
      assert.equal(rec.errors[0]?.fatal, true);
      assert.ok(rec.errors[0]?.message.includes(named), rec.errors[0]?.message);
      assert.ok(!JSON.stringify(rec.errors).includes(secret));
      assert.ok(!JSON.stringify(rec.statuses).includes(secret));
      assert.equal((await requests(s.id)).length, 0);
    });
  }

  it('a headers function that throws is still a retried auth error', async () => {
    const s = await scenario({ responses: [{ steps: [{ hold: true }] }] });
    let calls = 0;
    const c = client({
      url: s.url,
      retryDelayMs: 10,
      headers: () => {
        if (++calls === 1) throw new Error('token service down');
        return { authorization: 'Bearer ok' };
      },
    });
    const rec = record(c);
    c.connect();
    await rec.untilStatus('open');
    assert.deepEqual(
      rec.errors.map((e) => [e.kind, e.fatal]),
      [['auth', false]],
    );
  });

  it('undefined from the headers function, or undefined values, send no header at all', async () => {
    const s = await scenario({ responses: [{ steps: [{ hold: true }] }] });
    const none = client({ url: s.url, headers: () => undefined });
    const partial = client({ url: s.url, headers: { authorization: undefined, 'x-trace': 'abc', 'x-empty': null } });
    none.connect();
    partial.connect();
    const seen = await waitForRequests(s.id, 2);
    for (const request of seen) {
      assert.ok(!Object.values(request.headers).includes('undefined'), JSON.stringify(request.headers));
      assert.equal(request.headers['authorization'], undefined);
      assert.equal(request.headers['x-empty'], undefined);
    }
    assert.equal(seen.filter((r) => r.headers['x-trace'] === 'abc').length, 1);
  });
});

describe('hardening: retry: 0 and huge waits', () => {
  it('a server that sends `retry: 0`, one event and ends gets few requests, and ever slower', async () => {
    const s = await scenario({ responses: [{ steps: [{ write: 'retry: 0\ndata: x\n\n' }, { end: true }] }] });
    const c = client({ url: s.url, random: () => 1 }); // default retryDelayMs/maxRetryDelayMs
    const rec = record(c);
    c.connect();
    await sleep(2_000);
    const seen = (await requests(s.id)).length;
    c.close();
    // The old client made about a thousand requests in 2 s. The floor (500 ms) and the doubling
    // after each short-lived connection allow 500 + 1000 ms of waits: at most 3 requests.
    assert.ok(seen >= 1 && seen <= 3, `${seen} requests in 2 s`);
    const delays = rec.statuses.filter((d) => d.delayMs !== undefined).map((d) => d.delayMs);
    assert.deepEqual(delays.slice(0, 2), [500, 1000].slice(0, delays.length));
    // Every connection delivered an event: healthy, so never offline (the backoff does the work).
    assert.ok(rec.statuses.every((d) => d.status !== 'offline' && (d.attempt ?? 0) <= 1));
  });

  it('Retry-After: 99999999 waits maxRetryDelayMs, and says so', async () => {
    const s = await scenario({
      responses: [{ status: 503, headers: { 'retry-after': '99999999' } }, { steps: [{ write: 'data: back\n\n' }, { hold: true }] }],
    });
    const c = client({ url: s.url, maxRetryDelayMs: 400 });
    const rec = record(c);
    c.connect();
    await rec.untilMessages(1, 8000);
    const [first, second] = await requests(s.id);
    assert.equal(rec.statuses.find((d) => d.delayMs !== undefined)?.delayMs, 400);
    assert.ok(second!.startedAt - first!.startedAt >= 350, `retried after ${second!.startedAt - first!.startedAt} ms`);
  });

  it('Retry-After: 99999999 with the default cap announces 30 s and makes no second request', async () => {
    const s = await scenario({ responses: [{ status: 503, headers: { 'retry-after': '99999999' } }] });
    const c = client({ url: s.url });
    const rec = record(c);
    c.connect();
    await rec.until(() => rec.statuses.some((d) => d.delayMs !== undefined), 'the wait');
    await sleep(500);
    assert.equal(rec.statuses.find((d) => d.delayMs !== undefined)?.delayMs, 30_000);
    assert.equal((await requests(s.id)).length, 1);
  });

  it('waits above 2^31−1 ms are clamped: no timer overflow, no busy loop', async () => {
    const delays: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    globalThis.setTimeout = ((fn: () => void, ms?: number) => {
      delays.push(ms ?? 0);
      return realSetTimeout(fn, ms);
    }) as typeof setTimeout;
    try {
      const s = await scenario({
        responses: [{ status: 503 }, { steps: [{ write: 'retry: 99999999999999\ndata: x\n\n' }, { hold: true }] }],
      });
      const c = client({ url: s.url, heartbeatTimeoutMs: 2 ** 32, retryDelayMs: 2 ** 40, maxRetryDelayMs: 2 ** 40, random: () => 1 });
      const rec = record(c);
      c.connect();
      await rec.until(() => rec.statuses.some((d) => d.delayMs !== undefined), 'the wait');
      await sleep(300);
      assert.equal(rec.statuses.find((d) => d.delayMs !== undefined)?.delayMs, 2 ** 31 - 1);
      assert.equal((await requests(s.id)).length, 1);
      c.close();
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
    assert.ok(
      delays.every((ms) => ms <= 2 ** 31 - 1),
      `a timer of ${Math.max(...delays)} ms`,
    );
    assert.ok(delays.length < 20, `${delays.length} timers in 300 ms`);
  });
});

describe('hardening: URLs', () => {
  it('credentials in the URL: one fatal config error, no request, no credentials in the message', async () => {
    const s = await scenario({ responses: [{ steps: [{ hold: true }] }] });
    const url = s.url.replace('http://', 'http://user:hunter2@');
    const c = client({ url });
    const rec = record(c);
    c.connect();
    await rec.untilStatus('offline');
    await sleep(50);
    assert.deepEqual(
      rec.errors.map((e) => [e.kind, e.fatal]),
      [['config', true]],
    );
    assert.ok(!JSON.stringify(rec.errors).includes('hunter2'));
    assert.equal((await requests(s.id)).length, 0);
  });

  for (const pollUrl of ['data:application/json,{"percent":99}', 'http://user:hunter2@127.0.0.1:9/status']) {
    it(`a polling URL the client may not fetch (${pollUrl.slice(0, 20)}…) is never polled, and said once`, async () => {
      const s = await scenario({ responses: [{ status: 503 }] });
      const c = client({ url: s.url, retryDelayMs: 10, maxRetries: 3, polling: { url: pollUrl, intervalMs: 10 } });
      const rec = record(c);
      c.connect();
      await rec.untilStatus('offline');
      const config = rec.errors.filter((e) => e.kind === 'config');
      assert.equal(config.length, 1);
      assert.equal(config[0]?.fatal, false);
      assert.ok(!JSON.stringify(rec.errors).includes('hunter2'));
      assert.deepEqual(rec.messages, []);
      assert.equal(rec.errors.filter((e) => e.kind === 'polling').length, 0);
    });
  }
});

describe('hardening: redirects keep caller headers on their origin', () => {
  const callerHeaders = { 'x-api-key': 'key-123', authorization: 'Bearer t', 'x-custom-token': 'tok' };

  async function redirected(toOrigin: string, status = 307) {
    const target = await scenario({ responses: [{ steps: [{ write: 'data: x\n\n' }, { hold: true }] }] });
    const hop = await scenario({ responses: [{ status, headers: { location: `${toOrigin}${target.path}` } }] });
    return { target, hop };
  }

  it('to another origin: only Accept, Cache-Control and Last-Event-ID go on', async () => {
    const { target, hop } = await redirected(other.origin);
    const c = client({ url: hop.url, headers: callerHeaders, lastEventId: '7' });
    const rec = record(c);
    c.connect();
    await rec.untilMessages(1);
    const [request] = await requests(target.id);
    for (const name of Object.keys(callerHeaders)) assert.equal(request?.headers[name], undefined, name);
    assert.equal(request?.headers['last-event-id'], '7');
    assert.equal(request?.headers['accept'], 'text/event-stream');
    assert.equal((await requests(hop.id))[0]?.headers['x-api-key'], 'key-123');
  });

  it('on the same origin: every header goes on', async () => {
    const { target, hop } = await redirected(home.origin, 308);
    const c = client({ url: hop.url, headers: callerHeaders });
    const rec = record(c);
    c.connect();
    await rec.untilMessages(1);
    const [request] = await requests(target.id);
    assert.equal(request?.headers['x-api-key'], 'key-123');
    assert.equal(request?.headers['x-custom-token'], 'tok');
  });

  it('crossOriginRedirectHeaders: true sends them on, as asked', async () => {
    const { target, hop } = await redirected(other.origin);
    const c = client({ url: hop.url, headers: callerHeaders, crossOriginRedirectHeaders: true });
    const rec = record(c);
    c.connect();
    await rec.untilMessages(1);
    assert.equal((await requests(target.id))[0]?.headers['x-api-key'], 'key-123');
  });

  it('a 303 after a POST becomes a GET without the body, as fetch does', async () => {
    const { target, hop } = await redirected(home.origin, 303);
    const c = client({
      url: hop.url,
      method: 'POST',
      body: '{"job":1}',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
    });
    const rec = record(c);
    c.connect();
    await rec.untilMessages(1);
    const [request] = await requests(target.id);
    assert.equal(request?.method, 'GET');
    assert.equal(request?.headers['content-type'], undefined);
    assert.equal(request?.headers['x-api-key'], 'k');
  });

  it('a redirect loop still fails like fetch: 1 + 20 requests per attempt, retried, then offline', async () => {
    const loop = await scenario({ responses: [{ status: 302, headers: { location: './again' } }] });
    const c = client({ url: `${loop.url}/start`, headers: { 'x-api-key': 'k' }, maxRetries: 1, retryDelayMs: 10 });
    const rec = record(c);
    c.connect();
    await rec.untilStatus('offline', 15_000);
    assert.equal((await requests(loop.id)).length, 42);
    assert.deepEqual(
      rec.errors.map((e) => [e.kind, e.fatal]),
      [
        ['network', false],
        ['network', true],
      ],
    );
  });
});

describe('hardening: onUnauthorized that never answers', () => {
  it('is given up on after the heartbeat timeout (at least 10 s), with an error that says so', async () => {
    const s = await scenario({ responses: [{ status: 401 }] });
    const c = client({ url: s.url, heartbeatTimeoutMs: 300, onUnauthorized: () => new Promise<boolean>(() => undefined) });
    const rec = record(c);
    c.connect();
    const offline = await rec.untilStatus('offline', 20_000);
    assert.equal(offline.error?.kind, 'auth');
    assert.equal(offline.error?.status, 401);
    assert.match(offline.error?.message ?? '', /onUnauthorized hook did not answer within 10000 ms/);
    assert.deepEqual(
      rec.errors.map((e) => e.kind),
      ['auth'],
    );
    assert.equal((await requests(s.id)).length, 1);
  });
});
