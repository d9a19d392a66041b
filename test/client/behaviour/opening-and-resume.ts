// Behaviour suite, part 1: the request, parsing what arrives, and resuming with Last-Event-ID.
import { nextTick } from '../../support/client-recorder.js';
import { sse } from '../../support/sse-server.js';
import type { SuiteContext } from './context.js';

export function openingAndMessages({ describe, it, check, setup }: SuiteContext): void {
  describe('opening and messages', () => {
    it('sends the SSE request headers and delivers events with ids and names', async () => {
      const {
        server,
        client: c,
        rec,
      } = await setup({
        responses: [
          { steps: [{ write: sse({ id: '1', data: { n: 1 } }) + sse({ event: 'progress', id: '2', data: 'two' }) }, { hold: true }] },
        ],
      });
      c.connect();
      await rec.untilMessages(2);
      check.deepEqual(rec.messages, [
        { id: '1', event: 'message', data: '{"n":1}' },
        { id: '2', event: 'progress', data: 'two' },
      ]);
      check.equal(c.status, 'open');
      check.equal(c.lastEventId, '2');
      const [request] = await server.requests();
      check.equal(request?.headers['accept'], 'text/event-stream');
      check.equal(request?.headers['cache-control'], 'no-cache');
      check.equal(request?.headers['last-event-id'], undefined);
      check.deepEqual(
        rec.statuses.map((s) => s.status),
        ['connecting', 'open'],
      );
    });

    it('joins multi-line data with \\n, whatever the line ends and however the bytes are split', async () => {
      const { client: c, rec } = await setup({
        responses: [
          {
            steps: [
              { write: sse({ data: 'first line\nsecond line\n\nafter a blank' }) },
              { write: 'data: crlf 1\r\ndata: crlf 2\r\n\r\n' },
              // One event across three writes, cut inside a field name and inside a UTF-8 character.
              { write: 'da' },
              { wait: 20 },
              { bytes: [...new TextEncoder().encode('ta: caf\u00e9 ')].slice(0, -2) },
              { wait: 20 },
              { bytes: [...new TextEncoder().encode('\u00e9 ')].slice(1) },
              { write: '\ndata:no space\n\n' },
              { hold: true },
            ],
          },
        ],
      });
      c.connect();
      await rec.untilMessages(3);
      check.deepEqual(
        rec.messages.map((m) => m.data),
        ['first line\nsecond line\n\nafter a blank', 'crlf 1\ncrlf 2', 'caf\u00e9 \nno space'],
      );
    });

    it('accepts text/event-stream with parameters and in any letter case', async () => {
      const { client: c, rec } = await setup({
        responses: [
          { headers: { 'content-type': 'Text/Event-Stream; charset=utf-8' }, steps: [{ write: sse({ data: 'ok' }) }, { hold: true }] },
        ],
      });
      c.connect();
      await rec.untilMessages(1);
      check.deepEqual(rec.errors, []);
    });

    it('connect() is idempotent: one request', async () => {
      const { server, client: c, rec } = await setup({ responses: [{ steps: [{ write: sse({ data: 'x' }) }, { hold: true }] }] });
      c.connect();
      c.connect();
      await rec.untilMessages(1);
      c.connect();
      await nextTick(50);
      check.lengthOf(await server.requests(), 1);
    });

    it('never dispatches comment-only heartbeats', async () => {
      const { client: c, rec } = await setup({
        responses: [{ steps: [{ write: ': keepalive\n\n' }, { write: ':\n\n' }, { write: sse({ data: 'real' }) }, { hold: true }] }],
      });
      c.connect();
      await rec.untilMessages(1);
      await nextTick(30);
      check.deepEqual(
        rec.messages.map((m) => m.data),
        ['real'],
      );
    });

    it('sends method, body and custom headers', async () => {
      const {
        server,
        client: c,
        rec,
      } = await setup(
        { responses: [{ steps: [{ write: sse({ data: 'x' }) }, { hold: true }] }] },
        { method: 'POST', body: () => JSON.stringify({ job: 42 }), headers: { 'x-trace': 'abc' } },
      );
      c.connect();
      await rec.untilMessages(1);
      const [request] = await server.requests();
      check.equal(request?.method, 'POST');
      check.equal(request?.body, '{"job":42}');
      check.equal(request?.headers['x-trace'], 'abc');
    });
  });
}

