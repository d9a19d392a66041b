import { expect } from '@open-wc/testing';
import { EventStreamParser } from '../../src/client/index.js';
import { seededRandom } from '../support/seeded-random.mjs';

// Issue 16: the parser's maximum event size. An event (or a line that never ends) over
// `maxEventSize` is reported once and never buffered past the limit. What the client then does
// (one fatal `too-large` error, the request aborted) is in the behaviour suite
// (test/client/behaviour/limits-and-polling.ts), run in a page, a Worker and Node.

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

  it('counts the data, not the field names, whatever the chunking', () => {
    for (const chunkSize of [1, 2, 3, 7, 100]) {
      const at = `chunks of ${chunkSize}`;
      // A value of exactly the limit passes: `data: ` does not count.
      expect(parse('data: abcd\n\n', 4, chunkSize).events, at).to.deep.equal(['abcd']);
      expect(parse('data:abcd\n\n', 4, chunkSize).events, at).to.deep.equal(['abcd']);
      const over = parse('data: abcde\n\n', 4, chunkSize);
      expect(over.events, at).to.deep.equal([]);
      expect(over.tooLarge, at).to.deep.equal([4]);
      // Lines are joined with `\n`, which counts: 'ab\nc' is 4 characters, 'ab\ncd' 5.
      expect(parse('data: ab\ndata: c\n\n', 4, chunkSize).events, at).to.deep.equal(['ab\nc']);
      const lines = parse('data: ab\ndata: cd\n\n', 4, chunkSize);
      expect(lines.tooLarge, at).to.deep.equal([4]);
      expect(lines.mostBuffered, at).to.be.at.most(4);
      // Ids, event names and comments count while they are read, as if added to the data.
      expect(parse('id: abcd\nevent: efgh\ndata: x\n\n', 4, chunkSize).events, at).to.deep.equal(['x']);
      expect(parse('id: abcde\ndata: x\n\n', 4, chunkSize).tooLarge, at).to.deep.equal([4]);
      expect(parse('data: ab\n: c\n\n', 6, chunkSize).events, at).to.deep.equal(['ab']);
      expect(parse('data: ab\n: cd\n\n', 6, chunkSize).tooLarge, at).to.deep.equal([6]);
    }
  });

  it('accepts a data value of exactly the default 16 Mi characters, and refuses one more', () => {
    const MAX = 16 * 1024 * 1024;
    for (const [length, expected] of [
      [MAX, 1],
      [MAX + 1, 0],
    ] as const) {
      let events = 0;
      const tooLarge: number[] = [];
      const parser = new EventStreamParser({ onEvent: () => (events += 1), onTooLarge: (max) => tooLarge.push(max) });
      const line = `data: ${'x'.repeat(length)}\n\n`;
      for (let i = 0; i < line.length; i += 64 * 1024) parser.pushText(line.slice(i, i + 64 * 1024));
      expect(events, String(length)).to.equal(expected);
      expect(tooLarge, String(length)).to.deep.equal(expected ? [] : [MAX]);
    }
  });

  it('decides the same however the stream is split, and never holds more than the limit counts', () => {
    // Random streams of field names, values and line ends against small limits, fed whole, in
    // random chunks and character by character: what a line counts may only grow as it arrives.
    const random = seededRandom(0x15);
    const parts = ['data', 'data:', 'data: ', 'event: ', 'id: ', 'retry: ', ':', ' ', 'x', 'xyz', '\n', '\n', '\r', '\r\n', 'dat', 'ev'];
    for (let n = 0; n < 2000; n++) {
      let text = '';
      for (let i = Math.floor(random() * 30); i > 0; i--) text += parts[Math.floor(random() * parts.length)];
      const max = 1 + Math.floor(random() * 12);
      const outcome = (size: number) => {
        const { events, tooLarge, mostBuffered } = parse(text, max, size);
        expect(mostBuffered, JSON.stringify(text)).to.be.at.most(max);
        return JSON.stringify({ events, tooLarge });
      };
      const whole = outcome(text.length || 1);
      const at = `${JSON.stringify(text)} with ${max}`;
      expect(outcome(1), at).to.equal(whole);
      expect(outcome(1 + Math.floor(random() * 5)), at).to.equal(whole);
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
