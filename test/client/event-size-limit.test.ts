import { expect } from '@open-wc/testing';
import { EventStreamParser } from '../../src/client/index.js';

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
