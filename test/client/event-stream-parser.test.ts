import { expect } from '@open-wc/testing';
import { EventStreamParser, type ParsedEvent } from '../../src/client/event-stream-parser.js';

// Table of cases taken from the WHATWG HTML "event stream interpretation" text. Each stream
// is fed whole, byte by byte, in 2-, 3- and 7-byte chunks, and split in two at every offset,
// and must give the same events every time.

interface Case {
  name: string;
  input: string | number[];
  events: Array<Partial<ParsedEvent> & { data: string }>;
  retries?: number[];
  lastEventId?: string;
  /** Every committed last-event-ID value, in order (one per dispatch). */
  idCommits?: string[];
}

const cases: Case[] = [
  { name: 'one event, LF', input: 'data: hello\n\n', events: [{ type: 'message', data: 'hello' }] },
  { name: 'CRLF line ends', input: 'data: hello\r\n\r\n', events: [{ data: 'hello' }] },
  { name: 'CR line ends', input: 'data: hello\r\rdata: again\r\r', events: [{ data: 'hello' }, { data: 'again' }] },
  {
    name: 'mixed line ends',
    input: 'data: a\rdata: b\ndata: c\r\n\n',
    events: [{ data: 'a\nb\nc' }],
  },
  { name: 'CR then LF counts as one line end', input: 'data: x\r\n\r\n', events: [{ data: 'x' }] },
  { name: 'LF then CR is two line ends', input: 'data: x\n\rdata: y\n\n', events: [{ data: 'x' }, { data: 'y' }] },
  { name: 'leading BOM stripped', input: '\uFEFFdata: bom\n\n', events: [{ data: 'bom' }] },
  {
    name: 'only one leading BOM stripped; a second makes an unknown field',
    input: '\uFEFF\uFEFFdata: x\n\ndata: y\n\n',
    events: [{ data: 'y' }],
  },
  { name: 'BOM inside data kept', input: 'data: a\uFEFFb\n\n', events: [{ data: 'a\uFEFFb' }] },
  { name: 'BOM at the start of a later line kept', input: 'data: a\n\n\uFEFFdata: b\n\n', events: [{ data: 'a' }] },
  { name: 'comment ignored', input: ': keepalive\n\n', events: [] },
  { name: 'comment inside an event', input: 'data: a\n: note\ndata: b\n\n', events: [{ data: 'a\nb' }] },
  { name: 'heartbeat comments only', input: ':\n:\n: ping\n\n\n', events: [] },
  { name: 'no space after colon', input: 'data:tight\n\n', events: [{ data: 'tight' }] },
  { name: 'only one leading space stripped', input: 'data:  two\n\n', events: [{ data: ' two' }] },
  { name: 'tab is not stripped', input: 'data:\tx\n\n', events: [{ data: '\tx' }] },
  { name: 'colon in value kept', input: 'data: a: b:c\n\n', events: [{ data: 'a: b:c' }] },
  { name: 'multi-line data joined with LF', input: 'data: one\ndata: two\ndata: three\n\n', events: [{ data: 'one\ntwo\nthree' }] },
  { name: 'empty data line counts', input: 'data\n\n', events: [{ data: '' }] },
  { name: 'empty data: line counts', input: 'data:\n\n', events: [{ data: '' }] },
  { name: 'leading empty data line kept', input: 'data:\ndata: x\n\n', events: [{ data: '\nx' }] },
  { name: 'trailing empty data line kept', input: 'data: x\ndata:\n\n', events: [{ data: 'x\n' }] },
  { name: 'two empty data lines', input: 'data\ndata\n\n', events: [{ data: '\n' }] },
  { name: 'field without colon is a field with empty value', input: 'event\ndata: x\n\n', events: [{ type: 'message', data: 'x' }] },
  { name: 'blank lines with no data dispatch nothing', input: '\n\n\n\n', events: [] },
  { name: 'event without data not dispatched', input: 'event: update\n\ndata: x\n\n', events: [{ type: 'message', data: 'x' }] },
  { name: 'named event', input: 'event: progress\ndata: {}\n\n', events: [{ type: 'progress', data: '{}' }] },
  {
    name: 'event type reset after dispatch',
    input: 'event: progress\ndata: 1\n\ndata: 2\n\n',
    events: [
      { type: 'progress', data: '1' },
      { type: 'message', data: '2' },
    ],
  },
  { name: 'empty event type means message', input: 'event:\ndata: x\n\n', events: [{ type: 'message', data: 'x' }] },
  { name: 'later event field wins', input: 'event: a\nevent: b\ndata: x\n\n', events: [{ type: 'b', data: 'x' }] },
  { name: 'event name is case-sensitive', input: 'event: Progress\ndata: x\n\n', events: [{ type: 'Progress', data: 'x' }] },
  { name: 'field names are case-sensitive', input: 'Data: x\nDATA: y\n\n', events: [] },
  { name: 'unknown field ignored', input: 'foo: bar\ndata: x\n\n', events: [{ data: 'x' }] },
  { name: 'space before colon makes another field', input: 'data : x\n\n', events: [] },
  { name: 'id attached', input: 'id: 1\ndata: x\n\n', events: [{ data: 'x', lastEventId: '1' }], lastEventId: '1' },
  {
    name: 'id persists across events',
    input: 'id: 7\ndata: a\n\ndata: b\n\n',
    events: [
      { data: 'a', lastEventId: '7' },
      { data: 'b', lastEventId: '7' },
    ],
    lastEventId: '7',
  },
  {
    name: 'empty id resets it',
    input: 'id: 7\ndata: a\n\nid\ndata: b\n\n',
    events: [
      { data: 'a', lastEventId: '7' },
      { data: 'b', lastEventId: '' },
    ],
    lastEventId: '',
  },
  {
    name: 'id with NUL ignored',
    input: 'id: 3\ndata: a\n\nid: 4\u00005\ndata: b\n\n',
    events: [
      { data: 'a', lastEventId: '3' },
      { data: 'b', lastEventId: '3' },
    ],
    lastEventId: '3',
  },
  {
    name: 'id set without data still commits at the blank line',
    input: 'id: 9\n\n',
    events: [],
    lastEventId: '9',
    idCommits: ['9'],
  },
  {
    name: 'id after data in the same event applies to it',
    input: 'data: x\nid: 5\n\n',
    events: [{ data: 'x', lastEventId: '5' }],
  },
  { name: 'id keeps spaces after the first', input: 'id:  a b \ndata: x\n\n', events: [{ data: 'x', lastEventId: ' a b ' }] },
  { name: 'retry digits accepted', input: 'retry: 2500\n\n', events: [], retries: [2500] },
  { name: 'retry with letters ignored', input: 'retry: 10abc\n\n', events: [], retries: [] },
  { name: 'retry negative ignored', input: 'retry: -1\n\n', events: [], retries: [] },
  { name: 'retry exponent ignored', input: 'retry: 1e9\n\n', events: [], retries: [] },
  { name: 'retry decimal ignored', input: 'retry: 1.5\n\n', events: [], retries: [] },
  { name: 'retry empty ignored', input: 'retry:\n\n', events: [], retries: [] },
  { name: 'retry with trailing space ignored', input: 'retry: 100 \n\n', events: [], retries: [] },
  { name: 'retry zero accepted', input: 'retry: 0\n\n', events: [], retries: [0] },
  { name: 'retry does not dispatch', input: 'retry: 5\ndata: x\n\n', events: [{ data: 'x' }], retries: [5] },
  { name: 'unterminated last event not dispatched', input: 'data: a\n\ndata: b\n', events: [{ data: 'a' }] },
  { name: 'unterminated last line not dispatched', input: 'data: a\n\ndata: b', events: [{ data: 'a' }] },
  { name: 'single line end is not an event end', input: 'data: a\n', events: [] },
  {
    name: 'invalid UTF-8 becomes U+FFFD',
    input: [...new TextEncoder().encode('data: a'), 0xff, 0xfe, ...new TextEncoder().encode('b\n\n')],
    events: [{ data: 'a\uFFFD\uFFFDb' }],
  },
  {
    name: 'truncated UTF-8 sequence before LF becomes U+FFFD',
    input: [...new TextEncoder().encode('data: '), 0xe2, 0x82, 0x0a, 0x0a],
    events: [{ data: '\uFFFD' }],
  },
  {
    name: 'multi-byte characters survive any chunking',
    input: 'data: héllo 日本 🚀\n\n',
    events: [{ data: 'héllo 日本 🚀' }],
  },
  {
    name: 'NUL in data kept',
    input: 'data: a\u0000b\n\n',
    events: [{ data: 'a\u0000b' }],
  },
  {
    name: 'JSON payload untouched',
    input: 'event: progress\nid: 42\ndata: {"step":"scanning","progress":20,"message":"Analyzing 59 tables, 450 columns..."}\n\n',
    events: [
      {
        type: 'progress',
        lastEventId: '42',
        data: '{"step":"scanning","progress":20,"message":"Analyzing 59 tables, 450 columns..."}',
      },
    ],
  },
  {
    name: 'spec example: three blocks',
    input: 'data: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n',
    events: [
      { data: 'first event', lastEventId: '1' },
      { data: 'second event', lastEventId: '' },
      { data: ' third event', lastEventId: '' },
    ],
  },
  {
    name: 'spec example: two events, last unterminated',
    input: 'data\n\ndata\ndata\n\ndata:',
    events: [{ data: '' }, { data: '\n' }],
  },
  {
    name: 'spec example: stock ticker',
    input: 'data: YHOO\ndata: +2\ndata: 10\n\n',
    events: [{ data: 'YHOO\n+2\n10' }],
  },
  {
    name: 'spec example: identical events with and without space',
    input: 'data:test\n\ndata: test\n\n',
    events: [{ data: 'test' }, { data: 'test' }],
  },
  {
    name: 'many events back to back',
    input: Array.from({ length: 20 }, (_, i) => `id: ${i}\ndata: ${i}\n\n`).join(''),
    events: Array.from({ length: 20 }, (_, i) => ({ data: String(i), lastEventId: String(i) })),
  },
];

