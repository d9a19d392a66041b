// formatEvent against the WHATWG parsing rules, as implemented by the client's parser.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventStreamParser, type ParsedEvent } from '../../../src/client/index.js';
import { formatComment, formatEvent, serializeData, type ServerSentEvent } from '../../../src/server/index.js';

interface Parsed {
  events: ParsedEvent[];
  lastEventIds: string[];
  retries: number[];
}

/** Parses text as a client would; `chunked` feeds it one byte at a time. */
function parse(text: string, chunked = false): Parsed {
  const result: Parsed = { events: [], lastEventIds: [], retries: [] };
  const parser = new EventStreamParser({
    onEvent: (e) => result.events.push(e),
    onLastEventId: (id) => result.lastEventIds.push(id),
    onRetry: (ms) => result.retries.push(ms),
  });
  const bytes = new TextEncoder().encode(text);
  if (chunked) for (const byte of bytes) parser.pushBytes(Uint8Array.of(byte));
  else parser.pushBytes(bytes);
  return result;
}

function roundTrip(event: ServerSentEvent): ParsedEvent {
  const { events } = parse(formatEvent(event));
  assert.equal(events.length, 1, `one event from ${JSON.stringify(formatEvent(event))}`);
  return events[0]!;
}

describe('formatEvent', () => {
  it('writes id, event and data lines and ends with a blank line', () => {
    assert.equal(formatEvent({ id: '7', event: 'progress', data: { percent: 40 } }), 'id: 7\nevent: progress\ndata: {"percent":40}\n\n');
    assert.equal(formatEvent({ data: 'hello' }), 'data: hello\n\n');
  });

  it('sends strings as they are and other values as JSON', () => {
    assert.equal(roundTrip({ data: '{"already":"json"}' }).data, '{"already":"json"}');
    assert.deepEqual(JSON.parse(roundTrip({ data: { a: [1, 2], b: null, c: 'x\ny' } }).data), { a: [1, 2], b: null, c: 'x\ny' });
    assert.equal(roundTrip({ data: 42 }).data, '42');
    assert.equal(roundTrip({ data: null }).data, 'null');
    assert.equal(roundTrip({ data: false }).data, 'false');
  });

  it('splits multi-line data on LF, CRLF and CR; the client sees LF', () => {
    assert.equal(formatEvent({ data: 'a\nb\r\nc\rd' }), 'data: a\ndata: b\ndata: c\ndata: d\n\n');
    assert.equal(roundTrip({ data: 'a\nb\r\nc\rd' }).data, 'a\nb\nc\nd');
    assert.equal(roundTrip({ data: 'line\n' }).data, 'line\n');
    assert.equal(roundTrip({ data: '\n\n' }).data, '\n\n');
    assert.equal(roundTrip({ data: '\r\n' }).data, '\n');
  });

  it('keeps empty data and leading spaces', () => {
    assert.equal(formatEvent({ data: '' }), 'data:\n\n');
    assert.equal(roundTrip({ data: '' }).data, '');
    assert.equal(roundTrip({ data: '  indented' }).data, '  indented');
    assert.equal(roundTrip({ data: ' a\n  b' }).data, ' a\n  b');
    assert.equal(roundTrip({ data: ':not a comment' }).data, ':not a comment');
  });

  it('never lets data inject a field or end the event early', () => {
    const attacks = [
      'x\nid: forged\nevent: evil\nretry: 1',
      'x\r\rid: forged\r\revent: evil',
      'x\r\n\r\nevent: evil\r\ndata: second',
      'x\n\ndata: second\n\n',
      'x\rretry: 1\r',
    ];
    for (const data of attacks) {
      const parsed = parse(formatEvent({ id: 'real', event: 'progress', data }));
      assert.equal(parsed.events.length, 1, JSON.stringify(data));
      assert.equal(parsed.events[0]!.type, 'progress');
      assert.equal(parsed.events[0]!.lastEventId, 'real');
      assert.equal(parsed.events[0]!.data, data.replace(/\r\n|\r/g, '\n'));
      assert.deepEqual(parsed.retries, []);
    }
  });

  it('rejects ids and event names with CR, LF or NUL', () => {
    for (const bad of ['a\nb', 'a\rb', 'a\r\nb', 'a\0b', '\n']) {
      assert.throws(() => formatEvent({ id: bad, data: 'x' }), TypeError, JSON.stringify(bad));
      assert.throws(() => formatEvent({ event: bad, data: 'x' }), TypeError, JSON.stringify(bad));
    }
  });

  it('keeps unicode intact, also split across chunks', () => {
    const text = 'naïve 日本語 🚀 e\u0301 \u2028 \u2029 \u0085 \uFEFF';
    for (const chunked of [false, true]) {
      const { events } = parse(formatEvent({ id: 'ü-1', event: 'schritt-é', data: text }), chunked);
      assert.equal(events.length, 1);
      assert.equal(events[0]!.data, text, 'U+2028, U+2029 and NEL are not line breaks in SSE');
      assert.equal(events[0]!.type, 'schritt-é');
      assert.equal(events[0]!.lastEventId, 'ü-1');
    }
    // JSON escapes a lone surrogate, so it survives the UTF-8 encoding.
    assert.equal(JSON.parse(roundTrip({ data: { s: '\uD800' } }).data).s, '\uD800');
  });

  it('sends ids the client resumes from; an empty id clears it', () => {
    assert.equal(roundTrip({ id: 'job-42:7', data: 'x' }).lastEventId, 'job-42:7');
    assert.equal(roundTrip({ id: 'in between', data: 'x' }).lastEventId, 'in between');
    const cleared = parse(formatEvent({ id: 'a', data: 'x' }) + formatEvent({ id: '', data: 'y' }));
    assert.deepEqual(
      cleared.events.map((e) => e.lastEventId),
      ['a', ''],
    );
    // Without data there is nothing to dispatch, but the id still takes effect.
    const idOnly = parse(formatEvent({ id: '9' }));
    assert.equal(idOnly.events.length, 0);
    assert.deepEqual(idOnly.lastEventIds, ['9']);
  });

  it('dispatches an unnamed or empty-named event as message', () => {
    assert.equal(roundTrip({ data: 'x' }).type, 'message');
    assert.equal(roundTrip({ event: '', data: 'x' }).type, 'message');
    assert.equal(roundTrip({ event: 'a:b', data: 'x' }).type, 'a:b');
  });

  it('writes retry as a non-negative integer and refuses anything else', () => {
    assert.deepEqual(parse(formatEvent({ retry: 1500 })).retries, [1500]);
    assert.deepEqual(parse(formatEvent({ retry: 0, data: 'x' })).retries, [0]);
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => formatEvent({ retry: bad }), RangeError);
    }
  });

  it('refuses data with no JSON form', () => {
    assert.throws(() => serializeData(undefined), TypeError);
    assert.throws(() => serializeData(() => 1), TypeError);
    assert.throws(() => serializeData(Symbol('s')), TypeError);
    assert.throws(() => serializeData({ big: 1n }), TypeError);
  });
});

describe('formatComment', () => {
  it('is ignored by clients, whatever the text', () => {
    const text = formatComment('keepalive') + formatComment('a\ndata: injected\r\nevent: x\rid: y') + formatComment();
    assert.equal(formatComment('keepalive'), ': keepalive\n\n');
    for (const line of text.split('\n').filter((l) => l !== '')) assert.ok(line.startsWith(':'), line);
    const parsed = parse(text);
    assert.deepEqual(parsed.events, []);
    assert.ok(parsed.lastEventIds.every((id) => id === ''));
  });
});
