// Checks a mapping and turns it into ready-to-run readers in one walk, so that what is
// validated is exactly what runs. Every problem is collected with its JSON pointer; nothing is
// deferred to the first event.

import type { Mapping, StepDeclaration } from './mapping-types.js';
import type { ActivityLevel, JobStatus, StepStatus } from './state.js';
import { compileCondition, type Predicate } from './conditions.js';
import { joinPointer, type IssueSink } from './json-pointer.js';
import type { MappingIssue } from './mapping-types.js';
import { collectMentionedPaths, parsePath, type ParsedPath } from './paths.js';
import { parseTemplate, renderTemplate } from './template.js';
import { closestMatch } from './suggest.js';
import { compileValue, isRecord, type ReadContext, type Reader } from './values.js';
import {
  ACTIVITY_LEVELS,
  JOB_STATUSES,
  STEP_STATUSES,
  readActivityLevel,
  readJobStatus,
  readStepStatus,
} from './statuses.js';

export type PercentReader =
  | { kind: 'value'; read: Reader }
  | { kind: 'ratio'; current: Reader; total: Reader }
  | { kind: 'steps' };

export interface CompiledStep {
  id?: Reader;
  index?: Reader;
  indexBase: 0 | 1;
  label?: Reader;
  status?: (context: ReadContext) => StepStatus | undefined;
  percent?: PercentReader;
  message?: Reader;
}

export interface CompiledActivity {
  text: Reader;
  level: (context: ReadContext) => ActivityLevel;
  step?: Reader;
  when?: Predicate;
}

export interface CompiledRule {
  /** Where the rule sits in the mapping (for diagnostics). */
  pointer: string;
  when?: Predicate;
  startsJob: boolean;
  step?: CompiledStep;
  stepCount?: Reader;
  percent?: PercentReader;
  message?: Reader;
  operation?: Reader;
  metrics: ReadonlyArray<readonly [string, Reader]>;
  counter?: Reader;
  total?: Reader;
  rate?: Reader;
  etaSeconds?: Reader;
  etaMs?: Reader;
  status?: (context: ReadContext) => JobStatus | undefined;
  error?: Reader;
  /** `default`: the rule has no `activity` key; `[]`: `activity: false`. */
  activity: 'default' | readonly CompiledActivity[];
}

export interface CompiledMapping {
  source: Mapping;
  discriminators: readonly ParsedPath[];
  jobKey?: Reader;
  runId?: Reader;
  steps: readonly Required<StepDeclaration>[];
  discoverSteps: boolean;
  /** A Map, not an object: event names such as `constructor` must not hit prototypes. */
  rules: ReadonlyMap<string, readonly CompiledRule[]>;
  unknownEvents: 'ignore' | 'activity';
  heartbeatEvents: ReadonlySet<string>;
  terminalEvents: readonly string[];
  terminalWhen?: Predicate;
  derive: { rate: boolean; eta: boolean; smoothingMs: number };
  /** Every data path the mapping mentions. */
  mentionedPaths: ReadonlySet<string>;
}

const MAPPING_KEYS = [
  'version',
  'name',
  'description',
  'discriminator',
  'jobKey',
  'runId',
  'steps',
  'discoverSteps',
  'events',
  'unknownEvents',
  'heartbeatEvents',
  'terminalEvents',
  'terminalWhen',
  'derive',
  '$schema',
] as const;

const RULE_KEYS = [
  'description',
  'when',
  'startsJob',
  'step',
  'stepCount',
  'percent',
  'message',
  'operation',
  'metrics',
  'counter',
  'total',
  'rate',
  'etaSeconds',
  'etaMs',
  'status',
  'error',
  'activity',
] as const;

const STEP_KEYS = ['id', 'index', 'indexBase', 'label', 'status', 'percent', 'message'] as const;
const ACTIVITY_KEYS = ['text', 'level', 'step', 'when'] as const;
const DERIVE_KEYS = ['rate', 'eta', 'smoothingMs'] as const;
const DEFAULT_SMOOTHING_MS = 10_000;
/** Names that would reach an object's prototype if used as a key of the state's `metrics`. */
const RESERVED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);

/** Turns `ai_parsing` / `loadingOrders` into `Ai parsing` / `Loading orders` for a label. */
export function humanize(id: string): string {
  const words = id
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.length === 0 ? id : words[0]?.toUpperCase() + words.slice(1);
}

