// Behaviour suite, part 5: fallback polling while the stream is down, and what too much input
// does (a flood of events in one chunk, one event over maxEventSize).
import { nextTick } from '../../support/client-recorder.js';
import { sse } from '../../support/sse-server.js';
import type { SuiteContext } from './context.js';

export function fallbackPolling({ describe, it, check, setup, scenario }: SuiteContext): void {
  describe('fallback polling', () => {
    it('polls while reconnecting, dispatches the JSON, and stops once the stream is back', async () => {
      const poll = await scenario({
        responses: [{ status: 200, headers: { 'content-type': 'application/json' }, steps: [{ write: '{"percent":40}' }] }],
      });
      const { client: c, rec } = await setup(
        { responses: [{ status: 503 }, { status: 503 }, { steps: [{ write: sse({ data: 'live' }) }, { hold: true }] }] },
        { retryDelayMs: 150, polling: { url: poll.url, intervalMs: 40, event: 'poll' } },
      );
      c.connect();
      await rec.until(() => rec.messages.some((m) => m.event === 'message'), 'the stream to come back', 5000);
      const polled = rec.messages.filter((m) => m.event === 'poll');
      check.atLeast(polled.length, 1, 'polled messages');
      check.deepEqual(polled[0], { event: 'poll', data: '{"percent":40}' });
      const count = (await poll.requests()).length;
      await nextTick(200);
      check.equal((await poll.requests()).length, count, 'polls after the stream came back');
    });

    it('reports a failing poll as a non-fatal polling error and never dispatches non-JSON', async () => {
      const poll = await scenario({ responses: [{ status: 200, headers: { 'content-type': 'text/html' }, steps: [{ write: '<html>' }] }] });
      const { client: c, rec } = await setup({ responses: [{ status: 404 }] }, { polling: { url: poll.url, intervalMs: 1000 } });
      c.connect();
      await rec.until(() => rec.errors.some((e) => e.kind === 'polling'), 'a polling error');
      check.equal(rec.errors.find((e) => e.kind === 'polling')?.fatal, false);
      check.deepEqual(rec.messages, []);
    });
  });
}

export function floods({ describe, it, check, client }: SuiteContext): void {
  describe('floods', () => {
    it('gives the event loop a turn while parsing 100,000 events that arrive in one chunk', async () => {
      let text = '';
      for (let i = 0; i < 100_000; i++) text += `id: ${i}\ndata: {"n":${i}}\n\n`;
      const bytes = new TextEncoder().encode(text);
      // One chunk, already buffered: every read resolves as a microtask (a pure-logic check of
      // the read loop, so an in-memory body rather than the network).
      const flood: typeof fetch = async () =>
        new Response(new ReadableStream({ start: (controller) => (controller.enqueue(bytes), controller.close()) }), {
          headers: { 'content-type': 'text/event-stream' },
        });
      const c = client({ url: 'http://127.0.0.1/flood', fetch: flood, maxRetries: 0 });
      let delivered = 0;
      let deliveredWhenTimerRan: number | undefined;
      c.addEventListener('message', () => {
        if (delivered++ === 0) setTimeout(() => (deliveredWhenTimerRan = delivered), 0);
      });
      c.connect();
      const started = Date.now();
      while (delivered < 100_000 && Date.now() - started < 30_000) await nextTick(20);
      check.equal(delivered, 100_000);
      check.below(deliveredWhenTimerRan, 100_000, 'a timer set at the first event ran before the last one');
    });
  });
}

const LIMIT = 64 * 1024;

// Issue 16: an event (or a line that never ends) over `maxEventSize` aborts the connection with
// one fatal `too-large` error instead of being buffered without bound.
export function maxEventSize({ describe, it, check, setup }: SuiteContext): void {
  describe('maxEventSize', () => {
    it('delivers the events before an oversized one, then stops with one fatal too-large error', async () => {
      const {
        server,
        client: c,
        rec,
      } = await setup(
        {
          responses: [{ steps: [{ write: sse({ id: '1', data: 'small' }) }, { write: `data: ${'x'.repeat(LIMIT * 3)}` }, { hold: true }] }],
        },
        { maxEventSize: LIMIT },
      );
      c.connect();
      const offline = await rec.untilStatus('offline', 10_000);
      check.deepEqual(
        rec.messages.map((m) => m.data),
        ['small'],
      );
      check.deepEqual(
        rec.errors.map((e) => [e.kind, e.fatal]),
        [['too-large', true]],
      );
      check.equal(offline.error?.kind, 'too-large');
      check.equal(c.lastEventId, '1');
      // The request was aborted (the server saw it close), and none followed.
      const seen = await server.waitFor({ requests: 1, closed: 1, timeoutMs: 10_000 });
      check.lengthOf(seen, 1);
      await server.dispose();
    });

    it('accepts an event of exactly maxEventSize characters of data (field names do not count)', async () => {
      const data = 'y'.repeat(LIMIT);
      const {
        server,
        client: c,
        rec,
      } = await setup({ responses: [{ steps: [{ write: sse({ data }) }, { hold: true }] }] }, { maxEventSize: LIMIT });
      c.connect();
      await rec.untilMessages(1, 10_000);
      check.equal(rec.messages[0]?.data.length, data.length);
      check.deepEqual(rec.errors, []);
      check.equal(c.status, 'open');
      await server.dispose();
    });

    it('retry() after too-large tries again (the caller decides)', async () => {
      const {
        server,
        client: c,
        rec,
      } = await setup(
        {
          responses: [
            { steps: [{ write: `data: ${'x'.repeat(LIMIT * 2)}` }, { hold: true }] },
            { steps: [{ write: sse({ data: 'fine' }) }, { hold: true }] },
          ],
        },
        { maxEventSize: LIMIT },
      );
      c.connect();
      await rec.untilStatus('offline', 10_000);
      c.retry();
      await rec.untilMessages(1, 10_000);
      check.deepEqual(
        rec.messages.map((m) => m.data),
        ['fine'],
      );
      await server.dispose();
    });
  });
}
