// Safe dot-path reads into event data. Paths come from mappings, which may come from an HTML
// attribute, so a path must never reach anything but the event's own JSON: only own properties
// are read, and the segments that lead into prototypes are refused.

import type { StreamMessage } from '../client/types.js';

/** Segments that could lead into an object's prototype chain. */
const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);

/** What a path starts from: the parsed data, or one of the message's own fields. */
export type PathRoot = 'data' | 'event' | 'id' | 'raw';

const RESERVED_ROOTS: Readonly<Record<string, PathRoot>> = {
  $: 'data',
  $event: 'event',
  $id: 'id',
  $raw: 'raw',
};

export interface ParsedPath {
  readonly text: string;
  readonly root: PathRoot;
  readonly segments: readonly string[];
}

/** Everything a path can read from. */
export interface PathSource {
  readonly data: unknown;
  readonly message: StreamMessage;
}

/** While a mapping compiles: every path it mentions (diagnostics never suggest those as renames). */
let mentioned: Set<string> | undefined;

/** Runs `compile` and returns its result with the text of every path parsed meanwhile. */
export function collectMentionedPaths<T>(compile: () => T): { result: T; paths: Set<string> } {
  const outer = mentioned;
  const paths = new Set<string>();
  mentioned = paths;
  try {
    return { result: compile(), paths };
  } finally {
    mentioned = outer;
  }
}

/** Parses a dot path; returns an explanation instead when the path is not acceptable. */
export function parsePath(text: string): ParsedPath | string {
  const parsed = parsePathText(text);
  if (typeof parsed !== 'string') mentioned?.add(parsed.text);
  return parsed;
}

function parsePathText(text: string): ParsedPath | string {
  if (text.length === 0) return 'must not be empty';
  if (text.trim() !== text) return `"${text}" must not start or end with spaces`;
  const parts = text.split('.');
  const first = parts[0] ?? '';
  let root: PathRoot = 'data';
  let segments = parts;
  if (first.startsWith('$')) {
    const reserved = Object.hasOwn(RESERVED_ROOTS, first) ? RESERVED_ROOTS[first] : undefined;
    if (reserved === undefined) return `"${first}" is not a known root ($, $event, $id, $raw)`;
    root = reserved;
    segments = parts.slice(1);
    if (root !== 'data' && segments.length > 0) return `"${first}" is text and has no fields`;
  }
  for (const segment of segments) {
    if (segment.length === 0) return `"${text}" has an empty segment`;
    if (FORBIDDEN_SEGMENTS.has(segment)) return `"${segment}" is not allowed in a path`;
  }
  return { text, root, segments };
}

/** Reads an own property of a JSON object or an index of an array; anything else is missing. */
function child(container: unknown, segment: string): unknown {
  if (FORBIDDEN_SEGMENTS.has(segment)) return undefined;
  if (Array.isArray(container)) {
    if (!/^(0|[1-9]\d*)$/.test(segment)) return undefined;
    const index = Number(segment);
    return index < container.length ? (container[index] as unknown) : undefined;
  }
  if (typeof container === 'object' && container !== null && Object.hasOwn(container, segment)) {
    return (container as Record<string, unknown>)[segment];
  }
  return undefined;
}

function rootValue(path: ParsedPath, source: PathSource): unknown {
  switch (path.root) {
    case 'data':
      return source.data;
    case 'event':
      return source.message.event;
    case 'id':
      return source.message.id;
    case 'raw':
      return source.message.data;
  }
}

/** The value at `path`, or undefined when any segment is missing. */
export function readPath(path: ParsedPath, source: PathSource): unknown {
  let value = rootValue(path, source);
  for (const segment of path.segments) {
    value = child(value, segment);
    if (value === undefined) return undefined;
  }
  return value;
}

/** Where a read stopped, for diagnostics: the missing segment, its position, and the keys that were there. */
export interface MissingAt {
  segment: string;
  /** Index of `segment` in the path's segments. */
  index: number;
  available: string[];
}

const MAX_LISTED_KEYS = 40;

/** Explains a missing read; undefined when the path is in fact present. */
export function whereMissing(path: ParsedPath, source: PathSource): MissingAt | undefined {
  let value = rootValue(path, source);
  for (let index = 0; index < path.segments.length; index++) {
    const segment = path.segments[index] ?? '';
    const next = child(value, segment);
    if (next === undefined) {
      const available =
        typeof value === 'object' && value !== null && !Array.isArray(value)
          ? Object.keys(value).slice(0, MAX_LISTED_KEYS)
          : [];
      return { segment, index, available };
    }
    value = next;
  }
  if (value !== undefined && value !== null) return undefined;
  const last = path.segments.length - 1;
  return { segment: path.segments[last] ?? path.text, index: Math.max(0, last), available: [] };
}
