// StreamClient in a page: the shared behaviour suite (test/client/behaviour), then what only a
// page has: sessionStorage, the window's `online` event, visibility changes.
import { expect } from '@open-wc/testing';
import { StreamClient, type StreamClientOptions } from '../../src/client/index.js';
import { record, nextTick } from '../support/client-recorder.js';
import { scenario, sse, type ScenarioPlan } from '../support/sse-server.js';
import { defineStreamClientSuite, portableAssert } from './behaviour/stream-client-suite.js';

defineStreamClientSuite({ runtime: 'page', origin: location.origin, describe, it, afterEach, assert: portableAssert });

const clients: StreamClient[] = [];
function client(options: StreamClientOptions): StreamClient {
  const c = new StreamClient({ heartbeatTimeoutMs: 0, retryDelayMs: 10, random: () => 1, ...options });
  clients.push(c);
  return c;
}

async function setup(plan: ScenarioPlan, options: Partial<StreamClientOptions> = {}) {
  const server = await scenario(plan);
  const c = client({ url: server.url, ...options });
  return { server, client: c, rec: record(c) };
}

describe('StreamClient, page only', () => {
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });

  it('persists the last id in sessionStorage so a new client resumes', async () => {
    const key = `ps-test-${Math.random()}`;
    const first = await setup({ responses: [{ steps: [{ write: sse({ id: '77', data: 'x' }) }, { hold: true }] }] }, { persistKey: key });
    first.client.connect();
    await first.rec.untilMessages(1);
    expect(sessionStorage.getItem(key)).to.equal('77');
    first.client.close();
    const second = await setup({ responses: [{ steps: [{ hold: true }] }] }, { persistKey: key });
    expect(second.client.lastEventId).to.equal('77');
    second.client.connect();
    await second.server.waitFor({ requests: 1 });
    expect((await second.server.requests())[0]?.headers['last-event-id']).to.equal('77');
    sessionStorage.removeItem(key);
  });

  it('a terminal event removes the persisted id', async () => {
    const key = `ps-term-${Math.random()}`;
    const { client: c, rec } = await setup(
      {
        responses: [
          { steps: [{ write: sse({ id: '1', data: 'a' }) + sse({ event: 'stream_end', id: '2', data: '{}' }) }, { hold: true }] },
        ],
      },
      { terminalEvents: ['stream_end'], persistKey: key },
    );
    c.connect();
    await rec.untilMessages(1);
    await rec.untilStatus('closed');
    expect(rec.messages.map((m) => m.event)).to.deep.equal(['message', 'stream_end']);
    expect(sessionStorage.getItem(key)).to.equal(null);
  });

  it('reconnects at once when the browser goes back online', async () => {
    const {
      server,
      client: c,
      rec,
    } = await setup(
      {
        responses: [
          { steps: [{ write: sse({ data: 'x' }) }, { wait: 30 }, { destroy: true }] },
          { steps: [{ write: sse({ data: 'y' }) }, { hold: true }] },
        ],
      },
      { retryDelayMs: 60_000, maxRetryDelayMs: 60_000 },
    );
    c.connect();
    await rec.until(() => rec.statuses.some((s) => s.delayMs !== undefined), 'a scheduled retry');
    window.dispatchEvent(new Event('online'));
    await rec.untilMessages(2);
    expect(await server.requests()).to.have.length(2);
  });

  it('does not close the stream when the tab is hidden', async () => {
    const { server, client: c, rec } = await setup({ responses: [{ steps: [{ write: sse({ data: 'x' }) }, { hold: true }] }] });
    c.connect();
    await rec.untilMessages(1);
    document.dispatchEvent(new Event('visibilitychange'));
    await nextTick(50);
    expect((await server.requests())[0]?.closedAt).to.equal(null);
    expect(c.status).to.equal('open');
  });
});

describe('StreamClient, page only: nothing left behind', () => {
  it('close() clears every timer and the online listener, in every state', async () => {
    const live = new Set<number>();
    const realSet = window.setTimeout;
    const realClear = window.clearTimeout;
    const realAdd = window.addEventListener;
    const realRemove = window.removeEventListener;
    let onlineListeners = 0;
    window.setTimeout = ((fn: () => void, ms?: number) => {
      const id: number = realSet(() => {
        live.delete(id);
        fn();
      }, ms);
      live.add(id);
      return id;
    }) as typeof window.setTimeout;
    window.clearTimeout = ((id: number) => {
      live.delete(id);
      realClear(id);
    }) as typeof window.clearTimeout;
    window.addEventListener = function (this: Window, type: string, ...rest: unknown[]) {
      if (type === 'online') onlineListeners++;
      return (realAdd as (...a: unknown[]) => void).call(this, type, ...rest);
    } as typeof window.addEventListener;
    window.removeEventListener = function (this: Window, type: string, ...rest: unknown[]) {
      if (type === 'online') onlineListeners--;
      return (realRemove as (...a: unknown[]) => void).call(this, type, ...rest);
    } as typeof window.removeEventListener;
    try {
      const poll = await scenario({
        responses: [{ status: 200, headers: { 'content-type': 'application/json' }, steps: [{ write: '{}' }] }],
      });
      const states: Array<{ plan: ScenarioPlan; wait: StreamClient['status'] }> = [
        { plan: { responses: [{ headersDelay: 500 }] }, wait: 'connecting' },
        { plan: { responses: [{ steps: [{ write: sse({ data: 'x' }) }, { hold: true }] }] }, wait: 'open' },
        { plan: { responses: [{ status: 503 }] }, wait: 'reconnecting' },
        { plan: { responses: [{ status: 404 }] }, wait: 'offline' },
      ];
      for (const { plan, wait } of states) {
        const server = await scenario(plan);
        const c = new StreamClient({
          url: server.url,
          heartbeatTimeoutMs: 5000,
          retryDelayMs: 5000,
          polling: { url: poll.url, intervalMs: 5000 },
        });
        const rec = record(c);
        c.connect();
        await rec.until(() => c.status === wait, wait);
        // (Offline may be between polls with only a request in flight, and no timer.)
        if (wait !== 'offline') expect(live.size, `timers while ${wait}`).to.be.greaterThan(0);
        c.close();
        expect(live.size, `timers left after close() while ${wait}`).to.equal(0);
        await nextTick(100); // an aborted poll or request must not schedule anything afterwards
        expect(live.size, `timers scheduled after close() while ${wait}`).to.equal(0);
        expect(onlineListeners, `online listeners left after close() while ${wait}`).to.equal(0);
      }
    } finally {
      window.setTimeout = realSet;
      window.clearTimeout = realClear;
      window.addEventListener = realAdd;
      window.removeEventListener = realRemove;
    }
  });
});
