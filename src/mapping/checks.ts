// The building blocks of the mapping grammar (grammar.ts): checks that report what is wrong
// with a value at a JSON pointer (RFC 6901), and combinators that compose them. A check keeps no
// state of its own: the problems go to the list carried by the `Site` it is given, so that
// validations never share one, even when one runs inside another (a getter on a mapping that
// validates another mapping, say).

import { isPrimitive, isRecord } from './coerce.js';
import type { MappingIssue } from './mapping-types.js';

/** Where a value sits in the mapping, and the list its problems go to. */
export interface Site {
  readonly pointer: string;
  readonly issues: MappingIssue[];
}

/** Checks the value found at `at`, reporting what is wrong with it. */
export type Check = (value: unknown, at: Site) => void;

/** A check per key of `T`: tying a table to its type keeps the grammar and the types in step. */
export type Schema<T> = { readonly [K in keyof Required<T>]: Check };

export const report = ({ pointer, issues }: Site, message: string): void => {
  issues.push({ path: pointer, message });
};

/** The site of `key` inside `at` (`~` and `/` escaped as RFC 6901 says). */
export const join = (at: Site, key: string | number): Site => ({
  pointer: `${at.pointer}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`,
  issues: at.issues,
});

/** Reports `must be <what>` unless `test` holds. */
export const must =
  (test: (value: unknown) => boolean, what: string): Check =>
  (value, at) => {
    if (!test(value)) report(at, `must be ${what}`);
  };

export const isBoolean = must((value) => typeof value === 'boolean', 'true or false');
export const isString = must((value) => typeof value === 'string', 'a string');
export const isNumber = must(Number.isFinite, 'a number');
export const isPrimitiveValue = must(isPrimitive, 'a string, number, boolean or null');
export const isNameList = must(
  (value) => Array.isArray(value) && value.every((name) => typeof name === 'string' && name),
  'an array of non-empty strings',
);

/** A leaf language (path, template, condition text) reports its own parse error. */
export const leaf = (error: unknown, at: Site): void => {
  if (typeof error === 'string') report(at, error);
};

/** A non-empty array of `item`. */
export const list =
  (item: Check): Check =>
  (value, at) => {
    if (Array.isArray(value) && value.length > 0) value.forEach((entry, i) => item(entry, join(at, i)));
    else report(at, 'must be a non-empty array');
  };

/** One `item`, or a non-empty array of them. */
export const oneOrMore =
  (item: Check): Check =>
  (value, at) =>
    (Array.isArray(value) ? list(item) : item)(value, at);

/** An object whose keys are checked by `schema`: unknown keys first, then in the schema's order. */
export const shape =
  (schema: Readonly<Record<string, Check>>, required?: string): Check =>
  (value, at) => {
    if (!isRecord(value)) return report(at, 'must be an object');
    for (const key of Object.keys(value)) if (!Object.hasOwn(schema, key)) report(join(at, key), 'is not a known key');
    for (const key in schema) if (Object.hasOwn(value, key)) schema[key]?.(value[key], join(at, key));
    if (required && !Object.hasOwn(value, required)) report(at, `needs "${required}"`);
  };
