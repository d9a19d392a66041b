import { expect } from '@open-wc/testing';
import { StreamClient, type StreamClientOptions } from '../../src/client/index.js';
import { record, nextTick } from '../support/client-recorder.js';
import { scenario, sse, type Scenario, type ScenarioPlan } from '../support/sse-server.js';

// Issue 14 (hardening), the client's part, in Chromium: the inputs that used to break the client
// (ids outside Latin-1, `retry: 0`, a huge Retry-After, huge timer options, credentials in URLs,
// headers that cannot be sent, cross-origin redirects) against the real scripted SSE server.

const config = (await (await fetch('/__test/config')).json()) as { crossOrigin: string };
const onSecondOrigin = (server: Scenario) => `${config.crossOrigin}${new URL(server.url).pathname}`;

const clients: StreamClient[] = [];
const scenarios: Scenario[] = [];

function client(options: StreamClientOptions): StreamClient {
  const c = new StreamClient({ heartbeatTimeoutMs: 0, ...options });
  clients.push(c);
  return c;
}

async function serve(plan: ScenarioPlan): Promise<Scenario> {
  const s = await scenario(plan);
  scenarios.push(s);
  return s;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(scenarios.splice(0).map((s) => s.dispose()));
});

/** A header value as the server read it (one character per byte), decoded as UTF-8. */
function decodeHeader(value: string | undefined): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(value ?? '', (c) => c.charCodeAt(0)));
}

describe('hardening (client): event ids outside Latin-1', () => {
  it('resumes after `id: job-日本-1` with its UTF-8 bytes, and a new client resumes from sessionStorage', async () => {
    const id = 'job-日本-1';
    const key = `ps-hardening-${Math.random()}`;
    const server = await serve({
      responses: [
        { steps: [{ write: sse({ id, data: 'one' }) }, { end: true }] },
        { steps: [{ write: sse({ data: 'two' }) }, { hold: true }] },
      ],
    });
    const first = client({ url: server.url, retryDelayMs: 10, persistKey: key });
    const rec = record(first);
    first.connect();
    await rec.untilMessages(2);
    expect(rec.errors).to.deep.equal([]);
    const requests = await server.requests();
    expect(decodeHeader(requests[1]?.headers['last-event-id'])).to.equal(id);
    expect(sessionStorage.getItem(key)).to.equal(id);
    first.close();

    // A reload: a new client with the same persistKey.
    const again = await serve({ responses: [{ steps: [{ hold: true }] }] });
    const second = client({ url: again.url, persistKey: key });
    const rec2 = record(second);
    second.connect();
    const [resumed] = await again.waitFor({ requests: 1 });
    expect(decodeHeader(resumed?.headers['last-event-id'])).to.equal(id);
    expect(rec2.errors).to.deep.equal([]);
    sessionStorage.removeItem(key);
  });
});

describe('hardening (client): headers that cannot be sent', () => {
  it('are a fatal config error naming the header, never its value, and no request is made', async () => {
    const secret = 'sk-live-42';
    for (const headers of [{ 'x-api-key': `${secret}\r\nX: 1` }, () => ({ authorization: `Bearer ${secret}—日本` })]) {
      const server = await serve({ responses: [{ steps: [{ hold: true }] }] });
      const c = client({ url: server.url, headers });
      const rec = record(c);
      c.connect();
      await rec.untilStatus('offline');
      expect(rec.errors.map((e) => [e.kind, e.fatal])).to.deep.equal([['config', true]]);
      expect(rec.errors[0]?.message).to.match(/header "(x-api-key|authorization)"/);
      expect(JSON.stringify(rec.errors) + JSON.stringify(rec.statuses)).to.not.include(secret);
      await nextTick(50);
      expect(await server.requests()).to.have.length(0);
    }
  });

  it('undefined from the headers function, or as a value, sends no header', async () => {
    for (const headers of [() => undefined, () => ({ authorization: undefined, 'x-trace': 'abc' })]) {
      const server = await serve({ responses: [{ steps: [{ write: sse({ data: 'x' }) }, { hold: true }] }] });
      const c = client({ url: server.url, headers });
      const rec = record(c);
      c.connect();
      await rec.untilMessages(1);
      const [request] = await server.requests();
      expect(Object.values(request?.headers ?? {})).to.not.include('undefined');
      expect(request?.headers['authorization']).to.equal(undefined);
    }
  });
});

