// Tolerant readings of JSON values. Backends send numbers as text ("45", "45.5%") often enough
// that a strict reading would leave the bar at 0 %.

import type { JsonPrimitive } from './mapping-types.js';

const NUMERIC_TEXT = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?\s*%?\s*$/i;

/** Server text kept in the state is capped, so one huge message cannot grow memory. */
export const MAX_TEXT_LENGTH = 1000;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isPrimitive = (value: unknown): value is JsonPrimitive =>
  value === null || typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value);

/** One item or a list of them, as a list (faster than `[value].flat()`, which events run often). */
export const toList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Missing means undefined or null. */
export const isPresent = (value: unknown): boolean => value !== undefined && value !== null;

/** A finite number from a number or numeric text; undefined otherwise. */
export function toNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' && NUMERIC_TEXT.test(value) ? Number.parseFloat(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/** Text from a string, number or boolean (fractions rounded to two decimals); undefined otherwise. */
export function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  return String(Number.isInteger(value) ? value : Math.round(value * 100) / 100);
}

export const capText = (text: string): string => (text.length > MAX_TEXT_LENGTH ? `${text.slice(0, MAX_TEXT_LENGTH - 1)}…` : text);

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
