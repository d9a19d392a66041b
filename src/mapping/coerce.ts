// Tolerant readings of JSON values. Backends send numbers as text ("45", "45.5%") often enough
// that a strict reading would leave the bar at 0 %.

import { fingerprint } from './ledger.js';
import type { JsonPrimitive } from './mapping-types.js';

/**
 * A number without surrounding spaces or `%`. Its parts cannot overlap (digits, then a dot,
 * then an exponent), so matching never backtracks; and it only ever sees short text.
 */
const NUMERIC_TEXT = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;

/** Longer text is not a number: nobody sends 64 characters of digits, and this bounds the work per value. */
export const MAX_NUMERIC_TEXT_LENGTH = 64;

/** Server text kept in the state is capped, so one huge message cannot grow memory. */
export const MAX_TEXT_LENGTH = 1000;

/** Server names and ids kept in the state (job keys, step ids and labels, event ids) are capped shorter. */
export const MAX_KEY_LENGTH = 200;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isPrimitive = (value: unknown): value is JsonPrimitive =>
  value === null || typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value);

/** One item or a list of them, as a list (faster than `[value].flat()`, which events run often). */
export const toList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Missing means undefined or null. */
export const isPresent = (value: unknown): boolean => value !== undefined && value !== null;

/** A finite number from a number or numeric text (`" 45.5 % "`); undefined otherwise. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  // The length check comes first: hostile text costs nothing, however long.
  if (typeof value !== 'string' || value.length > MAX_NUMERIC_TEXT_LENGTH) return undefined;
  let text = value.trim();
  if (text.endsWith('%')) text = text.slice(0, -1).trimEnd();
  const number = NUMERIC_TEXT.test(text) ? Number.parseFloat(text) : NaN;
  return Number.isFinite(number) ? number : undefined;
}

/**
 * Whether a value says something, as an `error` field does: `false`, `0`, `null`, empty or
 * blank text, and empty objects and arrays say nothing (Go structs without `omitempty` send
 * `"error": ""`). An object or array says something when one of its values does; deeper than
 * a few levels, any non-empty one does.
 */
export function isMeaningful(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return /\S/.test(value);
  if (typeof value === 'number') return Number.isFinite(value) && value !== 0;
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'object' || value === null) return false;
  const values = Object.values(value);
  return depth >= 3 ? values.length > 0 : values.some((item) => isMeaningful(item, depth + 1));
}

/** Text from a string, number or boolean (fractions rounded to two decimals); undefined otherwise. */
export function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  return String(Number.isInteger(value) ? value : Math.round(value * 100) / 100);
}

/** The first `length` UTF-16 units, without splitting a surrogate pair. */
function head(text: string, length: number): string {
  const code = text.charCodeAt(length - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}

/** Text cut to `limit` characters (an ellipsis marks the cut). */
export const capText = (text: string, limit = MAX_TEXT_LENGTH): string => (text.length > limit ? `${head(text, limit - 1)}…` : text);

/**
 * A name or id cut to `MAX_KEY_LENGTH` characters. A cut key ends with `…` and a hash of the
 * whole key, so two long keys that share their first 200 characters stay two keys.
 */
export function capKey(key: string): string {
  if (key.length <= MAX_KEY_LENGTH) return key;
  const suffix = `…${fingerprint(key).toString(36).padStart(7, '0')}`;
  return head(key, MAX_KEY_LENGTH - suffix.length) + suffix;
}

export const clampPercent = (value: number): number => Math.min(100, Math.max(0, value));

/** The data of an event, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * `compute(key)`, remembered: events read the same few paths, templates and conditions of their
 * mapping again and again. Bounded: the cache starts over when full.
 */
export function memoize<T>(compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (!cache.has(key)) {
      if (cache.size >= 1000) cache.clear();
      cache.set(key, compute(key));
    }
    return cache.get(key) as T;
  };
}