function bytesOf(input: string | number[]): Uint8Array {
  return typeof input === 'string' ? new TextEncoder().encode(input) : new Uint8Array(input);
}

function chunkings(bytes: Uint8Array): Array<{ label: string; chunks: Uint8Array[] }> {
  const bySize = (size: number) => {
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
    return { label: `${size}-byte chunks`, chunks };
  };
  const result = [{ label: 'whole', chunks: [bytes] }, bySize(1), bySize(2), bySize(3), bySize(7)];
  for (let at = 1; at < bytes.length; at++) {
    result.push({ label: `split at ${at}`, chunks: [bytes.subarray(0, at), bytes.subarray(at)] });
  }
  return result;
}

function run(chunks: Uint8Array[]) {
  const events: ParsedEvent[] = [];
  const retries: number[] = [];
  const idCommits: string[] = [];
  const parser = new EventStreamParser({
    onEvent: (e) => events.push(e),
    onRetry: (ms) => retries.push(ms),
    onLastEventId: (id) => idCommits.push(id),
  });
  for (const chunk of chunks) parser.pushBytes(chunk);
  parser.end();
  return { events, retries, idCommits, lastEventId: parser.lastEventIdBuffer };
}

describe('EventStreamParser (WHATWG event stream interpretation)', () => {
  for (const c of cases) {
    it(c.name, () => {
      for (const { label, chunks } of chunkings(bytesOf(c.input))) {
        const result = run(chunks);
        const expected = c.events.map((e) => ({ type: e.type ?? 'message', data: e.data, lastEventId: e.lastEventId ?? '' }));
        expect(result.events, label).to.deep.equal(expected);
        if (c.retries) expect(result.retries, label).to.deep.equal(c.retries);
        if (c.lastEventId !== undefined) expect(result.lastEventId, label).to.equal(c.lastEventId);
        if (c.idCommits) expect(result.idCommits, label).to.deep.equal(c.idCommits);
      }
    });
  }

  it('commits the last event ID at every dispatch, data or not', () => {
    const { idCommits } = run([bytesOf('id: 1\ndata: a\n\n: c\n\nid: 2\n\ndata: b\n\n')]);
    expect(idCommits).to.deep.equal(['1', '1', '2', '2']);
  });

  it('strips the BOM once per parser, so a new connection strips it again', () => {
    const first = run([bytesOf('\uFEFFdata: a\n\n')]);
    const second = run([bytesOf('\uFEFFdata: b\n\n')]);
    expect(first.events.map((e) => e.data)).to.deep.equal(['a']);
    expect(second.events.map((e) => e.data)).to.deep.equal(['b']);
  });

  it('parses a 4 MB single-line event fed in 16 KB chunks', () => {
    const payload = 'x'.repeat(4 * 1024 * 1024);
    const bytes = bytesOf(`data: ${payload}\n\n`);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 16 * 1024) chunks.push(bytes.subarray(i, i + 16 * 1024));
    const { events } = run(chunks);
    expect(events).to.have.length(1);
    expect(events[0]?.data.length).to.equal(payload.length);
  });

  it('parses 100,000 events in one chunk', () => {
    const text = 'data: {"n":1}\n\n'.repeat(100_000);
    const { events } = run([bytesOf(text)]);
    expect(events).to.have.length(100_000);
    expect(events[99_999]?.data).to.equal('{"n":1}');
  });
});

describe('EventStreamParser: the starting last event ID', () => {
  it('starts from the given id, so comment-only blocks keep it', () => {
    const ids: string[] = [];
    const parser = new EventStreamParser({ onEvent: () => undefined, onLastEventId: (id) => ids.push(id) }, '41');
    parser.pushBytes(new TextEncoder().encode(': connected\n\ndata: x\n\nid\n\n'));
    expect(ids).to.deep.equal(['41', '41', '']);
  });
});
