// Conditions on event data, in object form (`{"path": "step", "equals": "complete"}`, `all`,
// `any`, `not`) or as one short comparison (`step == "complete"`, `progress >= 100`, `error`,
// `!error`, `error?`, `!error?`). The text form is read by a fixed grammar into the object form:
// no code is evaluated. Its expressions cannot backtrack more than linearly (the path excludes
// spaces and operators), and text longer than MAX_CONDITION_LENGTH is refused before any is run.

import { isMeaningful, isPresent, isPrimitive, memoize, toNumber, toText } from './coerce.js';
import type { ComparisonCondition, Condition, JsonPrimitive } from './mapping-types.js';
import { readPath, type PathSource } from './paths.js';

/** Conditions come from mappings, which may come from an HTML attribute: their text is bounded. */
export const MAX_CONDITION_LENGTH = 1000;

const TEXT_FORM = /^([^\s=!<>]+)\s*(==|!=|>=|<=|>|<)\s*(.+)$/;
const OPERATOR_NAMES: Record<string, string> = { '==': 'equals', '!=': 'notEquals', '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' };

/** A literal on the right of a text comparison: JSON, a 'single-quoted' string or a bare word. */
function parseLiteral(text: string): unknown {
  if (/^'.*'$/.test(text)) return text.slice(1, -1);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return /^[A-Za-z_][\w.-]*$/.test(text) ? text : undefined;
  }
}

/** Turns the text form into the object form; returns an explanation when it cannot. */
export function parseConditionText(text: string): ComparisonCondition | string {
  if (text.length > MAX_CONDITION_LENGTH) return `is too long (at most ${MAX_CONDITION_LENGTH} characters)`;
  const trimmed = text.trim();
  const match = TEXT_FORM.exec(trimmed);
  if (/===|!==/.test(trimmed)) return 'write == and !=, not === and !==';
  if (!match) {
    const negated = /^![^=]/.test(trimmed);
    const path = negated ? trimmed.slice(1).trim() : trimmed;
    if (!negated && !/^[^\s=<>!]*$/.test(trimmed))
      return `cannot read "${text}": write "path == value", "path > 3", "path", "!path", "path?" or "!path?"`;
    // `error?`: the field says something (not false, 0, blank or empty); `error`: it is there.
    return path.endsWith('?') ? { path: path.slice(0, -1), meaningful: !negated } : { path, exists: !negated };
  }
  const [, path = '', operator = '', right = ''] = match;
  const literal = parseLiteral(right.trim());
  if (!isPrimitive(literal)) return `cannot read the value ${right}: quote text ("done")`;
  if (operator.length < 2 || operator[0] === '>' || operator[0] === '<') {
    if (typeof literal !== 'number') return `${operator} needs a number`;
  }
  return { path, [OPERATOR_NAMES[operator] ?? 'equals']: literal };
}

/** Equality that forgives numbers sent as text ("100" equals 100) and treats null as missing. */
export function looseEquals(actual: unknown, expected: JsonPrimitive): boolean {
  if (expected === null) return !isPresent(actual);
  return typeof expected === 'number' ? toNumber(actual) === expected : toText(actual) === String(expected);
}

const numberOf = (value: unknown): number => toNumber(value) ?? NaN; // NaN fails every comparison

const OPERATORS: Record<string, (actual: unknown, operand: never) => boolean> = {
  equals: looseEquals,
  notEquals: (actual, operand) => !looseEquals(actual, operand),
  in: (actual, options: JsonPrimitive[]) => options.some((option) => looseEquals(actual, option)),
  notIn: (actual, options: JsonPrimitive[]) => !options.some((option) => looseEquals(actual, option)),
  exists: (actual, operand: boolean) => isPresent(actual) === operand,
  meaningful: (actual, operand: boolean) => isMeaningful(actual) === operand,
  contains: (actual, operand: string) => toText(actual)?.includes(operand) ?? false,
  gt: (actual, operand: number) => numberOf(actual) > operand,
  gte: (actual, operand: number) => numberOf(actual) >= operand,
  lt: (actual, operand: number) => numberOf(actual) < operand,
  lte: (actual, operand: number) => numberOf(actual) <= operand,
};

const parsedCondition = memoize(parseConditionText);

/** Whether a condition (checked when the mapping was created) holds for an event. */
export function holds(condition: Condition, source: PathSource): boolean {
  if (typeof condition === 'string') return holds(parsedCondition(condition) as ComparisonCondition, source);
  if ('all' in condition) return condition.all.every((part) => holds(part, source));
  if ('any' in condition) return condition.any.some((part) => holds(part, source));
  if ('not' in condition) return !holds(condition.not, source);
  const actual = readPath(condition.path, source);
  for (const name in condition) if (!(OPERATORS[name]?.(actual, condition[name as 'equals'] as never) ?? true)) return false;
  return true;
}
