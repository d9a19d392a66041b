// The three assertions the client behaviour suite needs, with no dependency: chai (through
// @open-wc/testing) expects a page, and node:assert exists only in Node, while the suite also
// runs in a Web Worker. Node's runner passes `node:assert/strict` instead, which has the same
// three functions with the same meaning.

/** What the suite asserts with: `node:assert/strict` fits, and so does `portableAssert`. */
export interface SuiteAssert {
  /** `Object.is(actual, expected)`. */
  equal(actual: unknown, expected: unknown, message?: string): void;
  /** Same structure: same own keys (an `undefined` value is not a missing key), same values. */
  deepEqual(actual: unknown, expected: unknown, message?: string): void;
  ok(value: unknown, message?: string): void;
}

export class AssertionError extends Error {
  override name = 'AssertionError';
}

/** Readable form of a value for a failure message (`undefined` stays visible, unlike JSON). */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value, (_key, v: unknown) => (v === undefined ? '<undefined>' : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Where `actual` first differs from `expected` (`''` at the top), or null when they are equal. */
function difference(actual: unknown, expected: unknown, path: string): string | null {
  if (Object.is(actual, expected)) return null;
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length) return `${path} (length ${actual.length}, expected ${expected.length})`;
    for (let i = 0; i < actual.length; i++) {
      const found = difference(actual[i], expected[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (isRecord(actual) && isRecord(expected)) {
    const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
    for (const key of keys) {
      if (!(key in actual) || !(key in expected)) return `${path}.${key} (present on one side only)`;
      const found = difference(actual[key], expected[key], `${path}.${key}`);
      if (found !== null) return found;
    }
    return null;
  }
  return path;
}

export const portableAssert: SuiteAssert = {
  equal(actual, expected, message) {
    if (!Object.is(actual, expected)) {
      throw new AssertionError(`${message ? `${message}: ` : ''}expected ${show(expected)}, got ${show(actual)}`);
    }
  },
  deepEqual(actual, expected, message) {
    const at = difference(actual, expected, '');
    if (at !== null) {
      const where = at === '' ? '' : ` (first difference at ${at})`;
      throw new AssertionError(`${message ? `${message}: ` : ''}expected ${show(expected)}, got ${show(actual)}${where}`);
    }
  },
  ok(value, message) {
    if (!value) throw new AssertionError(message ?? `expected a truthy value, got ${show(value)}`);
  },
};
