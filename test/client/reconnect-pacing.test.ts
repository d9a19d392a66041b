import { expect } from '@open-wc/testing';
import { ReconnectPacing, STABLE_AFTER_EVENTS, STABLE_AFTER_MS } from '../../src/client/reconnect-pacing.js';

const options = { maxRetries: 2, retryDelayMs: 1000, maxRetryDelayMs: 30_000, random: () => 1 };

/** One request that opened at `openedAt`, delivered `events` events and ended at `endedAt`. */
function connection(pacing: ReconnectPacing, events: number, openedAt: number, endedAt: number): number | undefined {
  pacing.attemptStarted();
  pacing.opened(openedAt);
  for (let i = 0; i < events; i++) pacing.delivered();
  return pacing.failed(endedAt);
}

describe('ReconnectPacing', () => {
  it('a connection that delivered an event resets the failure count, so it never goes offline', () => {
    const pacing = new ReconnectPacing(options);
    for (let i = 0; i < 10; i++) expect(connection(pacing, 1, 0, 10)).to.not.equal(undefined);
    expect(pacing.failures).to.equal(1);
  });

  it('…but the delay only starts over after a stable connection', () => {
    const pacing = new ReconnectPacing(options);
    const short = [1, 2, 3, 4, 5, 6].map(() => connection(pacing, 1, 0, 10));
    expect(short).to.deep.equal([1000, 2000, 4000, 8000, 16_000, 30_000]);
    expect(connection(pacing, 1, 0, STABLE_AFTER_MS)).to.equal(1000);
    connection(pacing, 1, 0, 10);
    expect(connection(pacing, STABLE_AFTER_EVENTS, 0, 10)).to.equal(1000);
  });

  it("floors the server's retry: 0 at 500 ms", () => {
    const pacing = new ReconnectPacing(options);
    pacing.setServerRetry(0);
    expect(connection(pacing, 1, 0, 10)).to.equal(500);
    expect(connection(pacing, 1, 0, 10)).to.equal(1000);
  });

  it('caps Retry-After at maxRetryDelayMs; Retry-After: 0 is at once', () => {
    const pacing = new ReconnectPacing(options);
    pacing.attemptStarted();
    expect(pacing.failed(0, 99_999_999_000)).to.equal(30_000);
    pacing.attemptStarted();
    expect(pacing.failed(0, 0)).to.equal(0);
  });

  it('failed requests without events count towards maxRetries', () => {
    const pacing = new ReconnectPacing(options);
    expect([1, 2, 3].map(() => connection(pacing, 0, 0, 10_000))).to.deep.equal([1000, 2000, undefined]);
  });
});