class Compiler {
  readonly issues: MappingIssue[] = [];
  readonly report: IssueSink = (path, message) => {
    this.issues.push({ path, message });
  };

  unknownKeys(value: Record<string, unknown>, allowed: readonly string[], pointer: string, what: string): void {
    for (const key of Object.keys(value)) {
      if (allowed.includes(key)) continue;
      const hint = closestMatch(key, allowed);
      this.report(joinPointer(pointer, key), `unknown ${what} key "${key}"${hint ? `; did you mean "${hint}"?` : ''}`);
    }
  }

  /** A path or a non-empty list of paths, compiled as "first present". */
  paths(value: unknown, pointer: string): Reader | undefined {
    if (typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
      return compileValue(value, pointer, this.report);
    }
    this.report(pointer, 'must be a path (string) or an array of paths');
    return undefined;
  }

  stringList(value: unknown, pointer: string): string[] {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length > 0)) {
      this.report(pointer, 'must be an array of non-empty strings');
      return [];
    }
    return value as string[];
  }

  /** A literal from a fixed vocabulary, or a value object read at run time (with `read`). */
  enumerated<T extends string>(
    value: unknown,
    pointer: string,
    allowed: readonly T[],
    read: (raw: unknown) => T | undefined,
    example: string,
  ): ((context: ReadContext) => T | undefined) | undefined {
    if (typeof value === 'string') {
      if ((allowed as readonly string[]).includes(value)) {
        const literal = value as T;
        return () => literal;
      }
      this.report(pointer, `must be one of ${allowed.join(', ')}, or a value object such as ${example}`);
      return undefined;
    }
    if (!isRecord(value)) {
      this.report(pointer, `must be one of ${allowed.join(', ')}, or a value object such as ${example}`);
      return undefined;
    }
    const reader = compileValue(value, pointer, this.report);
    return reader && ((context) => read(reader(context)));
  }

  percent(value: unknown, pointer: string, allowSteps: boolean): PercentReader | undefined {
    if (isRecord(value) && ('current' in value || 'total' in value)) {
      this.unknownKeys(value, ['current', 'total'], pointer, 'ratio');
      if (!Object.hasOwn(value, 'current') || !Object.hasOwn(value, 'total')) {
        this.report(pointer, 'a ratio needs both "current" and "total"');
        return undefined;
      }
      const current = compileValue(value['current'], joinPointer(pointer, 'current'), this.report);
      const total = compileValue(value['total'], joinPointer(pointer, 'total'), this.report);
      return current && total && { kind: 'ratio', current, total };
    }
    if (isRecord(value) && 'fromSteps' in value) {
      if (!allowSteps) {
        this.report(joinPointer(pointer, 'fromSteps'), 'a step cannot take its percent from the step list');
        return undefined;
      }
      this.unknownKeys(value, ['fromSteps'], pointer, 'percent');
      if (value['fromSteps'] !== true) {
        this.report(joinPointer(pointer, 'fromSteps'), 'must be true');
        return undefined;
      }
      return { kind: 'steps' };
    }
    const read = compileValue(value, pointer, this.report);
    return read && { kind: 'value', read };
  }

  step(value: unknown, pointer: string): CompiledStep | undefined {
    const isStepObject = isRecord(value) && ('id' in value || 'index' in value);
    if (!isStepObject) {
      if (isRecord(value) && STEP_KEYS.some((key) => key in value) && !('path' in value || 'template' in value || 'value' in value)) {
        this.report(pointer, 'a step object needs "id" or "index"');
        return undefined;
      }
      const id = compileValue(value, pointer, this.report);
      return id && { id, indexBase: 0 };
    }
    this.unknownKeys(value, STEP_KEYS, pointer, 'step');
    const step: CompiledStep = { indexBase: 0 };
    let ok = true;
    const field = (key: (typeof STEP_KEYS)[number]): Reader | undefined => {
      if (!Object.hasOwn(value, key)) return undefined;
      const reader = compileValue(value[key], joinPointer(pointer, key), this.report);
      if (!reader) ok = false;
      return reader;
    };
    const id = field('id');
    const index = field('index');
    const label = field('label');
    const message = field('message');
    if (id) step.id = id;
    if (index) step.index = index;
    if (label) step.label = label;
    if (message) step.message = message;
    if (Object.hasOwn(value, 'indexBase')) {
      if (value['indexBase'] === 0 || value['indexBase'] === 1) step.indexBase = value['indexBase'];
      else {
        this.report(joinPointer(pointer, 'indexBase'), 'must be 0 or 1');
        ok = false;
      }
    }
    if (Object.hasOwn(value, 'status')) {
      const status = this.enumerated(value['status'], joinPointer(pointer, 'status'), STEP_STATUSES, readStepStatus, '{"path": "status", "map": {"done": "complete"}}');
      if (status) step.status = status;
      else ok = false;
    }
    if (Object.hasOwn(value, 'percent')) {
      const percent = this.percent(value['percent'], joinPointer(pointer, 'percent'), false);
      if (percent) step.percent = percent;
      else ok = false;
    }
    return ok ? step : undefined;
  }

  activityItem(value: unknown, pointer: string): CompiledActivity | undefined {
    if (typeof value === 'string') {
      const text = this.template(value, pointer);
      return text && { text, level: () => 'info' };
    }
    if (!isRecord(value)) {
      this.report(pointer, 'an activity line is a template string or an object with "text"');
      return undefined;
    }
    this.unknownKeys(value, ACTIVITY_KEYS, pointer, 'activity');
    if (!Object.hasOwn(value, 'text')) {
      this.report(pointer, 'an activity line needs "text"');
      return undefined;
    }
    const textSpec = value['text'];
    const text =
      typeof textSpec === 'string'
        ? this.template(textSpec, joinPointer(pointer, 'text'))
        : isRecord(textSpec)
          ? compileValue(textSpec, joinPointer(pointer, 'text'), this.report)
          : (this.report(joinPointer(pointer, 'text'), 'must be a template string or a value object'), undefined);
    let level: CompiledActivity['level'] = () => 'info';
    let ok = text !== undefined;
    if (Object.hasOwn(value, 'level')) {
      const read = this.enumerated(value['level'], joinPointer(pointer, 'level'), ACTIVITY_LEVELS, readActivityLevel, '{"path": "severity", "map": {"warn": "warning"}, "default": "info"}');
      if (read) level = (context) => read(context) ?? 'info';
      else ok = false;
    }
    const item: CompiledActivity = { text: text ?? (() => undefined), level };
    if (Object.hasOwn(value, 'step')) {
      const step = compileValue(value['step'], joinPointer(pointer, 'step'), this.report);
      if (step) item.step = step;
      else ok = false;
    }
    if (Object.hasOwn(value, 'when')) {
      const when = compileCondition(value['when'], joinPointer(pointer, 'when'), this.report);
      if (when) item.when = when;
      else ok = false;
    }
    return ok ? item : undefined;
  }

  template(text: string, pointer: string): Reader | undefined {
    const template = parseTemplate(text);
    if (typeof template === 'string') {
      this.report(pointer, template);
      return undefined;
    }
    return (context) => renderTemplate(template, context, context.onMissing && ((path) => context.onMissing?.(pointer, path)));
  }

  rule(value: unknown, pointer: string): CompiledRule | undefined {
    if (!isRecord(value)) {
      this.report(pointer, 'a rule is an object (for example {"percent": "progress", "message": "message"})');
      return undefined;
    }
    this.unknownKeys(value, RULE_KEYS, pointer, 'rule');
    const before = this.issues.length;
    const at = (key: string): string => joinPointer(pointer, key);
    const has = (key: string): boolean => Object.hasOwn(value, key);
    const read = (key: string): Reader | undefined => (has(key) ? compileValue(value[key], at(key), this.report) : undefined);
    const rule: CompiledRule = { pointer, startsJob: false, metrics: [], activity: 'default' };

    if (has('description') && typeof value['description'] !== 'string') this.report(at('description'), 'must be a string');
    if (has('when')) {
      const when = compileCondition(value['when'], at('when'), this.report);
      if (when) rule.when = when;
    }
    if (has('startsJob')) {
      if (typeof value['startsJob'] === 'boolean') rule.startsJob = value['startsJob'];
      else this.report(at('startsJob'), 'must be true or false');
    }
    if (has('step')) {
      const step = this.step(value['step'], at('step'));
      if (step) rule.step = step;
    }
    if (has('percent')) {
      const percent = this.percent(value['percent'], at('percent'), true);
      if (percent) rule.percent = percent;
    }
    const simple = ['stepCount', 'message', 'operation', 'counter', 'total', 'rate', 'etaSeconds', 'etaMs', 'error'] as const;
    for (const key of simple) {
      const reader = read(key);
      if (reader) rule[key] = reader;
    }
    if (has('etaSeconds') && has('etaMs')) this.report(pointer, 'has both "etaSeconds" and "etaMs"; keep one');
    if (has('metrics')) {
      const metrics = value['metrics'];
      if (!isRecord(metrics)) this.report(at('metrics'), 'must be an object: display name → value');
      else {
        const compiled: Array<readonly [string, Reader]> = [];
        for (const [name, spec] of Object.entries(metrics)) {
          if (name.trim().length === 0) this.report(joinPointer(at('metrics'), name), 'a metric needs a display name');
          else if (RESERVED_NAMES.has(name)) this.report(joinPointer(at('metrics'), name), `"${name}" cannot be a metric name`);
          const reader = compileValue(spec, joinPointer(at('metrics'), name), this.report);
          if (reader) compiled.push([name, reader]);
        }
        rule.metrics = compiled;
      }
    }
    if (has('status')) {
      const status = this.enumerated(value['status'], at('status'), JOB_STATUSES, readJobStatus, '{"path": "state.status", "map": {"completed": "complete"}}');
      if (status) rule.status = status;
    }
    if (has('activity')) {
      const activity = value['activity'];
      if (activity === false) rule.activity = [];
      else if (activity === true) this.report(at('activity'), 'must be false, a template string, an activity object, or an array of them');
      else {
        const items = Array.isArray(activity) ? activity : [activity];
        const compiled = items.map((item, i) => this.activityItem(item, Array.isArray(activity) ? joinPointer(at('activity'), i) : at('activity')));
        if (compiled.every((c) => c !== undefined)) rule.activity = compiled as CompiledActivity[];
      }
    }
    return this.issues.length === before ? rule : undefined;
  }

  declaredSteps(value: unknown, pointer: string): Required<StepDeclaration>[] {
    if (!Array.isArray(value)) {
      this.report(pointer, 'must be an array of step ids or {"id", "label"} objects');
      return [];
    }
    const steps: Required<StepDeclaration>[] = [];
    const seen = new Set<string>();
    value.forEach((item, i) => {
      const at = joinPointer(pointer, i);
      let id: unknown = item;
      let label: unknown;
      if (isRecord(item)) {
        this.unknownKeys(item, ['id', 'label'], at, 'step');
        id = item['id'];
        label = item['label'];
        if (label !== undefined && typeof label !== 'string') this.report(joinPointer(at, 'label'), 'must be a string');
      }
      if (typeof id !== 'string' || id.length === 0) {
        this.report(isRecord(item) ? joinPointer(at, 'id') : at, 'a step id must be a non-empty string');
        return;
      }
      if (seen.has(id)) this.report(at, `step "${id}" is declared twice`);
      seen.add(id);
      steps.push({ id, label: typeof label === 'string' ? label : humanize(id) });
    });
    return steps;
  }

  mapping(value: unknown): Omit<CompiledMapping, 'mentionedPaths'> | undefined {
    if (!isRecord(value)) {
      this.report('', 'a mapping is a JSON object with an "events" object');
      return undefined;
    }
    this.unknownKeys(value, MAPPING_KEYS, '', 'mapping');
    const has = (key: string): boolean => Object.hasOwn(value, key);
    const at = (key: string): string => joinPointer('', key);

    if (has('version') && value['version'] !== 1) this.report(at('version'), 'must be 1');
    for (const key of ['name', 'description', '$schema']) {
      if (has(key) && typeof value[key] !== 'string') this.report(at(key), 'must be a string');
    }

    const discriminators: ParsedPath[] = [];
    if (has('discriminator')) {
      const raw = value['discriminator'];
      const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : undefined;
      if (list === undefined || list.length === 0) this.report(at('discriminator'), 'must be a path or a non-empty array of paths');
      else {
        list.forEach((item, i) => {
          const pointer = typeof raw === 'string' ? at('discriminator') : joinPointer(at('discriminator'), i);
          const parsed = typeof item === 'string' ? parsePath(item) : 'must be a path (string)';
          if (typeof parsed === 'string') this.report(pointer, parsed);
          else discriminators.push(parsed);
        });
      }
    }
    const jobKey = has('jobKey') ? this.paths(value['jobKey'], at('jobKey')) : undefined;
    const runId = has('runId') ? this.paths(value['runId'], at('runId')) : undefined;
    const steps = has('steps') ? this.declaredSteps(value['steps'], at('steps')) : [];
    let discoverSteps = true;
    if (has('discoverSteps')) {
      if (typeof value['discoverSteps'] === 'boolean') discoverSteps = value['discoverSteps'];
      else this.report(at('discoverSteps'), 'must be true or false');
    }

    const rules = new Map<string, CompiledRule[]>();
    if (!has('events')) this.report(at('events'), 'is required: an object of rules by event name or discriminator value');
    else if (!isRecord(value['events'])) this.report(at('events'), 'must be an object of rules by event name or discriminator value');
    else {
      const events = value['events'];
      if (Object.keys(events).length === 0) this.report(at('events'), 'must declare at least one event');
      for (const [key, spec] of Object.entries(events)) {
        const pointer = joinPointer(at('events'), key);
        if (key.length === 0) this.report(pointer, 'an event key must not be empty');
        const list = Array.isArray(spec) ? spec : [spec];
        if (Array.isArray(spec) && spec.length === 0) this.report(pointer, 'must hold at least one rule');
        const compiled = list.map((rule, i) => this.rule(rule, Array.isArray(spec) ? joinPointer(pointer, i) : pointer));
        if (compiled.every((rule) => rule !== undefined)) rules.set(key, compiled as CompiledRule[]);
      }
    }

    let unknownEvents: 'ignore' | 'activity' = 'ignore';
    if (has('unknownEvents')) {
      const mode = value['unknownEvents'];
      if (mode === 'ignore' || mode === 'activity') unknownEvents = mode;
      else this.report(at('unknownEvents'), 'must be "ignore" or "activity"');
    }
    const heartbeatEvents = has('heartbeatEvents') ? this.stringList(value['heartbeatEvents'], at('heartbeatEvents')) : [];
    heartbeatEvents.forEach((name, i) => {
      if (rules.has(name)) {
        this.report(joinPointer(at('heartbeatEvents'), i), `"${name}" is a heartbeat and also has a rule in /events; heartbeats are never applied`);
      }
    });
    const terminalEvents = has('terminalEvents') ? this.stringList(value['terminalEvents'], at('terminalEvents')) : [];
    const terminalWhen = has('terminalWhen') ? compileCondition(value['terminalWhen'], at('terminalWhen'), this.report) : undefined;

    const derive = { rate: true, eta: true, smoothingMs: DEFAULT_SMOOTHING_MS };
    if (has('derive')) {
      const raw = value['derive'];
      if (!isRecord(raw)) this.report(at('derive'), 'must be an object with "rate", "eta" and/or "smoothingMs"');
      else {
        this.unknownKeys(raw, DERIVE_KEYS, at('derive'), 'derive');
        for (const key of ['rate', 'eta'] as const) {
          if (!Object.hasOwn(raw, key)) continue;
          if (typeof raw[key] === 'boolean') derive[key] = raw[key];
          else this.report(joinPointer(at('derive'), key), 'must be true or false');
        }
        if (Object.hasOwn(raw, 'smoothingMs')) {
          const ms = raw['smoothingMs'];
          if (typeof ms === 'number' && Number.isFinite(ms) && ms > 0) derive.smoothingMs = ms;
          else this.report(joinPointer(at('derive'), 'smoothingMs'), 'must be a positive number of milliseconds');
        }
      }
    }

    if (this.issues.length > 0) return undefined;
    const compiled: Omit<CompiledMapping, 'mentionedPaths'> = {
      source: value as unknown as Mapping,
      discriminators,
      steps,
      discoverSteps,
      rules,
      unknownEvents,
      heartbeatEvents: new Set(heartbeatEvents),
      terminalEvents,
      derive,
    };
    if (jobKey) compiled.jobKey = jobKey;
    if (runId) compiled.runId = runId;
    if (terminalWhen) compiled.terminalWhen = terminalWhen;
    return compiled;
  }
}

/** Validates and compiles; `mapping` is set only when there are no issues. */
export function compileMapping(value: unknown): { mapping?: CompiledMapping; issues: MappingIssue[] } {
  const compiler = new Compiler();
  const { result: mapping, paths } = collectMentionedPaths(() => compiler.mapping(value));
  return mapping ? { mapping: { ...mapping, mentionedPaths: paths }, issues: [] } : { issues: compiler.issues };
}
