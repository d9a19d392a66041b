import { expect } from '@open-wc/testing';
import { EventStreamParser, StreamClient, type StreamClientOptions } from '../../src/client/index.js';
import { record } from '../support/client-recorder.js';
import { scenario, sse } from '../support/sse-server.js';

// Issue 16: the maximum event size, in a page, against the real SSE test server. An event (or a
// line that never ends) over `maxEventSize` aborts the connection with one fatal `too-large`
// error instead of being buffered without bound.

const clients: StreamClient[] = [];
function client(options: StreamClientOptions): StreamClient {
  const c = new StreamClient({ heartbeatTimeoutMs: 0, retryDelayMs: 10, random: () => 1, ...options });
  clients.push(c);
  return c;
}

afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

const LIMIT = 64 * 1024;

describe('StreamClient: maxEventSize', () => {
  it('delivers the events before an oversized one, then stops with one fatal too-large error', async () => {
    const server = await scenario({
      responses: [{ steps: [{ write: sse({ id: '1', data: 'small' }) }, { write: `data: ${'x'.repeat(LIMIT * 3)}` }, { hold: true }] }],
    });
    const c = client({ url: server.url, maxEventSize: LIMIT });
    const rec = record(c);
    c.connect();
    const offline = await rec.untilStatus('offline', 10_000);
    expect(rec.messages.map((m) => m.data)).to.deep.equal(['small']);
    expect(rec.errors.map((e) => [e.kind, e.fatal])).to.deep.equal([['too-large', true]]);
    expect(offline.error?.kind).to.equal('too-large');
    expect(c.lastEventId).to.equal('1');
    // The request was aborted (the server saw it close), and none followed.
    const seen = await server.waitFor({ requests: 1, closed: 1, timeoutMs: 10_000 });
    expect(seen).to.have.length(1);
    await server.dispose();
  });

  it('accepts an event of exactly maxEventSize characters', async () => {
    const data = 'y'.repeat(LIMIT - 'data: '.length);
    const server = await scenario({ responses: [{ steps: [{ write: sse({ data }) }, { hold: true }] }] });
    const c = client({ url: server.url, maxEventSize: LIMIT });
    const rec = record(c);
    c.connect();
    await rec.untilMessages(1, 10_000);
    expect(rec.messages[0]?.data.length).to.equal(data.length);
    expect(rec.errors).to.deep.equal([]);
    expect(c.status).to.equal('open');
    await server.dispose();
  });

  it('retry() after too-large tries again (the caller decides)', async () => {
    const server = await scenario({
      responses: [
        { steps: [{ write: `data: ${'x'.repeat(LIMIT * 2)}` }, { hold: true }] },
        { steps: [{ write: sse({ data: 'fine' }) }, { hold: true }] },
      ],
    });
    const c = client({ url: server.url, maxEventSize: LIMIT });
    const rec = record(c);
    c.connect();
    await rec.untilStatus('offline', 10_000);
    c.retry();
    await rec.untilMessages(1, 10_000);
    expect(rec.messages.map((m) => m.data)).to.deep.equal(['fine']);
    await server.dispose();
  });
});

describe('EventStreamParser: maxEventSize', () => {
  function parse(text: string, maxEventSize: number, chunkSize = text.length) {
    const events: string[] = [];
    const tooLarge: number[] = [];
    let mostBuffered = 0;
    const parser = new EventStreamParser({ onEvent: (e) => events.push(e.data), onTooLarge: (max) => tooLarge.push(max) }, '', {
      maxEventSize,
    });
    for (let i = 0; i < text.length; i += chunkSize) {
      parser.pushText(text.slice(i, i + chunkSize));
      mostBuffered = Math.max(mostBuffered, parser.bufferedLength);
    }
    return { events, tooLarge, mostBuffered, parser };
  }

  it('counts the line being read and the data so far, whatever the chunking', () => {
    // 'data: abcd' is 10 characters; the second line makes the event's data 4 + 10 = 14.
    for (const chunkSize of [1, 3, 7, 100]) {
      expect(parse('data: abcd\n\n', 10, chunkSize).events, `chunks of ${chunkSize}`).to.deep.equal(['abcd']);
      const over = parse('data: abcde\n\n', 10, chunkSize);
      expect(over.events).to.deep.equal([]);
      expect(over.tooLarge).to.deep.equal([10]);
      const lines = parse('data: abcd\ndata: efgh\n\n', 13, chunkSize);
      expect(lines.tooLarge).to.deep.equal([13]);
      expect(lines.mostBuffered).to.be.at.most(13);
    }
  });

  it('counts each event on its own: many events under the limit all pass', () => {
    const { events, tooLarge } = parse('data: abcd\n\n'.repeat(1000), 10, 64);
    expect(events).to.have.length(1000);
    expect(tooLarge).to.deep.equal([]);
  });

  it('ignores the rest of the stream after the limit, and end() starts over', () => {
    const { events, tooLarge, parser } = parse(`data: ${'z'.repeat(50)}\n\ndata: later\n\n`, 20, 5);
    expect(events).to.deep.equal([]);
    expect(tooLarge).to.deep.equal([20]);
    expect(parser.bufferedLength).to.equal(0);
    parser.end();
    parser.pushText('data: next\n\n');
    expect(events).to.deep.equal(['next']);
  });

  it('defaults to 16 Mi characters when the option is absent or not a positive number', () => {
    for (const maxEventSize of [undefined, 0, -1, Number.NaN]) {
      const tooLarge: number[] = [];
      const parser = new EventStreamParser({ onEvent: () => undefined, onTooLarge: (max) => tooLarge.push(max) }, '', { maxEventSize });
      parser.pushText('x'.repeat(16 * 1024 * 1024 + 1));
      expect(tooLarge, String(maxEventSize)).to.deep.equal([16 * 1024 * 1024]);
    }
  });
});
