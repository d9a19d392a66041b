// Conditions on event data, in object form (`{"path": "step", "equals": "complete"}`, `all`,
// `any`, `not`) or as one short comparison (`step == "complete"`, `progress >= 100`, `error`,
// `!error`). The text form is parsed once, when the mapping is compiled, by a fixed grammar:
// no code is evaluated.

import type { ComparisonCondition, JsonPrimitive } from './mapping-types.js';
import { joinPointer, type IssueSink } from './json-pointer.js';
import { parsePath, readPath, type ParsedPath, type PathSource } from './paths.js';
import { toNumber, toText } from './coerce.js';
import { closestMatch } from './suggest.js';
import { isPrimitive, isRecord } from './values.js';

export type Predicate = (source: PathSource) => boolean;

const COMPARISON_KEYS = ['path', 'equals', 'notEquals', 'in', 'notIn', 'exists', 'gt', 'gte', 'lt', 'lte', 'contains'];
const OPERATOR_KEYS = COMPARISON_KEYS.filter((key) => key !== 'path');
const TEXT_FORM = /^([^\s=!<>]+)\s*(==|!=|>=|<=|>|<)\s*(.+)$/;
const BARE_WORD = /^[A-Za-z_][\w.-]*$/;

/** A literal on the right of a text comparison: JSON, a 'single-quoted' string or a bare word. */
function parseLiteral(text: string): JsonPrimitive | undefined {
  if (text.length >= 2 && text.startsWith("'") && text.endsWith("'")) return text.slice(1, -1);
  try {
    const parsed: unknown = JSON.parse(text);
    if (isPrimitive(parsed)) return parsed;
    return undefined;
  } catch {
    return BARE_WORD.test(text) ? text : undefined;
  }
}

/** Turns the text form into the object form; returns an explanation when it cannot. */
export function parseConditionText(text: string): ComparisonCondition | string {
  const trimmed = text.trim();
  if (trimmed.length === 0) return 'must not be empty';
  if (/===|!==/.test(trimmed)) return `cannot read "${text}": write == and != (there is no === or !==)`;
  if (trimmed.startsWith('!') && !trimmed.startsWith('!=')) {
    return { path: trimmed.slice(1).trim(), exists: false };
  }
  const match = TEXT_FORM.exec(trimmed);
  if (!match) {
    if (/[\s=<>!]/.test(trimmed)) {
      return `cannot read "${text}": write "path == value", "path != value", "path > 3", "path" or "!path"`;
    }
    return { path: trimmed, exists: true };
  }
  const [, path = '', operator = '', literalText = ''] = match;
  const literal = parseLiteral(literalText.trim());
  if (literal === undefined) return `cannot read the value ${literalText.trim()} (quote text: "done" or 'done')`;
  switch (operator) {
    case '==':
      return { path, equals: literal };
    case '!=':
      return { path, notEquals: literal };
    default: {
      if (typeof literal !== 'number') return `${operator} needs a number, not ${literalText.trim()}`;
      const key = ({ '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' } as const)[operator as '>' | '>=' | '<' | '<='];
      return { path, [key]: literal };
    }
  }
}

/** Equality that forgives numbers sent as text ("100" equals 100) and treats null as missing. */
export function looseEquals(actual: unknown, expected: JsonPrimitive): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (typeof expected === 'number') return toNumber(actual) === expected;
  if (typeof expected === 'boolean') return actual === expected || toText(actual) === String(expected);
  return toText(actual) === expected;
}

