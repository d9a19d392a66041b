// Behaviour suite, part 2: how a stream ends (terminal events) and what each HTTP answer means.
import { record, nextTick } from '../../support/client-recorder.js';
import { sse } from '../../support/sse-server.js';
import type { SuiteContext } from './context.js';

export function terminalEvents({ describe, it, check, setup }: SuiteContext): void {
  describe('terminal events', () => {
    it('closes for good after a terminal event instead of reconnecting', async () => {
      const {
        server,
        client: c,
        rec,
      } = await setup(
        {
          responses: [
            {
              steps: [
                { write: sse({ id: '1', data: 'a' }) + sse({ event: 'stream_end', id: '2', data: '{}' }) + sse({ data: 'after' }) },
                { hold: true },
              ],
            },
          ],
        },
        { terminalEvents: ['stream_end'] },
      );
      c.connect();
      await rec.untilStatus('closed');
      check.deepEqual(
        rec.messages.map((m) => m.event),
        ['message', 'stream_end'],
      );
      check.deepEqual(rec.errors, []);
      await server.waitFor({ closed: 1 });
      await nextTick(100);
      check.lengthOf(await server.requests(), 1);
    });

    it('accepts a predicate for data-defined terminal messages', async () => {
      const { client: c, rec } = await setup(
        { responses: [{ steps: [{ write: sse({ data: { step: 'analyzing' } }) + sse({ data: { step: 'complete' } }) }, { end: true }] }] },
        { isTerminal: (m) => (JSON.parse(m.data) as { step?: string }).step === 'complete' },
      );
      c.connect();
      await rec.untilStatus('closed');
      check.lengthOf(rec.messages, 2);
      check.deepEqual(
        rec.statuses.map((s) => s.status),
        ['connecting', 'open', 'closed'],
      );
    });
  });
}

export function httpOutcomes({ runtime, describe, it, check, setup, client }: SuiteContext): void {
  describe('HTTP outcomes', () => {
    it('204 closes without reconnecting', async () => {
      const { server, client: c, rec } = await setup({ responses: [{ status: 204 }] });
      c.connect();
      await rec.untilStatus('closed');
      check.deepEqual(rec.errors, [{ kind: 'http', status: 204, fatal: true, message: rec.errors[0]?.message }]);
      await nextTick(100);
      check.lengthOf(await server.requests(), 1);
    });

    for (const status of [400, 404, 410]) {
      it(`${status} is fatal after one request and its body is never delivered`, async () => {
        const {
          server,
          client: c,
          rec,
        } = await setup({
          responses: [{ status, headers: { 'content-type': 'text/event-stream' }, steps: [{ write: sse({ data: 'secret' }) }] }],
        });
        c.connect();
        const offline = await rec.untilStatus('offline');
        check.includes(offline.error, { kind: 'http', status, fatal: true });
        check.deepEqual(rec.messages, []);
        await nextTick(100);
        check.lengthOf(await server.requests(), 1);
      });
    }

    it('403 is a fatal auth error', async () => {
      const { client: c, rec } = await setup({ responses: [{ status: 403 }] }, { headers: () => ({ authorization: 'Bearer x' }) });
      c.connect();
      await rec.untilStatus('offline');
      check.lengthOf(rec.errors, 1);
      check.includes(rec.errors[0], { kind: 'auth', status: 403, fatal: true });
    });

    it('a wrong content type is fatal', async () => {
      const {
        server,
        client: c,
        rec,
      } = await setup({
        responses: [{ status: 200, headers: { 'content-type': 'text/html' }, steps: [{ write: '<html>data: x\n\n' }] }],
      });
      c.connect();
      await rec.untilStatus('offline');
      check.includes(rec.errors[0], { kind: 'content-type', status: 200, fatal: true });
      check.deepEqual(rec.messages, []);
      await nextTick(50);
      check.lengthOf(await server.requests(), 1);
    });

    it('a missing content type is fatal', async () => {
      const { client: c, rec } = await setup({
        responses: [{ status: 200, headers: { 'content-type': '' }, steps: [{ write: 'data: x\n\n' }] }],
      });
      c.connect();
      await rec.untilStatus('offline');
      check.equal(rec.errors[0]?.kind, 'content-type');
    });

    it('503 with Retry-After: 0 retries at once and recovers', async () => {
      const {
        server,
        client: c,
        rec,
      } = await setup({
        responses: [{ status: 503, headers: { 'retry-after': '0' } }, { steps: [{ write: sse({ data: 'back' }) }, { hold: true }] }],
      });
      c.connect();
      await rec.untilMessages(1);
      const reconnecting = rec.statuses.find((s) => s.status === 'reconnecting');
      check.equal(reconnecting?.delayMs, 0);
      check.includes(reconnecting?.error, { kind: 'http', status: 503, fatal: false });
      check.lengthOf(await server.requests(), 2);
    });

    it('honours Retry-After in seconds', async () => {
      const { client: c, rec } = await setup({
        responses: [{ status: 503, headers: { 'retry-after': '1' } }, { steps: [{ write: sse({ data: 'back' }) }, { hold: true }] }],
      });
      const started = Date.now();
      c.connect();
      await rec.untilMessages(1, 4000);
      check.equal(rec.statuses.find((s) => s.delayMs !== undefined)?.delayMs, 1000);
      check.atLeast(Date.now() - started, 950, 'ms before the retry');
    });

    // 408 is classified as retryable too (see test/client/response-outcome.test.ts), but
    // Chromium itself re-sends a request answered 408 on a reused connection, in pages and
    // Workers alike, so only Node's fetch lets the client see it.
    const retried = runtime === 'node' ? [408, 429, 500, 502] : [429, 500, 502];
    for (const status of retried) {
      it(`${status} is retried`, async () => {
        const { client: c, rec } = await setup({ responses: [{ status }, { steps: [{ write: sse({ data: 'ok' }) }, { hold: true }] }] });
        c.connect();
        await rec.untilMessages(1);
        check.includes(rec.errors[0], { kind: 'http', status, fatal: false });
      });
    }

    it('a network error is retried', async () => {
      const c = client({ url: 'http://127.0.0.1:9/events', maxRetries: 1 });
      const rec = record(c);
      c.connect();
      await rec.untilStatus('offline');
      check.deepEqual(
        rec.errors.map((e) => [e.kind, e.fatal]),
        [
          ['network', false],
          ['network', true],
        ],
      );
    });

    it('refuses URLs that are not http(s)', async () => {
      for (const url of ['javascript:alert(1)', 'data:text/event-stream,data: x%0A%0A']) {
        const c = client({ url });
        const rec = record(c);
        c.connect();
        await rec.untilStatus('offline');
        check.includes(rec.errors[0], { kind: 'config', fatal: true }, url);
        check.deepEqual(rec.messages, []);
      }
    });
  });
}
