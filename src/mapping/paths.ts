// Safe dot-path reads into event data. Paths come from mappings, which may come from an HTML
// attribute, so a path must never reach anything but the event's own JSON: only own properties
// and array indexes are read, and the segments that lead into prototypes are refused, both when
// a mapping is checked and again when a path is read.

import type { StreamMessage } from '../client/types.js';
import { memoize } from './coerce.js';

/** Everything a path can read from. */
export interface PathSource {
  readonly data: unknown;
  readonly message: StreamMessage;
}

/** Segments that could lead into an object's prototype chain (also refused as metric names). */
export const FORBIDDEN_NAMES: readonly string[] = ['__proto__', 'prototype', 'constructor'];

const ROOTS = ['$', '$event', '$id', '$raw'];

/** Paths come from mappings, which may come from an HTML attribute: their length is bounded. */
export const MAX_PATH_LENGTH = 1000;

/** Why `text` is not an acceptable path, or undefined when it is. */
export function pathError(text: string): string | undefined {
  if (text.length > MAX_PATH_LENGTH) return `is too long (at most ${MAX_PATH_LENGTH} characters)`;
  const [first = '', ...rest] = text.split('.');
  if (!text) return 'must not be empty';
  if (text.trim() !== text) return 'must not start or end with spaces';
  if (first[0] === '$' && !ROOTS.includes(first)) return `"${first}" is not a known root`;
  if (first[0] === '$' && first !== '$' && rest.length > 0) return `"${first}" has no fields`;
  for (const segment of first[0] === '$' ? rest : [first, ...rest]) {
    if (!segment) return 'has an empty segment';
    if (FORBIDDEN_NAMES.includes(segment)) return `"${segment}" is not allowed in a path`;
  }
  return undefined;
}

/** An own property of a JSON object or an index of an array; anything else is missing. */
function child(container: unknown, segment: string): unknown {
  if (FORBIDDEN_NAMES.includes(segment) || typeof container !== 'object' || container === null) return undefined;
  if (Array.isArray(container)) return /^(0|[1-9]\d*)$/.test(segment) ? (container[Number(segment)] as unknown) : undefined;
  return Object.hasOwn(container, segment) ? (container as Record<string, unknown>)[segment] : undefined;
}

/**
 * The value at a path (checked with `pathError` when the mapping was created), or undefined.
 * Reserved roots: `$` (the whole data), `$event`, `$id` and `$raw` (the message's own fields).
 */
export function readPath(path: string, { data, message }: PathSource): unknown {
  const [root, ...rest] = segmentsOf(path);
  let value =
    root === '$'
      ? data
      : root === '$event'
        ? message.event
        : root === '$id'
          ? message.id
          : root === '$raw'
            ? message.data
            : child(data, root ?? '');
  for (const segment of rest) value = child(value, segment);
  return value;
}

const segmentsOf = memoize((path) => path.split('.'));