function compileComparison(condition: Record<string, unknown>, pointer: string, report: IssueSink): Predicate | undefined {
  let ok = true;
  for (const key of Object.keys(condition)) {
    if (!COMPARISON_KEYS.includes(key)) {
      const hint = closestMatch(key, [...COMPARISON_KEYS, 'all', 'any', 'not']);
      report(joinPointer(pointer, key), `unknown condition key "${key}"${hint ? `; did you mean "${hint}"?` : ''}`);
      ok = false;
    }
  }
  let path: ParsedPath | undefined;
  if (typeof condition['path'] !== 'string') {
    report(joinPointer(pointer, 'path'), 'a condition needs a "path" (a dot path into the data)');
    ok = false;
  } else {
    const parsed = parsePath(condition['path']);
    if (typeof parsed === 'string') {
      report(joinPointer(pointer, 'path'), parsed);
      ok = false;
    } else path = parsed;
  }
  const tests: Array<(value: unknown) => boolean> = [];
  const operators = OPERATOR_KEYS.filter((key) => Object.hasOwn(condition, key));
  if (operators.length === 0 && ok) {
    report(pointer, `a condition needs one of ${OPERATOR_KEYS.join(', ')}`);
    ok = false;
  }
  for (const key of operators) {
    const operand = condition[key];
    const at = joinPointer(pointer, key);
    switch (key) {
      case 'equals':
      case 'notEquals': {
        if (!isPrimitive(operand)) {
          report(at, 'must be a string, number, boolean or null');
          ok = false;
          break;
        }
        tests.push(key === 'equals' ? (v) => looseEquals(v, operand) : (v) => !looseEquals(v, operand));
        break;
      }
      case 'in':
      case 'notIn': {
        if (!Array.isArray(operand) || !operand.every(isPrimitive)) {
          report(at, 'must be an array of strings, numbers, booleans or nulls');
          ok = false;
          break;
        }
        const options = operand as JsonPrimitive[];
        const contains = (v: unknown): boolean => options.some((option) => looseEquals(v, option));
        tests.push(key === 'in' ? contains : (v) => !contains(v));
        break;
      }
      case 'exists': {
        if (typeof operand !== 'boolean') {
          report(at, 'must be true or false');
          ok = false;
          break;
        }
        tests.push((v) => (v !== undefined && v !== null) === operand);
        break;
      }
      case 'contains': {
        if (typeof operand !== 'string') {
          report(at, 'must be a string');
          ok = false;
          break;
        }
        tests.push((v) => toText(v)?.includes(operand) ?? false);
        break;
      }
      default: {
        if (typeof operand !== 'number' || !Number.isFinite(operand)) {
          report(at, 'must be a number');
          ok = false;
          break;
        }
        const compare = {
          gt: (n: number) => n > operand,
          gte: (n: number) => n >= operand,
          lt: (n: number) => n < operand,
          lte: (n: number) => n <= operand,
        }[key as 'gt' | 'gte' | 'lt' | 'lte'];
        tests.push((v) => {
          const n = toNumber(v);
          return n !== undefined && compare(n);
        });
      }
    }
  }
  if (!ok || path === undefined) return undefined;
  const target = path;
  return (source) => {
    const value = readPath(target, source);
    return tests.every((test) => test(value));
  };
}

/**
 * Compiles a condition into a predicate, reporting every problem under `pointer`. Returns
 * undefined when the condition is invalid (the caller then rejects the mapping).
 */
export function compileCondition(condition: unknown, pointer: string, report: IssueSink): Predicate | undefined {
  if (typeof condition === 'string') {
    const parsed = parseConditionText(condition);
    if (typeof parsed === 'string') {
      report(pointer, parsed);
      return undefined;
    }
    let ok = true;
    const predicate = compileComparison(parsed as unknown as Record<string, unknown>, pointer, (_at, message) => {
      ok = false;
      report(pointer, `"${condition}": ${message}`);
    });
    return ok ? predicate : undefined;
  }
  if (!isRecord(condition)) {
    report(pointer, 'a condition is a string ("step == \\"done\\"") or an object (path/equals, all, any, not)');
    return undefined;
  }
  const keys = Object.keys(condition);
  const combinator = keys.find((key) => key === 'all' || key === 'any' || key === 'not');
  if (combinator === undefined) return compileComparison(condition, pointer, report);
  if (keys.length > 1) {
    report(pointer, `"${combinator}" must be the only key of its object`);
    return undefined;
  }
  const operand = condition[combinator];
  const at = joinPointer(pointer, combinator);
  if (combinator === 'not') {
    const inner = compileCondition(operand, at, report);
    return inner && ((source) => !inner(source));
  }
  if (!Array.isArray(operand) || operand.length === 0) {
    report(at, 'must be a non-empty array of conditions');
    return undefined;
  }
  const parts = operand.map((item, i) => compileCondition(item, joinPointer(at, i), report));
  if (parts.some((part) => part === undefined)) return undefined;
  const predicates = parts as Predicate[];
  return combinator === 'all'
    ? (source) => predicates.every((p) => p(source))
    : (source) => predicates.some((p) => p(source));
}
