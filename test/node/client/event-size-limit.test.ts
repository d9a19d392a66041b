// Issue 16: the parser's maximum event size, under Node 20 against a real server on 127.0.0.1
// that sends one 20 MiB line (or 20 MiB of data lines in one event) and never ends it. Without
// the limit the client buffered all of it, and a server that kept going would exhaust memory.
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { EventStreamParser, StreamClient } from '../../../src/client/index.js';
import { record } from '../../support/client-recorder.js';
import { listen, until, type TestHttpServer } from '../server/helpers.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const HUGE = 20 * MiB;
const LIMIT = 1 * MiB;

/** One response of the flood server. */
interface Served {
  /** Bytes of the huge event written before the client went away (or all of them). */
  written: number;
  closed: boolean;
}

/** Writes `total` bytes of `piece` repeated, waiting for the socket to drain, until the client leaves. */
async function writeFlood(res: ServerResponse, piece: string, total: number, served: Served): Promise<void> {
  const chunk = piece.repeat(Math.ceil((64 * KiB) / piece.length));
  while (served.written < total && !res.destroyed) {
    const ok = res.write(chunk);
    served.written += chunk.length;
    if (!ok) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done).off('close', done);
          resolve();
        };
        res.on('drain', done).on('close', done);
      });
    }
  }
}

/** A server whose every response sends one small event, then 20 MiB of `flood` that never ends the event. */
async function floodServer(flood: { head: string; piece: string }): Promise<{ server: TestHttpServer; responses: Served[] }> {
  const responses: Served[] = [];
  const server = await listen((_req, res) => {
    const served: Served = { written: 0, closed: false };
    responses.push(served);
    res.on('close', () => (served.closed = true));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write('id: 1\ndata: ok\n\n');
    res.write(flood.head);
    void writeFlood(res, flood.piece, HUGE, served);
  });
  return { server, responses };
}

const floods = {
  'one 20 MiB line': { head: 'data: ', piece: 'x' },
  '20 MiB of data lines in one event': { head: '', piece: `data: ${'y'.repeat(1000)}\n` },
};

for (const [name, flood] of Object.entries(floods)) {
  describe(`maxEventSize: ${name}`, () => {
    let server: TestHttpServer;
    let responses: Served[];
    before(async () => {
      ({ server, responses } = await floodServer(flood));
    });
    after(async () => {
      await server.close();
    });

    it('StreamClient aborts the connection with one fatal too-large error and does not reconnect', async () => {
      const client = new StreamClient({ url: server.url, maxEventSize: LIMIT, heartbeatTimeoutMs: 0, retryDelayMs: 10 });
      const rec = record(client);
      client.connect();
      await rec.untilStatus('offline', 20_000);
      const served = responses[0];
      assert.ok(served);
      await until(() => served.closed, 20_000, 'the server to see the request closed');
      assert.deepEqual(
        rec.errors.map((e) => ({ kind: e.kind, fatal: e.fatal })),
        [{ kind: 'too-large', fatal: true }],
      );
      assert.match(rec.errors[0]?.message ?? '', /1048576 characters/);
      assert.deepEqual(
        rec.messages.map((m) => m.data),
        ['ok'],
      );
      assert.equal(client.lastEventId, '1');
      assert.equal(responses.length, 1, 'a fatal error: no reconnect');
      // The client stopped reading at the limit: the server could not push its 20 MiB through.
      assert.ok(served.written < HUGE, `the server wrote all ${served.written} bytes`);
      client.close();
    });

    it('EventStreamParser never holds more than maxEventSize while reading the real body', async () => {
      const tooLarge: number[] = [];
      const events: string[] = [];
      const parser = new EventStreamParser({ onEvent: (e) => events.push(e.data), onTooLarge: (max) => tooLarge.push(max) }, '', {
        maxEventSize: LIMIT,
      });
      const response = await fetch(server.url);
      assert.ok(response.body);
      const reader = response.body.getReader();
      let read = 0;
      let mostBuffered = 0;
      // Read well past the limit (half the flood) to show that nothing accumulates after it.
      while (read < HUGE / 2) {
        const { done, value } = await reader.read();
        if (done) break;
        read += value.length;
        parser.pushBytes(value);
        mostBuffered = Math.max(mostBuffered, parser.bufferedLength);
      }
      await reader.cancel();
      assert.ok(read >= HUGE / 2, `read only ${read} bytes`);
      assert.deepEqual(events, ['ok']);
      assert.deepEqual(tooLarge, [LIMIT]);
      assert.ok(mostBuffered <= LIMIT, `buffered ${mostBuffered} characters`);
      assert.equal(parser.bufferedLength, 0, 'what it held was dropped');
    });
  });
}
