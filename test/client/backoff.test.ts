import { expect } from '@open-wc/testing';
import { backoffDelay, reconnectFloor } from '../../src/client/backoff.js';
import { parseRetryAfter } from '../../src/client/response-outcome.js';

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, scaled by the random draw', () => {
    const one = () => 1;
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, 1000, 30_000, one))).to.deep.equal([1000, 2000, 4000, 8000, 16_000, 30_000]);
    expect(backoffDelay(3, 1000, 30_000, () => 0.5)).to.equal(2000);
    expect(backoffDelay(3, 1000, 30_000, () => 0)).to.equal(0);
  });

  it('stays finite for huge attempt numbers and clamps bad random values', () => {
    expect(backoffDelay(10_000, 1000, 30_000, () => 1)).to.equal(30_000);
    expect(backoffDelay(1, 1000, 30_000, () => 7)).to.equal(1000);
    expect(backoffDelay(1, 1000, 30_000, () => -1)).to.equal(0);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delta seconds and HTTP dates', () => {
    expect(parseRetryAfter('0', now)).to.equal(0);
    expect(parseRetryAfter('120', now)).to.equal(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).to.equal(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).to.equal(0);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, now)).to.equal(undefined);
    expect(parseRetryAfter('-5', now)).to.equal(undefined);
    expect(parseRetryAfter('soon', now)).to.equal(undefined);
  });
});

describe('backoffDelay with a floor', () => {
  it('never goes below the floor, and lifts a zero base so that the delay can grow', () => {
    expect(backoffDelay(1, 1000, 30_000, () => 0, 500)).to.equal(500);
    expect([1, 2, 3].map((n) => backoffDelay(n, 0, 30_000, () => 1, 500))).to.deep.equal([500, 1000, 2000]);
  });

  it('clamps to what a timer can hold', () => {
    expect(backoffDelay(1, 2 ** 40, 2 ** 40, () => 1)).to.equal(2 ** 31 - 1);
  });
});

describe('reconnectFloor', () => {
  it('is 500 ms, lowered by a shorter retryDelayMs or cap, never 0', () => {
    expect(reconnectFloor(1000, 30_000)).to.equal(500);
    expect(reconnectFloor(10, 30_000)).to.equal(10);
    expect(reconnectFloor(1000, 50)).to.equal(50);
    expect(reconnectFloor(0, 30_000)).to.equal(1);
  });
});

describe('parseRetryAfter, huge values', () => {
  it('returns the large wait; the client caps it at maxRetryDelayMs', () => {
    expect(parseRetryAfter('99999999', 0)).to.equal(99_999_999_000);
  });
});
