import { expect } from '@open-wc/testing';
import '../../src/element/progress-stream.js';
import { StreamClient } from '../../src/client/index.js';
import { scenario, sse } from '../support/sse-server.js';
import { until } from '../support/element-helpers.js';
import { trackResources, type ResourceCounts, type ResourceTracker } from '../support/resource-tracker.js';

// Resource hygiene: a thousand connect/close cycles of the client, and a thousand add/remove
// cycles of the element, each against the real SSE server, must leave nothing behind: no open
// request (the server's view), no pending timer or frame, no listener, and no heap growth.
// Counts come from wrapping the page's timer and listener functions; the heap from Chromium
// with --expose-gc and precise memory info (see web-test-runner.config.mjs).

// The cycles run on an origin of their own (see web-test-runner.config.mjs): aborted streams
// linger on the server for a moment, and a thousand of them would hold every connection of the
// test origin, starving the test file that runs alongside this one.
const config = (await (await fetch('/__test/config')).json()) as { isolatedOrigin: string };
const isolated = (url: string) => `${config.isolatedOrigin}${new URL(url, location.href).pathname}`;

const CYCLES = 1000;
const WARM_UP = 100;

interface MemoryInfo {
  usedJSHeapSize: number;
}
const page = window as unknown as { gc?: () => void; performance: Performance & { memory?: MemoryInfo } };

async function heap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    page.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return page.performance.memory?.usedJSHeapSize ?? NaN;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

describe('resource hygiene', () => {
  let tracker: ResourceTracker;
  before(() => {
    tracker = trackResources((target) => target instanceof StreamClient);
    expect(page.gc, 'Chromium runs with --expose-gc').to.be.a('function');
  });
  after(() => tracker.uninstall());

  /** Runs `cycle` CYCLES times; returns the counts before and after, and the heap growth. */
  async function cycles(cycle: (i: number) => Promise<void>) {
    for (let i = 0; i < WARM_UP; i++) await cycle(i);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before: ResourceCounts = tracker.counts();
    const heapBefore = await heap();
    const started = performance.now();
    for (let i = WARM_UP; i < CYCLES; i++) await cycle(i);
    const msPerCycle = (performance.now() - started) / (CYCLES - WARM_UP);
    // Let every timer a cycle may legitimately leave run out (the longest is 250 ms).
    await new Promise((resolve) => setTimeout(resolve, 400));
    const after = tracker.counts();
    const growth = (await heap()) - heapBefore;
    return { before, after, growth, msPerCycle };
  }

  it(`${CYCLES} client connect/close cycles leave no request, timer, listener or heap behind`, async function () {
    this.timeout(120_000);
    const server = await scenario({
      responses: [{ steps: [{ write: sse({ id: '1', data: { step: 'a', progress: 1 } }) }, { hold: true }] }],
    });
    let open: ResourceCounts | undefined;
    const result = await cycles(async (i) => {
      const client = new StreamClient({ url: isolated(server.url), heartbeatTimeoutMs: 30_000 });
      let delivered = false;
      const onMessage = () => (delivered = true);
      client.addEventListener('message', onMessage);
      client.connect();
      // Half are closed while the stream is open, half while connecting (some requests are
      // then aborted before they reach the server).
      if (i % 2 === 0) await until(() => delivered, 'an event', 5000, 1);
      else await new Promise((resolve) => setTimeout(resolve, 0));
      if (i === 0) open = tracker.counts();
      client.close();
      client.removeEventListener('message', onMessage);
    });
    // The server sees aborted requests close a moment later.
    let requests = await server.requests();
    for (let waited = 0; requests.some((r) => r.closedAt === null) && waited < 5000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      requests = await server.requests();
    }
    expect(requests.length).to.be.within(CYCLES / 2, CYCLES);
    console.log(
      `hygiene: ${CYCLES} client cycles, ${result.msPerCycle.toFixed(2)} ms each; heap growth over the last ${CYCLES - WARM_UP}: ` +
        `${kib(result.growth)}; open requests ${requests.filter((r) => r.closedAt === null).length}; after/before ${JSON.stringify(result.after)} / ${JSON.stringify(result.before)}`,
    );
    expect(requests.filter((r) => r.closedAt === null)).to.have.length(0);
    expect(result.after).to.deep.equal(result.before);
    expect(result.after.trackedListeners, 'listeners left on clients').to.equal(0);
    // The counters do see the client's own: an open client holds a heartbeat timer, an online
    // listener on window, and the test's listener.
    expect(open?.timeouts).to.be.greaterThan(0);
    expect(open?.globalListeners).to.be.greaterThan(0);
    expect(open?.trackedListeners).to.be.greaterThan(0);
    // A leaked client (its controller, response, parser and closures) is several KiB: 900 of
    // them would be megabytes. Allow noise, not a leak.
    expect(result.growth).to.be.below(512 * 1024);
    await server.dispose();
  });

  it(`${CYCLES} element add/remove cycles leave no request, timer, frame, listener or heap behind`, async function () {
    this.timeout(180_000);
    const server = await scenario({
      responses: [
        {
          steps: [
            { write: sse({ id: '1', data: { step: 'scanning', progress: 10, message: 'Scanning' } }) },
            { write: sse({ id: '2', data: { step: 'indexing', progress: 20, message: 'Indexing' } }) },
            { hold: true },
          ],
        },
      ],
    });
    let open: ResourceCounts | undefined;
    const result = await cycles(async (i) => {
      const el = document.createElement('progress-stream');
      el.setAttribute('heartbeat-timeout', '30000');
      el.src = isolated(server.url);
      document.body.append(el);
      await until(() => el.state.percent === 20, 'the events', 5000, 1);
      await el.updateComplete;
      if (i === 0) open = tracker.counts();
      el.remove();
    });
    const requests = await server.waitFor({ requests: CYCLES, closed: CYCLES, timeoutMs: 10_000 });
    console.log(
      `hygiene: ${CYCLES} element cycles, ${result.msPerCycle.toFixed(2)} ms each; heap growth over the last ${CYCLES - WARM_UP}: ` +
        `${kib(result.growth)}; open requests ${requests.filter((r) => r.closedAt === null).length}; after/before ${JSON.stringify(result.after)} / ${JSON.stringify(result.before)}`,
    );
    expect(requests.filter((r) => r.closedAt === null)).to.have.length(0);
    expect(result.after).to.deep.equal(result.before);
    expect(result.after.trackedListeners).to.equal(0);
    // While on the page, the element listens to its client (message, status, error).
    expect(open?.trackedListeners).to.be.at.least(3);
    expect(open?.globalListeners).to.be.greaterThan(0);
    expect(result.growth).to.be.below(1024 * 1024);
    await server.dispose();
  });
});
