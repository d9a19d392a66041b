// Compiles value specs (`"state.percent_complete"`, `["error", "state.error"]`,
// `{"template": "Batch {a} of {b}"}`, `{"path": "status", "map": {...}}`) into reader
// functions, once, when a mapping is created. A reader returns undefined for "missing" and
// tells diagnostics which path was missing, so a renamed field is visible instead of silent.

import type { JsonPrimitive } from './mapping-types.js';
import { joinPointer, type IssueSink } from './json-pointer.js';
import { parsePath, readPath, type ParsedPath, type PathSource } from './paths.js';
import { parseTemplate, renderTemplate } from './template.js';
import { lookupKey, toNumber } from './coerce.js';
import { closestMatch } from './suggest.js';

/** Hears which path was missing for which mapping location. */
export type MissingListener = (pointer: string, path: ParsedPath) => void;

export interface ReadContext extends PathSource {
  readonly onMissing?: MissingListener | undefined;
}

/** Returns the value, or undefined when it is missing (null counts as missing). */
export type Reader = (context: ReadContext) => unknown;

const VALUE_OBJECT_KEYS = ['path', 'template', 'value', 'sum', 'map', 'default', 'scale'] as const;
const SOURCE_KEYS = ['path', 'template', 'value', 'sum'] as const;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isPrimitive(value: unknown): value is JsonPrimitive {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

const present = (value: unknown): boolean => value !== undefined && value !== null;

/** Runs `reader` with its missing-path reports held back until `flush()` (or dropped). */
function buffered(context: ReadContext, reader: Reader): { value: unknown; flush(): void } {
  if (!context.onMissing) return { value: reader(context), flush() {} };
  const held: Array<[string, ParsedPath]> = [];
  const value = reader({ ...context, onMissing: (pointer, path) => held.push([pointer, path]) });
  const listener = context.onMissing;
  return {
    value,
    flush() {
      for (const [pointer, path] of held) listener(pointer, path);
    },
  };
}

/**
 * Reads one path. `field` is the mapping location a miss is reported under (the field being
 * set); `at` is where the path itself sits, for validation problems.
 */
function pathReader(text: string, field: string, at: string, report: IssueSink): Reader | undefined {
  const path = parsePath(text);
  if (typeof path === 'string') {
    report(at, path);
    return undefined;
  }
  return (context) => {
    const value = readPath(path, context);
    if (present(value)) return value;
    context.onMissing?.(field, path);
    return undefined;
  };
}

/** The first present value of several readers; every miss is reported only when all miss. */
function firstPresent(readers: readonly Reader[]): Reader {
  return (context) => {
    const misses: Array<() => void> = [];
    for (const reader of readers) {
      const attempt = buffered(context, reader);
      if (present(attempt.value)) return attempt.value;
      misses.push(attempt.flush);
    }
    for (const flush of misses) flush();
    return undefined;
  };
}

function compileAlternatives(
  items: readonly unknown[],
  field: string,
  pointer: string,
  report: IssueSink,
  allowObjects: boolean,
): Reader | undefined {
  if (items.length === 0) {
    report(pointer, 'must not be an empty array');
    return undefined;
  }
  const readers: Array<Reader | undefined> = items.map((item, i) => {
    const at = joinPointer(pointer, i);
    if (typeof item === 'string') return pathReader(item, field, at, report);
    if (allowObjects && isRecord(item)) return compileValueObject(item, field, at, report);
    report(at, allowObjects ? 'must be a path (string) or a value object' : 'must be a path (string)');
    return undefined;
  });
  if (readers.some((r) => r === undefined)) return undefined;
  return firstPresent(readers as Reader[]);
}

function compileValueObject(spec: Record<string, unknown>, field: string, pointer: string, report: IssueSink): Reader | undefined {
  let ok = true;
  const fail = (at: string, message: string): void => {
    ok = false;
    report(at, message);
  };
  for (const key of Object.keys(spec)) {
    if (!(VALUE_OBJECT_KEYS as readonly string[]).includes(key)) {
      const hint = closestMatch(key, VALUE_OBJECT_KEYS);
      fail(joinPointer(pointer, key), `unknown key "${key}"${hint ? `; did you mean "${hint}"?` : ''}`);
    }
  }
  const sources = SOURCE_KEYS.filter((key) => Object.hasOwn(spec, key));
  if (sources.length !== 1) {
    fail(pointer, sources.length === 0 ? 'needs one of "path", "template", "value" or "sum"' : `has both ${sources.map((s) => `"${s}"`).join(' and ')}; keep one`);
    return undefined;
  }
  const source = sources[0];
  let read: Reader | undefined;
  const at = joinPointer(pointer, source ?? '');
  switch (source) {
    case 'path': {
      const path = spec['path'];
      if (typeof path === 'string') read = pathReader(path, field, at, fail);
      else if (Array.isArray(path)) read = compileAlternatives(path, field, at, fail, false);
      else fail(at, 'must be a path or an array of paths');
      break;
    }
    case 'template': {
      const text = spec['template'];
      if (typeof text !== 'string') {
        fail(at, 'must be a string');
        break;
      }
      const template = parseTemplate(text);
      if (typeof template === 'string') {
        fail(at, template);
        break;
      }
      read = (context) => renderTemplate(template, context, context.onMissing && ((path) => context.onMissing?.(field, path)));
      break;
    }
    case 'value': {
      const constant = spec['value'];
      if (!isPrimitive(constant)) fail(at, 'must be a string, number, boolean or null');
      else read = () => constant;
      break;
    }
    case 'sum': {
      const terms = spec['sum'];
      if (!Array.isArray(terms) || terms.length === 0) {
        fail(at, 'must be a non-empty array of paths or value objects');
        break;
      }
      const readers = terms.map((term, i) => {
        const termAt = joinPointer(at, i);
        if (typeof term === 'string') return pathReader(term, field, termAt, fail);
        if (isRecord(term)) return compileValueObject(term, field, termAt, fail);
        fail(termAt, 'must be a path or a value object');
        return undefined;
      });
      if (readers.some((r) => r === undefined)) break;
      read = (context) => {
        let total = 0;
        let any = false;
        for (const reader of readers as Reader[]) {
          const n = toNumber(reader(context));
          if (n !== undefined) {
            total += n;
            any = true;
          }
        }
        return any ? total : undefined;
      };
      break;
    }
  }

  const table = spec['map'];
  if (table !== undefined && (!isRecord(table) || !Object.values(table).every(isPrimitive))) {
    fail(joinPointer(pointer, 'map'), 'must be an object whose values are strings, numbers, booleans or null');
  }
  const fallback = spec['default'];
  const hasDefault = Object.hasOwn(spec, 'default');
  if (hasDefault && !isPrimitive(fallback)) fail(joinPointer(pointer, 'default'), 'must be a string, number, boolean or null');
  const scale = spec['scale'];
  if (scale !== undefined && (typeof scale !== 'number' || !Number.isFinite(scale))) fail(joinPointer(pointer, 'scale'), 'must be a number');
  if (!ok || read === undefined) return undefined;

  const base = read;
  const lookup = isRecord(table) ? (table as Record<string, JsonPrimitive>) : undefined;
  const factor = typeof scale === 'number' ? scale : undefined;
  return (context) => {
    // A default means the author expects the value to be absent at times: no diagnostics noise.
    const attempt = hasDefault ? buffered(context, base) : { value: base(context), flush() {} };
    let value = attempt.value;
    if (present(value) && lookup) {
      const key = lookupKey(value);
      if (key !== undefined && Object.hasOwn(lookup, key)) value = lookup[key];
      else if (hasDefault) value = fallback;
    } else if (!present(value) && hasDefault) value = fallback;
    if (factor !== undefined && present(value)) {
      const n = toNumber(value);
      value = n === undefined ? undefined : n * factor;
    }
    return present(value) ? value : undefined;
  };
}

/**
 * Compiles a value spec found at `pointer`. Returns undefined (after reporting) when the spec
 * is invalid.
 */
export function compileValue(spec: unknown, pointer: string, report: IssueSink): Reader | undefined {
  if (typeof spec === 'string') return pathReader(spec, pointer, pointer, report);
  if (Array.isArray(spec)) return compileAlternatives(spec, pointer, pointer, report, true);
  if (isRecord(spec)) return compileValueObject(spec, pointer, pointer, report);
  report(pointer, 'must be a path (string), an array of paths, or a value object (path, template, value or sum)');
  return undefined;
}