export function resume({ describe, it, check, setup }: SuiteContext): void {
  describe('resume', () => {
    it('streams, resumes with Last-Event-ID after a drop and closes on a terminal event', async () => {
      const {
        server,
        client: c,
        rec,
      } = await setup(
        {
          responses: [
            { steps: [{ write: sse({ id: '1', data: { step: 'scanning' } }) }, { wait: 30 }, { destroy: true }] },
            { steps: [{ write: sse({ id: '2', event: 'stream_end', data: '{}' }) }, { stall: true }] },
          ],
        },
        { terminalEvents: ['stream_end'], heartbeatTimeoutMs: 1000 },
      );
      c.connect();
      await rec.untilStatus('closed');
      check.deepEqual(
        rec.messages.map((m) => `${m.id}:${m.event}`),
        ['1:message', '2:stream_end'],
      );
      check.deepEqual(
        rec.statuses.map((s) => s.status),
        ['connecting', 'open', 'reconnecting', 'reconnecting', 'open', 'closed'],
      );
      const requests = await server.requests();
      check.equal(requests[0]?.headers['accept'], 'text/event-stream');
      check.equal(requests[1]?.headers['last-event-id'], '1');
    });

    it('resumes with the exact Last-Event-ID after a drop mid-event, dropping the partial event', async () => {
      const {
        server,
        client: c,
        rec,
      } = await setup({
        responses: [
          {
            steps: [
              { write: sse({ id: 'a-1', data: '1' }) + sse({ id: 'a-2', data: '2' }) + 'id: a-3\ndata: partial' },
              // A reset discards bytes the client has not read yet: give a loaded machine time to read.
              { wait: 150 },
              { destroy: true },
            ],
          },
          { steps: [{ write: sse({ id: 'a-3', data: '3' }) }, { hold: true }] },
        ],
      });
      c.connect();
      await rec.untilMessages(3);
      check.deepEqual(
        rec.messages.map((m) => m.data),
        ['1', '2', '3'],
      );
      const requests = await server.requests();
      check.lengthOf(requests, 2);
      check.equal(requests[1]?.headers['last-event-id'], 'a-2');
      check.deepEqual(
        rec.errors.map((e) => [e.kind, e.fatal]),
        [['network', false]],
      );
    });

    it('reconnects after a normal end of the stream, sending Last-Event-ID', async () => {
      const {
        server,
        client: c,
        rec,
      } = await setup({
        responses: [
          { steps: [{ write: sse({ id: '5', data: 'five' }) }, { end: true }] },
          { steps: [{ write: sse({ id: '6', data: 'six' }) }, { hold: true }] },
        ],
      });
      c.connect();
      await rec.untilMessages(2);
      const requests = await server.requests();
      check.equal(requests[1]?.headers['last-event-id'], '5');
      check.deepEqual(rec.errors, []);
      const reconnecting = rec.statuses.find((s) => s.status === 'reconnecting');
      check.equal(reconnecting?.attempt, 1);
    });

    it('starts from the lastEventId option', async () => {
      const {
        server,
        client: c,
        rec,
      } = await setup({ responses: [{ steps: [{ write: sse({ data: 'x' }) }, { hold: true }] }] }, { lastEventId: '41' });
      c.connect();
      await rec.untilMessages(1);
      check.equal((await server.requests())[0]?.headers['last-event-id'], '41');
    });

    it('keeps the resume point across a connection that only sent comments before it dropped', async () => {
      const {
        server,
        client: c,
        rec,
      } = await setup({
        responses: [
          { steps: [{ write: sse({ id: '7', data: 'a' }) }, { wait: 30 }, { destroy: true }] },
          { steps: [{ write: 'retry: 10\n\n: connected\n\n' }, { wait: 30 }, { destroy: true }] },
          { steps: [{ hold: true }] },
        ],
      });
      c.connect();
      await server.waitFor({ requests: 3 });
      const requests = await server.requests();
      check.deepEqual(
        requests.map((r) => r.headers['last-event-id']),
        [undefined, '7', '7'],
      );
      check.equal(c.lastEventId, '7');
      check.lengthOf(rec.messages, 1);
    });

    it('an empty id: line still clears the resume point (the server asks to start over)', async () => {
      const {
        server,
        client: c,
        rec,
      } = await setup({
        responses: [
          { steps: [{ write: sse({ id: '9', data: 'a' }) }, { end: true }] },
          { steps: [{ write: 'event: reset\nid\ndata: {"reason":"expired"}\n\n' }, { end: true }] },
          { steps: [{ hold: true }] },
        ],
      });
      c.connect();
      await server.waitFor({ requests: 3 });
      const requests = await server.requests();
      check.equal(requests[1]?.headers['last-event-id'], '9');
      check.equal(requests[2]?.headers['last-event-id'], undefined);
      check.deepEqual(rec.messages[1], { event: 'reset', data: '{"reason":"expired"}' });
    });
  });
}
