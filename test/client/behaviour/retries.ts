// Behaviour suite, part 3: noticing a dead connection (heartbeat) and how retries are paced.
import { nextTick } from '../../support/client-recorder.js';
import { sse } from '../../support/sse-server.js';
import type { SuiteContext } from './context.js';

export function heartbeat({ describe, it, check, setup }: SuiteContext): void {
  describe('heartbeat timeout', () => {
    it('treats a silent connection as dead and reconnects with Last-Event-ID', async () => {
      const {
        server,
        client: c,
        rec,
      } = await setup(
        {
          responses: [
            { steps: [{ write: sse({ id: 's1', data: 'x' }) }, { stall: true }] },
            { steps: [{ write: sse({ id: 's2', data: 'y' }) }, { hold: true }] },
          ],
        },
        { heartbeatTimeoutMs: 300 },
      );
      c.connect();
      await rec.untilMessages(2, 5000);
      check.deepEqual(
        rec.errors.map((e) => [e.kind, e.fatal]),
        [['heartbeat', false]],
      );
      const requests = await server.waitFor({ requests: 2, closed: 1 });
      check.equal(requests[1]?.headers['last-event-id'], 's1');
      check.ok(requests[0]?.closedAt !== null, 'the stalled request was closed');
    });

    it('with no retries left, a stalled connection goes offline with one heartbeat error', async () => {
      const { client: c, rec } = await setup(
        { responses: [{ steps: [{ write: sse({ data: 'a' }) }, { stall: true }] }] },
        { heartbeatTimeoutMs: 150, maxRetries: 0 },
      );
      c.connect();
      await rec.untilStatus('offline');
      check.deepEqual(
        rec.errors.map((e) => e.kind),
        ['heartbeat'],
      );
    });

    it('counts comments as signs of life', async () => {
      const pings = Array.from({ length: 8 }, () => [{ wait: 100 }, { write: ': ping\n' }]).flat();
      const { client: c, rec } = await setup(
        { responses: [{ steps: [{ write: sse({ data: 'x' }) }, ...pings, { write: sse({ data: 'y' }) }, { hold: true }] }] },
        { heartbeatTimeoutMs: 300 },
      );
      c.connect();
      await rec.untilMessages(2, 5000);
      check.deepEqual(rec.errors, []);
      check.deepEqual(
        rec.statuses.map((s) => s.status),
        ['connecting', 'open'],
      );
    });

    it('also covers a server that never sends response headers', async () => {
      const { client: c, rec } = await setup(
        { responses: [{ headersDelay: 5000 }, { steps: [{ write: sse({ data: 'ok' }) }, { hold: true }] }] },
        { heartbeatTimeoutMs: 200 },
      );
      c.connect();
      await rec.untilMessages(1, 4000);
      check.equal(rec.errors[0]?.kind, 'heartbeat');
    });
  });
}

