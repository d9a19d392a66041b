// Last-Event-ID carries the UTF-8 bytes of the id (as browsers' EventSource and StreamClient send
// it); node:http and Web `Headers` expose each byte as one Latin-1 character. Both adapters must
// decode it, or every reconnect with a non-ASCII id gets a reset and the whole buffer again.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import { createEventStream, formatEvent, type EventStream } from '../../../src/server/index.js';
import { decodeLastEventId } from '../../../src/server/last-event-id.js';
import { listen, readStream, until, type TestHttpServer } from './helpers.js';

let server: TestHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const IDS = ['étape-1', 'étape-2', 'étape-3'];

async function streamWithIds(ids: readonly string[] = IDS): Promise<EventStream> {
  const stream = createEventStream({ heartbeatMs: 0 });
  for (const id of ids) await stream.publish({ id, event: 'progress', data: id });
  return stream;
}

/** Sends a GET over a raw socket with `headerBytes` as the exact Last-Event-ID bytes; resolves with what came back once `done` holds. */
async function rawGet(port: number, headerBytes: Buffer, done: (text: string) => boolean): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  const head = Buffer.concat([
    Buffer.from('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nLast-Event-ID: '),
    headerBytes,
    Buffer.from('\r\n\r\n'),
  ]);
  socket.write(head);
  let text = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  try {
    await until(() => done(text), 5000, `the response (got ${JSON.stringify(text)})`);
    return text;
  } finally {
    socket.destroy();
  }
}

describe('Last-Event-ID with non-ASCII ids', () => {
  it('handleNode resumes from UTF-8 bytes sent on a raw socket, without a reset', async () => {
    const stream = await streamWithIds();
    server = await listen((req, res) => void stream.handleNode(req, res));
    const text = await rawGet(server.port, Buffer.from('étape-2', 'utf8'), (t) => t.includes('data: étape-3'));
    assert.doesNotMatch(text, /event: reset/);
    assert.doesNotMatch(text, /data: étape-[12]/, 'nothing before the resume point again');
    stream.close();
  });

  it('handleNode resumes from a node:http client header given as binary (Latin-1) text', async () => {
    const stream = await streamWithIds(['🚀-1', '日本-2', 'ß-3']);
    server = await listen((req, res) => void stream.handleNode(req, res));
    const wire = Buffer.from('日本-2', 'utf8').toString('latin1');
    const req = httpRequest(server.url, { headers: { accept: 'text/event-stream', 'last-event-id': wire } });
    req.end();
    const res = await new Promise<import('node:http').IncomingMessage>((resolve) => req.on('response', resolve));
    let text = '';
    res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    await until(() => text.includes('data: ß-3'), 5000, 'the event after the resume point');
    assert.doesNotMatch(text, /reset|🚀|data: 日本/);
    req.destroy();
    stream.close();
  });

  it('keeps the Latin-1 reading when the bytes are not UTF-8 (an old client sending raw Latin-1)', async () => {
    const stream = await streamWithIds(['é-1', 'é-2']);
    server = await listen((req, res) => void stream.handleNode(req, res));
    const text = await rawGet(server.port, Buffer.from([0xe9, 0x2d, 0x31]), (t) => t.includes('data: é-2'));
    assert.doesNotMatch(text, /event: reset/);
    stream.close();
  });

  it('response() decodes the ByteString a runtime puts in Request headers', async () => {
    const stream = await streamWithIds();
    const header = Buffer.from('étape-2', 'utf8').toString('latin1');
    const response = await stream.response(new Request('http://127.0.0.1/', { headers: { 'last-event-id': header } }));
    const reader = readStream(response.body!);
    await reader.waitFor((r) => r.events.length >= 1);
    assert.deepEqual(
      reader.events.map((e) => [e.type, e.lastEventId]),
      [['progress', 'étape-3']],
    );
    await reader.cancel();
    stream.close();
  });

  it('decodes to the id meant, and leaves ASCII, non-bytes and invalid UTF-8 alone', () => {
    const wire = (id: string): string => String.fromCharCode(...new TextEncoder().encode(id));
    for (const id of ['plain-7', 'étape-2', '🚀', '\uFEFFbom-first', 'a\u00a0b']) assert.equal(decodeLastEventId(wire(id)), id);
    assert.equal(decodeLastEventId('\u00e9-1'), '\u00e9-1', 'not UTF-8: kept as Latin-1');
    assert.equal(decodeLastEventId('日本'), '日本', 'already text (a framework decoded it): kept');
  });
});

describe('ids that a Last-Event-ID header cannot bring back', () => {
  it('are refused when published: leading or trailing space or tab', () => {
    const stream = createEventStream({ heartbeatMs: 0 });
    for (const id of [' a', 'a ', '\ta', 'a\t', ' ']) {
      assert.throws(() => stream.publish({ id, data: 'x' }), TypeError, JSON.stringify(id));
      assert.throws(() => formatEvent({ id, data: 'x' }), TypeError, JSON.stringify(id));
    }
    assert.throws(() => stream.end({ id: 'end ', data: 'x' }), TypeError);
    assert.doesNotThrow(() => stream.publish({ id: 'in between', data: 'x' }));
    stream.close();
  });
});
