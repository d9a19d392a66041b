// The grammar of a mapping: one check per key, composed into tables, in the order problems are
// reported (validate.ts runs it). Each table `satisfies` a `Schema` of its type in
// mapping-types.ts, so a key added to or removed from a type without the grammar (or the
// reverse) does not compile; grammarKeys() lets a test hold src/mapping/README.md to the same
// keys. Nothing is kept between validations (see checks.ts).

import {
  isBoolean,
  isNameList,
  isNumber,
  isPrimitiveValue,
  isString,
  join,
  leaf,
  list,
  must,
  oneOrMore,
  report,
  shape,
  type Check,
  type Schema,
} from './checks.js';
import { isPrimitive, isRecord } from './coerce.js';
import { MAX_CONDITION_LENGTH, parseConditionText } from './conditions.js';
import type {
  ActivitySpec,
  AllCondition,
  AnyCondition,
  ComparisonCondition,
  DeriveOptions,
  EventRule,
  FromStepsSpec,
  Mapping,
  NotCondition,
  RatioSpec,
  StepDeclaration,
  StepSpec,
  ValueObject,
} from './mapping-types.js';
import { FORBIDDEN_NAMES, pathError } from './paths.js';
import { ACTIVITY_LEVEL, JOB_STATUS, STEP_STATUS, type Vocabulary } from './statuses.js';
import { parseTemplate } from './template.js';

const path: Check = (value, at) => leaf(typeof value === 'string' ? pathError(value) : 'must be a path', at);
const template: Check = (value, at) => leaf(typeof value === 'string' ? parseTemplate(value) : 'must be a template', at);

// --- values and conditions -------------------------------------------------------------------

const VALUE_SOURCES = ['path', 'template', 'value', 'sum'] as const satisfies ReadonlyArray<keyof ValueObject>;
const hasSource = (value: unknown): boolean => isRecord(value) && VALUE_SOURCES.some((key) => key in value);

const VALUE_OBJECT = {
  path: oneOrMore(path),
  template,
  value: isPrimitiveValue,
  sum: list((term, at) => valueItem(term, at)),
  map: must((map) => isRecord(map) && Object.values(map).every(isPrimitive), 'an object of strings, numbers, booleans or null'),
  default: isPrimitiveValue,
  scale: isNumber,
} satisfies Schema<ValueObject>;

const valueObject: Check = (value, at) => {
  if (isRecord(value) && VALUE_SOURCES.filter((key) => key in value).length === 1) shape(VALUE_OBJECT)(value, at);
  else report(at, `must be a path, or an object with one of ${VALUE_SOURCES.join(', ')}`);
};
const valueItem: Check = (value, at) => (typeof value === 'string' ? path : valueObject)(value, at);
const valueSpec = oneOrMore(valueItem);

const isPrimitiveList = must(
  (value) => Array.isArray(value) && value.every(isPrimitive),
  'an array of strings, numbers, booleans or nulls',
);
const COMPARISON = {
  path,
  equals: isPrimitiveValue,
  notEquals: isPrimitiveValue,
  in: isPrimitiveList,
  notIn: isPrimitiveList,
  exists: isBoolean,
  meaningful: isBoolean,
  // Bounded like a condition's text: a substring search costs up to its length per character.
  contains: must(
    (value) => typeof value === 'string' && value.length <= MAX_CONDITION_LENGTH,
    `a string of at most ${MAX_CONDITION_LENGTH} characters`,
  ),
  gt: isNumber,
  gte: isNumber,
  lt: isNumber,
  lte: isNumber,
} satisfies Schema<ComparisonCondition>;

/** `all`, `any` and `not`: each the only key of its object. */
const COMBINATORS = {
  all: list((value, at) => condition(value, at)),
  any: list((value, at) => condition(value, at)),
  not: (value, at) => condition(value, at),
} satisfies Schema<AllCondition & AnyCondition & NotCondition>;

const comparison: Check = (value, at) => {
  const before = at.issues.length;
  shape(COMPARISON, 'path')(value, at);
  if (at.issues.length === before && isRecord(value) && Object.keys(value).length < 2) report(at, 'needs an operator such as "equals"');
};

const condition: Check = (value, at) => {
  if (typeof value === 'string') {
    const parsed = parseConditionText(value);
    return leaf(typeof parsed === 'string' ? parsed : pathError(parsed.path), at);
  }
  const keys = isRecord(value) ? Object.keys(value) : [];
  const combinator = keys.find((key): key is keyof typeof COMBINATORS => Object.hasOwn(COMBINATORS, key));
  if (combinator && keys.length > 1) return report(at, `"${combinator}" must be the only key`);
  if (combinator) return COMBINATORS[combinator]((value as Record<string, unknown>)[combinator], join(at, combinator));
  comparison(value, at);
};

// --- rules -----------------------------------------------------------------------------------

/** A literal word, or a value object whose result is read forgivingly. */
const word =
  ({ words }: Vocabulary<string>): Check =>
  (value, at) => {
    if (isRecord(value)) valueObject(value, at);
    else if (!words.includes(value as string)) report(at, `must be one of ${words.join(', ')}, or a value object`);
  };

const RATIO = { current: valueSpec, total: valueSpec } satisfies Schema<RatioSpec>;
const FROM_STEPS = { fromSteps: must((value) => value === true, 'true') } satisfies Schema<FromStepsSpec>;

const percent =
  (fromSteps: boolean): Check =>
  (value, at) => {
    if (isRecord(value) && ('current' in value || 'total' in value)) {
      if ('current' in value && 'total' in value) shape(RATIO)(value, at);
      else report(at, 'needs both "current" and "total"');
    } else if (isRecord(value) && 'fromSteps' in value) {
      if (fromSteps) shape(FROM_STEPS)(value, at);
      else report(join(at, 'fromSteps'), 'is not allowed in a step');
    } else valueSpec(value, at);
  };

