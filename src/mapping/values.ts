// Value specs: where a field comes from. A path (`"state.percent_complete"`), the first
// present of several (`["error", "state.error"]`), or an object that reads, renders, states or
// sums a value, then maps, defaults or scales it. A read returns undefined for "missing" and
// adds the paths it missed to `context.missing`, so that diagnostics can say which field a
// backend stopped sending.

import { isMeaningful, isPresent, toList, toNumber, toText } from './coerce.js';
import type { ValueObject, ValueSpec } from './mapping-types.js';
import { readPath, type PathSource } from './paths.js';
import { renderTemplate } from './template.js';

export interface ReadContext extends PathSource {
  /** Paths found missing while reading this event's values. */
  readonly missing: string[];
}

/** Reads a value spec (checked when the mapping was created); undefined when missing or when there is no spec. */
export function readValue(spec: ValueSpec | undefined, context: ReadContext): unknown {
  const { missing } = context;
  const mark = missing.length;
  if (spec === undefined) return undefined;
  if (typeof spec === 'string') {
    const value = readPath(spec, context);
    if (isPresent(value)) return value;
    missing.push(spec);
    return undefined;
  }
  if (Array.isArray(spec)) {
    for (const item of spec) {
      const value = readValue(item, context);
      // Misses of the entries tried before are noise once one entry is present.
      if (value !== undefined) {
        missing.length = mark;
        return value;
      }
    }
    return undefined;
  }
  return readValueObject(spec, context, mark);
}

function readValueObject(spec: ValueObject, context: ReadContext, mark: number): unknown {
  let value: unknown;
  if (spec.path !== undefined) value = readValue(spec.path, context);
  else if (spec.template !== undefined) value = renderTemplate(spec.template, context, context.missing);
  else if (spec.sum !== undefined) {
    const terms = spec.sum.map((term) => toNumber(readValue(term, context))).filter((n) => n !== undefined);
    value = terms.length > 0 ? terms.reduce((a, b) => a + b) : undefined;
  } else value = spec.value;

  const hasDefault = Object.hasOwn(spec, 'default');
  // A default says the value may be absent: that is not worth a diagnostic.
  if (hasDefault) context.missing.length = mark;
  if (isPresent(value) && spec.map) {
    const key = toText(value);
    if (key !== undefined && Object.hasOwn(spec.map, key)) value = spec.map[key];
    else if (hasDefault) value = spec.default;
  } else if (!isPresent(value)) value = spec.default;
  if (spec.scale !== undefined && isPresent(value)) value = (toNumber(value) ?? NaN) * spec.scale;
  return isPresent(value) && !Number.isNaN(value) ? value : undefined;
}

/** A spec read without reporting misses (job keys, run ids). */
export const readQuietly = (spec: ValueSpec, { data, message }: PathSource): unknown => readValue(spec, { data, message, missing: [] });

/**
 * A failure reason: the first entry of `spec` that reads as text with something in it, so that
 * `"error": true` or `"error": ""` gives way to the next entry (a `message`, say). A non-zero
 * number (an error code) is the reason only when no entry is text.
 */
export function readReason(spec: ValueSpec | undefined, context: ReadContext): string | undefined {
  const { missing } = context;
  const mark = missing.length;
  let code: string | undefined;
  for (const item of toList(spec)) {
    const value = readValue(item, context);
    if (typeof value === 'string' && isMeaningful(value)) {
      missing.length = mark;
      return value.trim();
    }
    if (typeof value === 'number' && isMeaningful(value)) code ??= toText(value);
  }
  if (code !== undefined) missing.length = mark;
  return code;
}