export function backoffAndRetries({ describe, it, check, setup }: SuiteContext): void {
  describe('backoff and retries', () => {
    it('reaches offline after exactly 1 + maxRetries failed requests', async () => {
      const { server, client: c, rec } = await setup({ responses: [{ status: 503 }] }, { maxRetries: 3 });
      c.connect();
      const offline = await rec.untilStatus('offline');
      check.equal(offline.attempt, 4);
      check.includes(offline.error, { fatal: true, status: 503 });
      await nextTick(150);
      check.lengthOf(await server.requests(), 4);
      check.deepEqual(
        rec.statuses.filter((s) => s.status === 'reconnecting' && s.delayMs !== undefined).map((s) => s.attempt),
        [1, 2, 3],
      );
      check.deepEqual(
        rec.errors.map((e) => e.fatal),
        [false, false, false, true],
      );
    });

    it('with maxRetries 0 a lost stream goes straight to offline', async () => {
      const {
        server,
        client: c,
        rec,
      } = await setup({ responses: [{ steps: [{ write: sse({ data: 'x' }) }, { end: true }] }] }, { maxRetries: 0 });
      c.connect();
      await rec.untilStatus('offline');
      check.deepEqual(
        rec.statuses.map((s) => s.status),
        ['connecting', 'open', 'offline'],
      );
      check.lengthOf(await server.requests(), 1);
    });

    it('grows the delay exponentially up to the cap', async () => {
      const { client: c, rec } = await setup({ responses: [{ status: 500 }] }, { retryDelayMs: 10, maxRetryDelayMs: 50, maxRetries: 5 });
      c.connect();
      await rec.untilStatus('offline', 4000);
      check.deepEqual(
        rec.statuses.filter((s) => s.delayMs !== undefined).map((s) => s.delayMs),
        [10, 20, 40, 50, 50],
      );
    });

    it('applies full jitter: delays drawn below the exponential bound, never below the floor', async () => {
      // The floor is 500 ms, or retryDelayMs when that is shorter (40 here): 0.75 × 80 = 60,
      // 0 × 160 = 0 → 40.
      const draws = [1, 0.75, 0];
      const { client: c, rec } = await setup(
        { responses: [{ status: 500 }] },
        { retryDelayMs: 40, maxRetries: 3, random: () => draws.shift() ?? 0 },
      );
      c.connect();
      await rec.untilStatus('offline');
      check.deepEqual(
        rec.statuses.filter((s) => s.delayMs !== undefined).map((s) => s.delayMs),
        [40, 60, 40],
      );
    });

    it("uses the server's retry: as the base delay", async () => {
      const { client: c, rec } = await setup({
        responses: [{ steps: [{ write: 'retry: 120\n' + sse({ data: 'x' }) }, { end: true }] }, { steps: [{ hold: true }] }],
      });
      c.connect();
      await rec.until(() => rec.statuses.some((s) => s.delayMs !== undefined), 'a scheduled retry');
      check.equal(rec.statuses.find((s) => s.delayMs !== undefined)?.delayMs, 120);
    });

    it('a healthy connection resets the failure count', async () => {
      const healthy = { steps: [{ write: sse({ data: 'x' }) }, { end: true as const }] };
      const {
        server,
        client: c,
        rec,
      } = await setup({ responses: [healthy, healthy, healthy, healthy, { steps: [{ hold: true }] }] }, { maxRetries: 1 });
      c.connect();
      await server.waitFor({ requests: 5 });
      check.ok(c.status !== 'offline', `status ${c.status}`);
      check.deepEqual(
        rec.statuses.filter((s) => s.delayMs !== undefined).map((s) => s.attempt),
        [1, 1, 1, 1],
      );
    });

    it('a stream that opens but delivers nothing is not healthy', async () => {
      const { server, client: c, rec } = await setup({ responses: [{ steps: [{ write: ': hi\n' }, { end: true }] }] }, { maxRetries: 2 });
      c.connect();
      await rec.untilStatus('offline');
      check.lengthOf(await server.requests(), 3);
    });

    it('retry() skips the backoff wait', async () => {
      const {
        server,
        client: c,
        rec,
      } = await setup(
        { responses: [{ status: 503 }, { steps: [{ write: sse({ data: 'x' }) }, { hold: true }] }] },
        { retryDelayMs: 60_000, maxRetryDelayMs: 60_000 },
      );
      c.connect();
      await rec.until(() => rec.statuses.some((s) => s.delayMs === 60_000), 'a long wait');
      c.retry();
      await rec.untilMessages(1);
      check.lengthOf(await server.requests(), 2);
    });

    it('connect() after offline starts again with a fresh count', async () => {
      const {
        server,
        client: c,
        rec,
      } = await setup(
        { responses: [{ status: 503 }, { status: 503 }, { steps: [{ write: sse({ data: 'x' }) }, { hold: true }] }] },
        { maxRetries: 1 },
      );
      c.connect();
      await rec.untilStatus('offline');
      c.connect();
      await rec.untilMessages(1);
      check.lengthOf(await server.requests(), 3);
      check.equal(c.status, 'open');
    });
  });
}