const STEP = {
  id: valueSpec,
  index: valueSpec,
  indexBase: must((value) => value === 0 || value === 1, '0 or 1'),
  label: valueSpec,
  status: word(STEP_STATUS),
  percent: percent(false),
  message: valueSpec,
} satisfies Schema<StepSpec>;

const step: Check = (value, at) => {
  if (isRecord(value) && ('id' in value || 'index' in value)) shape(STEP)(value, at);
  else if (isRecord(value) && !hasSource(value)) report(at, 'needs "id" or "index"');
  else valueSpec(value, at);
};

const LINE = {
  text: (text, at) => (typeof text === 'string' ? template : valueObject)(text, at),
  level: word(ACTIVITY_LEVEL),
  step: valueSpec,
  when: condition,
} satisfies Schema<Exclude<ActivitySpec, string>>;
const line: Check = (value, at) => (typeof value === 'string' ? template : shape(LINE, 'text'))(value, at);

const metrics: Check = (value, at) => {
  if (!isRecord(value)) return report(at, 'must be an object');
  for (const [name, spec] of Object.entries(value)) {
    if (!name.trim() || FORBIDDEN_NAMES.includes(name)) report(join(at, name), 'is not a valid metric name');
    valueSpec(spec, join(at, name));
  }
};

const activity: Check = (value, at) => {
  if (value === true) report(at, 'must be false, a line or an array of lines');
  else if (Array.isArray(value)) value.forEach((entry, i) => line(entry, join(at, i)));
  else if (value !== false) line(value, at);
};

const RULE = {
  description: isString,
  when: condition,
  startsJob: isBoolean,
  step,
  percent: percent(true),
  stepCount: valueSpec,
  message: valueSpec,
  operation: valueSpec,
  counter: valueSpec,
  total: valueSpec,
  rate: valueSpec,
  etaSeconds: valueSpec,
  etaMs: valueSpec,
  error: valueSpec,
  metrics,
  status: word(JOB_STATUS),
  activity,
} satisfies Schema<EventRule>;

const rule: Check = (value, at) => {
  shape(RULE)(value, at);
  if (isRecord(value) && 'etaSeconds' in value && 'etaMs' in value) report(at, 'has both "etaSeconds" and "etaMs"');
};

// --- the mapping -----------------------------------------------------------------------------

const STEP_DECLARATION = { id: () => undefined, label: isString } satisfies Schema<StepDeclaration>;

const steps: Check = (value, at) => {
  if (!Array.isArray(value)) return report(at, 'must be an array');
  const seen = new Set<unknown>();
  value.forEach((declared: unknown, i) => {
    const stepAt = isRecord(declared) ? join(join(at, i), 'id') : join(at, i);
    const id = isRecord(declared) ? declared['id'] : declared;
    if (isRecord(declared)) shape(STEP_DECLARATION)(declared, join(at, i));
    if (typeof id !== 'string' || !id) report(stepAt, 'must be a non-empty step id');
    else if (seen.has(id)) report(join(at, i), `declares "${id}" twice`);
    seen.add(id);
  });
};

const events: Check = (value, at) => {
  if (!isRecord(value) || Object.keys(value).length === 0) return report(at, 'must be an object with at least one event');
  for (const [key, rules] of Object.entries(value)) {
    if (!key) report(join(at, key), 'must not be an empty name');
    oneOrMore(rule)(rules, join(at, key));
  }
};

const DERIVE = {
  rate: isBoolean,
  eta: isBoolean,
  smoothingMs: must((value) => (value as number) > 0 && Number.isFinite(value), 'a positive number'),
} satisfies Schema<DeriveOptions>;

/** Heartbeats are never applied: a rule for one is a mistake. */
const heartbeats =
  (rules: Record<string, unknown>): Check =>
  (names, at) => {
    isNameList(names, at);
    if (!Array.isArray(names)) return;
    names.forEach((name: unknown, i) => {
      if (Object.hasOwn(rules, String(name))) report(join(at, i), 'is a heartbeat and also has a rule');
    });
  };

/** The top level of a mapping; `rules` is the mapping's `events` (when an object), for the checks that compare keys with it. */
export const topLevel = (rules: Record<string, unknown>) =>
  ({
    version: must((value) => value === 1, '1'),
    name: isString,
    description: isString,
    $schema: isString,
    discriminator: oneOrMore(path),
    jobKey: oneOrMore(path),
    runId: oneOrMore(path),
    steps,
    discoverSteps: isBoolean,
    events,
    unknownEvents: must((value) => value === 'ignore' || value === 'activity', '"ignore" or "activity"'),
    heartbeatEvents: heartbeats(rules),
    terminalEvents: isNameList,
    terminalWhen: condition,
    derive: shape(DERIVE),
  }) satisfies Schema<Mapping>;

const keysOf = <T extends object>(table: T): Array<keyof T & string> => Object.keys(table) as Array<keyof T & string>;

/**
 * The keys each part of a mapping may have, as this grammar knows them (src/mapping/README.md
 * documents each). A function, so that bundles that never ask leave it out.
 */
export const grammarKeys = () => ({
  mapping: keysOf(topLevel({})),
  rule: keysOf(RULE),
  step: keysOf(STEP),
  stepDeclaration: keysOf(STEP_DECLARATION),
  valueObject: keysOf(VALUE_OBJECT),
  ratio: keysOf(RATIO),
  fromSteps: keysOf(FROM_STEPS),
  condition: [...keysOf(COMPARISON), ...keysOf(COMBINATORS)],
  activityLine: keysOf(LINE),
  derive: keysOf(DERIVE),
});
