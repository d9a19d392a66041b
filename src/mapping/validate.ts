// Mapping validation: every problem at once, each with its JSON pointer (RFC 6901), when the
// mapping is created; never a surprise at the first event. This file is the grammar of a
// mapping: one check per key, composed into tables, in the order problems are reported. The
// reducer then reads the mapping as written, relying on what is checked here.

import { isPrimitive, isRecord } from './coerce.js';
import { MAX_CONDITION_LENGTH, parseConditionText } from './conditions.js';
import type { Mapping, MappingIssue } from './mapping-types.js';
import { FORBIDDEN_NAMES, pathError } from './paths.js';
import { isPresetName, presets, type PresetName } from './presets/index.js';
import { ACTIVITY_LEVEL, JOB_STATUS, STEP_STATUS, type Vocabulary } from './statuses.js';
import { parseTemplate } from './template.js';

/** Checks the value found at pointer `at`, reporting what is wrong with it. */
type Check = (value: unknown, at: string) => void;

/** The problems found by the `validateMapping` call under way (validation is synchronous). */
let issues: MappingIssue[] = [];

const report = (path: string, message: string): void => {
  issues.push({ path, message });
};

const join = (at: string, key: string | number): string => `${at}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

/** Reports `must be <what>` unless `test` holds. */
const must =
  (test: (value: unknown) => boolean, what: string): Check =>
  (value, at) => {
    if (!test(value)) report(at, `must be ${what}`);
  };

const isBoolean = must((value) => typeof value === 'boolean', 'true or false');
const isString = must((value) => typeof value === 'string', 'a string');
const isNumber = must(Number.isFinite, 'a number');
const isPrimitiveValue = must(isPrimitive, 'a string, number, boolean or null');
const isNameList = must((value) => Array.isArray(value) && value.every((name) => typeof name === 'string' && name), 'an array of non-empty strings');

/** A leaf language (path, template, condition text) reports its own parse error. */
const leaf = (error: unknown, at: string): void => {
  if (typeof error === 'string') report(at, error);
};

const path: Check = (value, at) => leaf(typeof value === 'string' ? pathError(value) : 'must be a path', at);
const template: Check = (value, at) => leaf(typeof value === 'string' ? parseTemplate(value) : 'must be a template', at);

/** A non-empty array of `item`. */
const list =
  (item: Check): Check =>
  (value, at) => {
    if (Array.isArray(value) && value.length > 0) value.forEach((entry, i) => item(entry, join(at, i)));
    else report(at, 'must be a non-empty array');
  };

/** One `item`, or a non-empty array of them. */
const oneOrMore =
  (item: Check): Check =>
  (value, at) =>
    (Array.isArray(value) ? list(item) : item)(value, at);

/** An object whose keys are checked by `schema`: unknown keys first, then in the schema's order. */
const shape =
  (schema: Record<string, Check>, required?: string): Check =>
  (value, at) => {
    if (!isRecord(value)) return report(at, 'must be an object');
    for (const key of Object.keys(value)) if (!Object.hasOwn(schema, key)) report(join(at, key), 'is not a known key');
    for (const key in schema) if (Object.hasOwn(value, key)) schema[key]?.(value[key], join(at, key));
    if (required && !Object.hasOwn(value, required)) report(at, `needs "${required}"`);
  };

// --- values and conditions -------------------------------------------------------------------

const VALUE_SOURCES = ['path', 'template', 'value', 'sum'];
const hasSource = (value: unknown): boolean => isRecord(value) && VALUE_SOURCES.some((key) => key in value);

const VALUE_OBJECT: Record<string, Check> = {
  path: oneOrMore(path),
  template,
  value: isPrimitiveValue,
  sum: list((term, at) => valueItem(term, at)),
  map: must((map) => isRecord(map) && Object.values(map).every(isPrimitive), 'an object of strings, numbers, booleans or null'),
  default: isPrimitiveValue,
  scale: isNumber,
};

const valueObject: Check = (value, at) => {
  if (isRecord(value) && VALUE_SOURCES.filter((key) => key in value).length === 1) shape(VALUE_OBJECT)(value, at);
  else report(at, `must be a path, or an object with one of ${VALUE_SOURCES.join(', ')}`);
};
const valueItem: Check = (value, at) => (typeof value === 'string' ? path : valueObject)(value, at);
const valueSpec = oneOrMore(valueItem);

const isPrimitiveList = must((value) => Array.isArray(value) && value.every(isPrimitive), 'an array of strings, numbers, booleans or nulls');
const COMPARISON: Record<string, Check> = {
  path,
  equals: isPrimitiveValue,
  notEquals: isPrimitiveValue,
  in: isPrimitiveList,
  notIn: isPrimitiveList,
  exists: isBoolean,
  meaningful: isBoolean,
  // Bounded like a condition's text: a substring search costs up to its length per character.
  contains: must((value) => typeof value === 'string' && value.length <= MAX_CONDITION_LENGTH, `a string of at most ${MAX_CONDITION_LENGTH} characters`),
  gt: isNumber,
  gte: isNumber,
  lt: isNumber,
  lte: isNumber,
};

const condition: Check = (value, at) => {
  if (typeof value === 'string') {
    const parsed = parseConditionText(value);
    return leaf(typeof parsed === 'string' ? parsed : pathError(parsed.path), at);
  }
  const keys = isRecord(value) ? Object.keys(value) : [];
  const combinator = keys.find((key) => key === 'all' || key === 'any' || key === 'not');
  if (combinator && keys.length > 1) return report(at, `"${combinator}" must be the only key`);
  if (combinator) return (combinator === 'not' ? condition : list(condition))((value as Record<string, unknown>)[combinator], join(at, combinator));
  const before = issues.length;
  shape(COMPARISON, 'path')(value, at);
  if (issues.length === before && keys.length < 2) report(at, 'needs an operator such as "equals"');
};

// --- rules -----------------------------------------------------------------------------------

/** A literal word, or a value object whose result is read forgivingly. */
const word =
  ({ words }: Vocabulary<string>): Check =>
  (value, at) => {
    if (isRecord(value)) valueObject(value, at);
    else if (!words.includes(value as string)) report(at, `must be one of ${words.join(', ')}, or a value object`);
  };

const RATIO = shape({ current: valueSpec, total: valueSpec });
const isTrue = must((value) => value === true, 'true');

const percent =
  (fromSteps: boolean): Check =>
  (value, at) => {
    if (isRecord(value) && ('current' in value || 'total' in value)) {
      if ('current' in value && 'total' in value) RATIO(value, at);
      else report(at, 'needs both "current" and "total"');
    } else if (isRecord(value) && 'fromSteps' in value) {
      if (fromSteps) shape({ fromSteps: isTrue })(value, at);
      else report(join(at, 'fromSteps'), 'is not allowed in a step');
    } else valueSpec(value, at);
  };

const STEP = shape({
  id: valueSpec,
  index: valueSpec,
  indexBase: must((value) => value === 0 || value === 1, '0 or 1'),
  label: valueSpec,
  status: word(STEP_STATUS),
  percent: percent(false),
  message: valueSpec,
});

const step: Check = (value, at) => {
  if (isRecord(value) && ('id' in value || 'index' in value)) STEP(value, at);
  else if (isRecord(value) && !hasSource(value)) report(at, 'needs "id" or "index"');
  else valueSpec(value, at);
};

const LINE = shape(
  {
    text: (text, at) => (typeof text === 'string' ? template : valueObject)(text, at),
    level: word(ACTIVITY_LEVEL),
    step: valueSpec,
    when: condition,
  },
  'text',
);
const line: Check = (value, at) => (typeof value === 'string' ? template : LINE)(value, at);

const RULE = shape({
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
  metrics: (metrics, at) => {
    if (!isRecord(metrics)) return report(at, 'must be an object');
    for (const [name, spec] of Object.entries(metrics)) {
      if (!name.trim() || FORBIDDEN_NAMES.includes(name)) report(join(at, name), 'is not a valid metric name');
      valueSpec(spec, join(at, name));
    }
  },
  status: word(JOB_STATUS),
  activity: (activity, at) => {
    if (activity === true) report(at, 'must be false, a line or an array of lines');
    else if (Array.isArray(activity)) activity.forEach((entry, i) => line(entry, join(at, i)));
    else if (activity !== false) line(activity, at);
  },
});

const rule: Check = (value, at) => {
  RULE(value, at);
  if (isRecord(value) && 'etaSeconds' in value && 'etaMs' in value) report(at, 'has both "etaSeconds" and "etaMs"');
};

// --- the mapping -----------------------------------------------------------------------------

const MAPPING: Record<string, Check> = {
  version: must((value) => value === 1, '1'),
  name: isString,
  description: isString,
  $schema: isString,
  discriminator: oneOrMore(path),
  jobKey: oneOrMore(path),
  runId: oneOrMore(path),
  steps: (steps, at) => {
    if (!Array.isArray(steps)) return report(at, 'must be an array');
    const seen = new Set<unknown>();
    steps.forEach((declared: unknown, i) => {
      const stepAt = isRecord(declared) ? join(join(at, i), 'id') : join(at, i);
      const id = isRecord(declared) ? declared['id'] : declared;
      if (isRecord(declared)) shape({ id: () => undefined, label: isString })(declared, join(at, i));
      if (typeof id !== 'string' || !id) report(stepAt, 'must be a non-empty step id');
      else if (seen.has(id)) report(join(at, i), `declares "${id}" twice`);
      seen.add(id);
    });
  },
  discoverSteps: isBoolean,
  events: (events, at) => {
    if (!isRecord(events) || Object.keys(events).length === 0) return report(at, 'must be an object with at least one event');
    for (const [key, rules] of Object.entries(events)) {
      if (!key) report(join(at, key), 'must not be an empty name');
      oneOrMore(rule)(rules, join(at, key));
    }
  },
  unknownEvents: must((value) => value === 'ignore' || value === 'activity', '"ignore" or "activity"'),
  heartbeatEvents: isNameList,
  terminalEvents: isNameList,
  terminalWhen: condition,
  derive: shape({ rate: isBoolean, eta: isBoolean, smoothingMs: must((value) => (value as number) > 0 && Number.isFinite(value), 'a positive number') }),
};

/** Checks a mapping (usually parsed JSON); returns every problem, or an empty array. */
export function validateMapping(mapping: unknown): MappingIssue[] {
  issues = [];
  const events = isRecord(mapping) && isRecord(mapping['events']) ? mapping['events'] : {};
  shape({
    ...MAPPING,
    heartbeatEvents: (names, at) => {
      isNameList(names, at);
      // Heartbeats are never applied: a rule for one is a mistake.
      if (Array.isArray(names)) {
        names.forEach((name: unknown, i) => {
          if (Object.hasOwn(events, String(name))) report(join(at, i), 'is a heartbeat and also has a rule');
        });
      }
    },
  })(mapping, '');
  if (isRecord(mapping) && !('events' in mapping)) report('/events', 'is required');
  return issues;
}

/** Thrown by `createReducer` and `clientOptionsFor` for an invalid declarative mapping. */
export class MappingValidationError extends Error {
  readonly errors: MappingIssue[];

  constructor(errors: MappingIssue[]) {
    super(`Invalid mapping:\n${errors.map((issue) => `  ${issue.path || '/'}: ${issue.message}`).join('\n')}`);
    this.name = 'MappingValidationError';
    this.errors = errors;
  }
}

/** A preset's mapping, or a declarative mapping once checked. Throws MappingValidationError. */
export function resolveMapping(mapping: Mapping | PresetName): Mapping {
  const issues = typeof mapping !== 'string' ? validateMapping(mapping) : isPresetName(mapping) ? [] : [{ path: '', message: `unknown preset "${mapping}"` }];
  if (issues.length > 0) throw new MappingValidationError(issues);
  return typeof mapping === 'string' ? presets[mapping] : mapping;
}
