// Timer inputs beyond what setTimeout/setInterval can hold (2^31−1 ms) overflow: Node then fires
// after 1 ms. Every delay the server helper arms or sends is clamped; nonsense is refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEventStream, createEventStreamHub } from '../../../src/server/index.js';
import { readStream } from './helpers.js';

const MAX = 2 ** 31 - 1;
const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Collects the process warnings named TimeoutOverflowWarning while `body` runs. */
async function overflowWarnings(body: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const listener = (warning: Error): void => {
    if (warning.name === 'TimeoutOverflowWarning') seen.push(warning.message);
  };
  process.on('warning', listener);
  try {
    await body();
    await tick(10); // warnings are emitted on a later tick
  } finally {
    process.off('warning', listener);
  }
  return seen;
}

describe('timer inputs', () => {
  it('a huge heartbeatMs never fires a keepalive storm', async () => {
    const stream = createEventStream({ heartbeatMs: 3e9 });
    let raw = '';
    const warnings = await overflowWarnings(async () => {
      const reader = readStream((await stream.response()).body!);
      await reader.waitFor((r) => r.raw().includes(': connected'));
      await tick(40);
      raw = reader.raw();
      await reader.cancel();
    });
    stream.close();
    assert.deepEqual(warnings, []);
    assert.doesNotMatch(raw, /keepalive/, 'no keepalive within 40 ms of a 24-day interval');
  });

  it('a huge retryMs is sent as the largest delay a client timer can hold', async () => {
    const stream = createEventStream({ heartbeatMs: 0, retryMs: 3e9 });
    const reader = readStream((await stream.response()).body!);
    await reader.waitFor((r) => r.retries.length === 1);
    assert.deepEqual(reader.retries, [MAX]);
    await reader.cancel();
    stream.close();
  });

  it('a huge endedRetentionMs keeps an ended stream instead of dropping it at once', async () => {
    const hub = createEventStreamHub({ heartbeatMs: 0, endedRetentionMs: 3e9 });
    const warnings = await overflowWarnings(async () => {
      await hub.stream('job').end({ event: 'complete', data: {} });
      await tick(40);
    });
    assert.deepEqual(warnings, []);
    assert.equal(hub.has('job'), true);
    await hub.close();
  });

  it('refuses negative, NaN, infinite and fractional delays at construction', () => {
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, 1.5]) {
      assert.throws(() => createEventStream({ heartbeatMs: bad }), RangeError, `heartbeatMs ${bad}`);
      assert.throws(() => createEventStream({ retryMs: bad }), RangeError, `retryMs ${bad}`);
      assert.throws(() => createEventStreamHub({ endedRetentionMs: bad }), RangeError, `endedRetentionMs ${bad}`);
    }
  });
});