describe('hardening (client): retry: 0 and huge waits', () => {
  it('a server that sends `retry: 0`, one event and ends gets few requests, ever slower', async function () {
    this.timeout(10_000);
    const server = await serve({ responses: [{ steps: [{ write: 'retry: 0\n' + sse({ data: 'x' }) }, { end: true }] }] });
    const c = client({ url: server.url, random: () => 1 });
    const rec = record(c);
    c.connect();
    await nextTick(2_000);
    const count = (await server.requests()).length;
    c.close();
    // The old client made hundreds of requests a second. Waits of 500 then 1000 ms: at most 3.
    expect(count).to.be.within(1, 3);
    const delays = rec.statuses.filter((s) => s.delayMs !== undefined).map((s) => s.delayMs);
    expect(delays.slice(0, 2)).to.deep.equal([500, 1000].slice(0, delays.length));
    expect(rec.statuses.some((s) => s.status === 'offline')).to.equal(false);
  });

  it('Retry-After: 99999999 waits maxRetryDelayMs, and the status says so', async () => {
    const server = await serve({
      responses: [{ status: 503, headers: { 'retry-after': '99999999' } }, { steps: [{ write: sse({ data: 'back' }) }, { hold: true }] }],
    });
    const c = client({ url: server.url, maxRetryDelayMs: 400 });
    const rec = record(c);
    c.connect();
    await rec.untilMessages(1, 8000);
    expect(rec.statuses.find((s) => s.delayMs !== undefined)?.delayMs).to.equal(400);
    const [first, second] = await server.requests();
    expect(second!.startedAt - first!.startedAt).to.be.at.least(350);
  });

  it('timer options above 2^31−1 ms are clamped: no busy loop, no early retry', async () => {
    const realSetTimeout = window.setTimeout;
    const delays: number[] = [];
    window.setTimeout = ((fn: () => void, ms?: number) => {
      delays.push(ms ?? 0);
      return realSetTimeout(fn, ms);
    }) as typeof window.setTimeout;
    try {
      const server = await serve({ responses: [{ status: 503 }, { steps: [{ hold: true }] }] });
      const c = client({ url: server.url, heartbeatTimeoutMs: 2 ** 32, retryDelayMs: 2 ** 33, maxRetryDelayMs: 2 ** 40, random: () => 1 });
      const rec = record(c);
      c.connect();
      await rec.until(() => rec.statuses.some((s) => s.delayMs !== undefined), 'the wait');
      await nextTick(300);
      expect(rec.statuses.find((s) => s.delayMs !== undefined)?.delayMs).to.equal(2 ** 31 - 1);
      expect(await server.requests()).to.have.length(1);
    } finally {
      window.setTimeout = realSetTimeout;
    }
    expect(
      delays.every((ms) => ms <= 2 ** 31 - 1),
      `a timer of ${Math.max(...delays)} ms`,
    ).to.equal(true);
    expect(delays.length, 'timers set in 300 ms').to.be.below(50);
  });
});

describe('hardening (client): URLs', () => {
  it('credentials in the URL: one fatal config error, no request, no credentials in the message', async () => {
    const server = await serve({ responses: [{ steps: [{ hold: true }] }] });
    const c = client({ url: server.url.replace('http://', 'http://user:hunter2@') });
    const rec = record(c);
    c.connect();
    await rec.untilStatus('offline');
    await nextTick(50);
    expect(rec.errors.map((e) => [e.kind, e.fatal])).to.deep.equal([['config', true]]);
    expect(JSON.stringify(rec.errors)).to.not.include('hunter2');
    expect(await server.requests()).to.have.length(0);
  });

  it('a data: polling URL is never fetched, and reported once', async () => {
    const server = await serve({ responses: [{ status: 503 }] });
    const c = client({
      url: server.url,
      retryDelayMs: 10,
      maxRetries: 2,
      polling: { url: 'data:application/json,{"percent":99}', intervalMs: 10 },
    });
    const rec = record(c);
    c.connect();
    await rec.untilStatus('offline');
    expect(rec.errors.filter((e) => e.kind === 'config').map((e) => e.fatal)).to.deep.equal([false]);
    expect(rec.messages).to.deep.equal([]);
  });
});

describe('hardening (client): redirects to another origin', () => {
  // The second origin's CORS preflight allows x-requested-with: a credential header sent there
  // would really arrive (only Authorization is dropped by fetch itself).
  async function redirectToSecondOrigin() {
    const target = await serve({ responses: [{ steps: [{ write: sse({ data: 'x' }) }, { hold: true }] }] });
    const hop = await serve({ responses: [{ status: 307, headers: { location: onSecondOrigin(target) } }] });
    return { target, hop };
  }

  it('with caller headers: refused (a browser hides the target), and nothing reaches the other origin', async () => {
    const { target, hop } = await redirectToSecondOrigin();
    const c = client({ url: hop.url, headers: { 'x-requested-with': 'secret-key-123' } });
    const rec = record(c);
    c.connect();
    await rec.untilStatus('offline');
    expect(rec.errors.map((e) => [e.kind, e.fatal])).to.deep.equal([['config', true]]);
    expect(rec.errors[0]?.message).to.include('crossOriginRedirectHeaders');
    expect(JSON.stringify(rec.errors)).to.not.include('secret-key-123');
    await nextTick(100);
    expect(await target.requests()).to.have.length(0);
  });

  it("with caller headers: a redirect within the page's origin is followed, the headers with it", async () => {
    const target = await serve({ responses: [{ steps: [{ write: sse({ data: 'x' }) }, { hold: true }] }] });
    const hop = await serve({ responses: [{ status: 307, headers: { location: target.url } }] });
    const c = client({ url: hop.url, headers: { 'x-requested-with': 'same-origin-key' } });
    const rec = record(c);
    c.connect();
    await rec.untilMessages(1);
    expect(rec.errors).to.deep.equal([]);
    expect((await target.requests())[0]?.headers['x-requested-with']).to.equal('same-origin-key');
  });

  it('without caller headers the redirect is followed as before', async () => {
    const { target, hop } = await redirectToSecondOrigin();
    const c = client({ url: hop.url });
    const rec = record(c);
    c.connect();
    await rec.untilMessages(1);
    expect(await target.requests()).to.have.length(1);
  });

  it('crossOriginRedirectHeaders: true lets the browser follow with the headers, as asked', async () => {
    const { target, hop } = await redirectToSecondOrigin();
    const c = client({ url: hop.url, headers: { 'x-requested-with': 'k' }, crossOriginRedirectHeaders: true });
    const rec = record(c);
    c.connect();
    await rec.untilMessages(1);
    expect((await target.requests()).find((r) => r.method === 'GET')?.headers['x-requested-with']).to.equal('k');
  });
});
