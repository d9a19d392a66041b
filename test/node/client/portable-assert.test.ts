// The behaviour suite asserts with node:assert/strict in Node and with its own portable set in
// pages and Workers. Both must pass and fail on the same cases, or a suite that is green in a
// Worker would mean less than the same suite green in Node.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { portableAssert, type SuiteAssert } from '../../client/behaviour/portable-assert.js';

const passes = (run: (a: SuiteAssert) => void, a: SuiteAssert): boolean => {
  try {
    run(a);
    return true;
  } catch {
    return false;
  }
};

const cases: Array<[string, (a: SuiteAssert) => void]> = [
  ['equal numbers', (a) => a.equal(1, 1)],
  ['different numbers', (a) => a.equal(1, 2)],
  ['NaN equals NaN', (a) => a.equal(Number.NaN, Number.NaN)],
  ['0 and -0', (a) => a.equal(0, -0)],
  ['string and number', (a) => a.equal('1', 1)],
  ['undefined and null', (a) => a.equal(undefined, null)],
  ['same object, equal()', (a) => a.equal({ a: 1 }, { a: 1 })],
  ['deep: same arrays', (a) => a.deepEqual([1, ['x', { y: 2 }]], [1, ['x', { y: 2 }]])],
  ['deep: different order', (a) => a.deepEqual([1, 2], [2, 1])],
  ['deep: longer array', (a) => a.deepEqual([1, 2, 3], [1, 2])],
  ['deep: same records, other key order', (a) => a.deepEqual({ a: 1, b: 'x' }, { b: 'x', a: 1 })],
  ['deep: a key with undefined is not a missing key', (a) => a.deepEqual({ id: undefined, data: 'x' }, { data: 'x' })],
  ['deep: nested difference', (a) => a.deepEqual({ e: [{ kind: 'http', fatal: false }] }, { e: [{ kind: 'http', fatal: true }] })],
  ['deep: 1 and "1"', (a) => a.deepEqual([1], ['1'])],
  ['deep: array and record', (a) => a.deepEqual([], {})],
  ['deep: null and record', (a) => a.deepEqual(null, {})],
  ['deep: undefined entries', (a) => a.deepEqual([undefined, '7'], [undefined, '7'])],
  ['ok(true)', (a) => a.ok(true)],
  ['ok(0)', (a) => a.ok(0)],
  ['ok("")', (a) => a.ok('')],
];

describe('portableAssert', () => {
  for (const [name, run] of cases) {
    it(`agrees with node:assert/strict: ${name}`, () => {
      assert.equal(passes(run, portableAssert), passes(run, assert));
    });
  }

  it('names where two values first differ', () => {
    assert.throws(
      () => portableAssert.deepEqual({ e: [{ kind: 'http' }] }, { e: [{ kind: 'auth' }] }, 'errors'),
      /^AssertionError: errors: expected .* \(first difference at \.e\[0\]\.kind\)$/,
    );
  });
});
