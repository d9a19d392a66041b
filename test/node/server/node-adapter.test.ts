// The node:http adapter with real sockets on 127.0.0.1: the StreamClient, raw fetch and raw TCP.
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect as connectHttp2, createServer as createHttp2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import { StreamClient, type StreamMessage } from '../../../src/client/index.js';
import { createEventStream, type EventStream, type SlowReaderInfo } from '../../../src/server/index.js';
import { listen, readStream, until, type TestHttpServer } from './helpers.js';

let server: TestHttpServer | undefined;
const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await server?.close();
  server = undefined;
});

/** Serves `stream` on every request; `onRequest` sees each request first. */
async function serve(stream: EventStream, onRequest?: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestHttpServer> {
  server = await listen((req, res) => {
    onRequest?.(req, res);
    void stream.handleNode(req, res);
  });
  return server;
}

async function open(url: string, headers: Record<string, string> = {}): Promise<{ response: Response; controller: AbortController }> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  cleanups.push(() => controller.abort());
  return { response, controller };
}

describe('handleNode', () => {
  it('answers with the event-stream headers and writes at once', async () => {
    const stream = createEventStream({ retryMs: 1234, heartbeatMs: 0 });
    cleanups.push(() => stream.close());
    const { url } = await serve(stream);
    const { response } = await open(url);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'no-cache, no-transform');
    assert.equal(response.headers.get('x-accel-buffering'), 'no');
    assert.equal(response.headers.get('connection'), 'keep-alive');
    assert.equal(response.headers.get('content-encoding'), null);
    const reader = readStream(response.body!);
    await reader.waitFor((r) => r.retries.length === 1);
    assert.deepEqual(reader.retries, [1234]);
    stream.publish({ event: 'progress', data: { percent: 5 } });
    await reader.waitFor((r) => r.events.length === 1);
    assert.equal(reader.events[0]!.type, 'progress');
    assert.equal(reader.events[0]!.data, '{"percent":5}');
  });

  it('answers 503 with Retry-After when the broker fails, resolves, and tells onError (no unhandled rejection)', async () => {
    const errors: string[] = [];
    const stream = createEventStream({
      heartbeatMs: 0,
      replay: { append: (_key, event) => ({ id: '1', data: event.data }), since: () => Promise.reject(new Error('store down')) },
      onError: (error) => errors.push((error as Error).message),
    });
    const settled: Array<Promise<void>> = [];
    server = await listen((req, res) => settled.push(stream.handleNode(req, res)));
    const response = await fetch(server.url);
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '1');
    await Promise.all(settled);
    assert.deepEqual(errors, ['store down']);
    assert.equal(stream.subscriberCount, 0);
  });

  it('resumes a reconnecting StreamClient with each id exactly once', async () => {
    const stream = createEventStream({ heartbeatMs: 0 });
    const lastEventIds: Array<string | undefined> = [];
    const responses: ServerResponse[] = [];
    const { url } = await serve(stream, (req, res) => {
      lastEventIds.push(req.headers['last-event-id'] as string | undefined);
      responses.push(res);
      // Once the first connection is gone, publish while the client is away.
      if (responses.length === 1) {
        res.on('close', () => {
          for (const n of [4, 5, 6]) stream.publish({ event: 'progress', data: { n } });
        });
      }
    });
    const client = new StreamClient({ url, retryDelayMs: 10, terminalEvents: ['stream_end'] });
    const messages: StreamMessage[] = [];
    client.addEventListener('message', (e) => messages.push(e.detail));
    const closed = new Promise<void>((resolve) =>
      client.addEventListener('status', (e) => {
        if (e.detail.status === 'closed') resolve();
      }),
    );
    cleanups.push(() => client.close());
    client.connect();
    await until(() => stream.subscriberCount === 1, 2000, 'the client to connect');
    const published = [];
    for (const n of [1, 2, 3]) published.push(await stream.publish({ event: 'progress', data: { n } }));
    await until(() => messages.length === 3, 2000, 'three messages');
    responses[0]!.destroy(); // the connection drops
    await until(() => responses.length === 2 && stream.subscriberCount === 1, 2000, 'the reconnect');
    await stream.publish({ event: 'progress', data: { n: 7 } });
    await stream.end({ event: 'stream_end', data: { reason: 'done' } });
    await closed;

    assert.deepEqual(lastEventIds, [undefined, published[2]!.id]);
    assert.deepEqual(
      messages.map((m) => (m.event === 'stream_end' ? 'end' : (JSON.parse(m.data) as { n: number }).n)),
      [1, 2, 3, 4, 5, 6, 7, 'end'],
    );
    const ids = messages.map((m) => m.id);
    assert.equal(new Set(ids).size, ids.length, 'no id twice');
    assert.ok(ids.every((id) => id !== undefined));
  });

  it('says reset, with the reason, for an unknown Last-Event-ID and then starts over', async () => {
    const stream = createEventStream({ heartbeatMs: 0 });
    cleanups.push(() => stream.close());
    const a = await stream.publish({ data: 'a' });
    const b = await stream.publish({ data: 'b' });
    const { url } = await serve(stream);
    const { response } = await open(url, { 'last-event-id': 'from-before-a-restart' });
    const reader = readStream(response.body!);
    await reader.waitFor((r) => r.events.length === 3);
    const [reset, ...rest] = reader.events;
    assert.equal(reset!.type, 'reset');
    assert.deepEqual(JSON.parse(reset!.data), { reason: 'unknown', lastEventId: 'from-before-a-restart' });
    assert.equal(reset!.lastEventId, '', 'the reset clears the client’s id');
    assert.deepEqual(
      rest.map((e) => [e.lastEventId, e.data]),
      [
        [a.id, 'a'],
        [b.id, 'b'],
      ],
    );
  });

  it('says reset with reason expired for an id older than the buffer, and sends what it still has', async () => {
    const stream = createEventStream({ heartbeatMs: 0, bufferSize: 3 });
    cleanups.push(() => stream.close());
    const published = [];
    for (let i = 1; i <= 6; i++) published.push(await stream.publish({ data: String(i) }));
    const { url } = await serve(stream);
    const { response } = await open(url, { 'last-event-id': published[0]!.id });
    const reader = readStream(response.body!);
    await reader.waitFor((r) => r.events.length === 4);
    assert.deepEqual(JSON.parse(reader.events[0]!.data), { reason: 'expired', lastEventId: published[0]!.id });
    assert.deepEqual(
      reader.events.slice(1).map((e) => e.data),
      ['4', '5', '6'],
    );
  });

  it('sends nothing old to a client that is up to date, then live events', async () => {
    const stream = createEventStream({ heartbeatMs: 0 });
    cleanups.push(() => stream.close());
    await stream.publish({ data: 'old' });
    const latest = await stream.publish({ data: 'latest' });
    const { url } = await serve(stream);
    const { response } = await open(url, { 'last-event-id': latest.id });
    const reader = readStream(response.body!);
    await until(() => stream.subscriberCount === 1);
    await reader.waitFor((r) => r.raw().includes(': connected'));
    await stream.publish({ data: 'new' });
    await reader.waitFor((r) => r.events.length === 1);
    assert.deepEqual(
      reader.events.map((e) => e.data),
      ['new'],
    );
  });

  it('sends a keepalive comment every heartbeatMs', async () => {
    const stream = createEventStream({ heartbeatMs: 50 });
    cleanups.push(() => stream.close());
    const { url } = await serve(stream);
    const { response } = await open(url);
    const reader = readStream(response.body!);
    const seenAt: number[] = [];
    const count = (): number => reader.raw().split(': keepalive\n\n').length - 1;
    const started = Date.now();
    while (seenAt.length < 4) {
      await reader.waitFor(() => count() > seenAt.length, 1000);
      seenAt.push(Date.now() - started);
    }
    // One late timer makes the next gap look short, so the average is what is checked.
    const meanGap = (seenAt.at(-1)! - seenAt[0]!) / (seenAt.length - 1);
    assert.ok(meanGap >= 35 && meanGap <= 150, `mean gap ${meanGap} ms in ${JSON.stringify(seenAt)}`);
    assert.deepEqual(reader.events, [], 'heartbeats dispatch nothing');
  });

  it('ends with a terminal event, then answers 204 to a client that saw it', async () => {
    const stream = createEventStream({ heartbeatMs: 0 });
    const { url } = await serve(stream);
    const { response } = await open(url);
    const reader = readStream(response.body!);
    await until(() => stream.subscriberCount === 1);
    await stream.publish({ event: 'progress', data: { percent: 99 } });
    await stream.end({ event: 'stream_end', data: { reason: 'complete' } });
    assert.equal(await reader.finished, 'end', 'the response ends');
    assert.deepEqual(
      reader.events.map((e) => e.type),
      ['progress', 'stream_end'],
    );
    assert.equal(stream.subscriberCount, 0);
    const terminalId = reader.events[1]!.lastEventId;

    const again = await open(url, { 'last-event-id': terminalId });
    assert.equal(again.response.status, 204);

    const behind = await open(url, { 'last-event-id': reader.events[0]!.lastEventId });
    const behindReader = readStream(behind.response.body!);
    assert.equal(await behindReader.finished, 'end');
    assert.deepEqual(
      behindReader.events.map((e) => e.type),
      ['stream_end'],
    );
  });

  it('stops a StreamClient without terminal events configured with the 204', async () => {
    const stream = createEventStream({ heartbeatMs: 0 });
    const { url } = await serve(stream);
    const client = new StreamClient({ url, retryDelayMs: 10 });
    cleanups.push(() => client.close());
    const messages: StreamMessage[] = [];
    const statuses: string[] = [];
    client.addEventListener('message', (e) => messages.push(e.detail));
    const closed = new Promise<void>((resolve) =>
      client.addEventListener('status', (e) => {
        statuses.push(e.detail.status);
        if (e.detail.status === 'closed') resolve();
      }),
    );
    client.connect();
    await until(() => stream.subscriberCount === 1);
    await stream.publish({ data: 'one' });
    await stream.end({ event: 'done', data: 'two' });
    await closed;
    assert.deepEqual(
      messages.map((m) => m.data),
      ['one', 'two'],
    );
    assert.equal(statuses.at(-1), 'closed');
    assert.equal(client.status, 'closed');
  });

  it('drops a reader that does not read, stays bounded and keeps serving others', async () => {
    const reports: SlowReaderInfo[] = [];
    const maxQueueBytes = 256 * 1024;
    const stream = createEventStream({ heartbeatMs: 0, maxQueueBytes, onSlowReader: (info) => reports.push(info) });
    cleanups.push(() => stream.close());
    let res: ServerResponse | undefined;
    const { port, url } = await serve(stream, (_req, response) => (res ??= response));
    const socket: Socket = connect(port, '127.0.0.1');
    cleanups.push(() => socket.destroy());
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n');
    socket.pause(); // never reads: the kernel buffers fill up, then the server's queue
    await until(() => stream.subscriberCount === 1);

    const chunk = 'x'.repeat(64 * 1024);
    let published = 0;
    let nodeBuffered = 0;
    while (reports.length === 0 && published < 2000) {
      await stream.publish({ event: 'progress', data: chunk });
      published++;
      nodeBuffered = Math.max(nodeBuffered, res!.writableLength);
      if (published % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(reports.length, 1, `dropped after ${published} events of 64 KiB`);
    // Bounded twice: the stream's own queue, and what it handed to Node (written only while
    // Node accepts more, so at most its high-water mark plus one event).
    assert.ok(reports[0]!.queuedBytes <= maxQueueBytes, `queue bounded: ${reports[0]!.queuedBytes}`);
    assert.ok(nodeBuffered <= res!.writableHighWaterMark + chunk.length + 100, `Node buffered ${nodeBuffered} bytes`);
    await until(() => stream.subscriberCount === 0);
    assert.ok(res!.destroyed, 'the connection was dropped');

    const { response } = await open(url, { 'last-event-id': 'unknown' });
    assert.equal(response.status, 200, 'the server still serves');
    await response.body?.cancel();
  });

  it('writes everything, in order, to a reader that pauses and catches up', async () => {
    const stream = createEventStream({ heartbeatMs: 0, maxQueueBytes: 16 * 1024 * 1024 });
    cleanups.push(() => stream.close());
    const { port } = await serve(stream);
    const socket: Socket = connect(port, '127.0.0.1');
    cleanups.push(() => socket.destroy());
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    socket.pause();
    await until(() => stream.subscriberCount === 1);
    const count = 120;
    const body = 'y'.repeat(32 * 1024);
    for (let i = 0; i < count; i++) await stream.publish({ id: `e${i}`, data: body });
    // Nothing read so far: the server has had to queue beyond what the sockets hold.
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (text += d));
    socket.resume();
    await until(() => text.includes(`id: e${count - 1}\n`), 5000, 'the last event');
    const ids = [...text.matchAll(/^id: (.*)$/gm)].map((m) => m[1]);
    assert.deepEqual(
      ids,
      Array.from({ length: count }, (_, i) => `e${i}`),
    );
    assert.equal(stream.subscriberCount, 1, 'not dropped');
  });

  it('works with the http2 compatibility API, without the Connection header HTTP/2 forbids', async () => {
    const stream = createEventStream({ heartbeatMs: 0 });
    cleanups.push(() => stream.close());
    const h2 = createHttp2Server((req, res) => void stream.handleNode(req, res));
    await new Promise<void>((resolve) => h2.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => h2.close(resolve)));
    const session = connectHttp2(`http://127.0.0.1:${(h2.address() as AddressInfo).port}`);
    cleanups.push(() => session.destroy());
    const req = session.request({ ':path': '/', 'last-event-id': 'unknown-id' });
    const headers = await new Promise<Record<string, unknown>>((resolve) => req.on('response', (h) => resolve({ ...h })));
    assert.equal(headers[':status'], 200);
    assert.equal(headers['content-type'], 'text/event-stream; charset=utf-8');
    assert.equal(headers['connection'], undefined);
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (text += d));
    await until(() => text.includes('event: reset'));
    await stream.publish({ data: 'over h2' });
    await until(() => text.includes('data: over h2'));
    req.close();
    await until(() => stream.subscriberCount === 0, 2000, 'the stream to be reset');
  });
});
