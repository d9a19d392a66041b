// Applies the matching rules of one event to one job's state. This is where the state's
// promises are kept: percent never goes backwards within a job, steps only move forward, a
// failed step stays failed, an ended job stays ended until an event starts a new one, and a
// repeated event adds no activity line.

import type { CompiledMapping, CompiledRule, CompiledStep, PercentReader } from './compile.js';
import { humanize } from './compile.js';
import type { ProgressState, JobStatus } from './state.js';
import { createInitialState } from './state.js';
import type { StreamMessage } from '../client/types.js';
import type { NewActivity } from './activity.js';
import { capText, toNumber, toText } from './coerce.js';
import { etaFromRate, RateEstimator } from './derived-rate.js';
import type { JobLedger } from './ledger.js';
import { StepDraft, seedSteps } from './steps.js';
import { isTerminalStatus } from './statuses.js';
import type { ReadContext } from './values.js';

export interface EventInput {
  readonly message: StreamMessage;
  readonly context: ReadContext;
  readonly now: number;
  /** The event is identical (name and data) to the last one applied to this job. */
  readonly repeat: boolean;
  /** Whether an ended job ignores events that do not start a new one (false for channel-level events). */
  readonly sticky: boolean;
}

export interface JobUpdate {
  state: ProgressState;
  /** Activity lines this event produced, not yet appended to any feed. */
  lines: NewActivity[];
  /** The job had ended and the event did not start a new one: the state is unchanged. */
  ended: boolean;
}

/** A fresh job: the declared steps pending, the step count known. */
export function freshJob(mapping: CompiledMapping): ProgressState {
  const state = createInitialState();
  if (mapping.steps.length > 0) {
    state.steps = seedSteps(mapping.steps);
    state.stepCount = mapping.steps.length;
  }
  return state;
}

/** Starts a job over: a new run. The feed and the stream position are kept. */
function restart(job: ProgressState, mapping: CompiledMapping, ledger: JobLedger): ProgressState {
  ledger.counter = new RateEstimator(mapping.derive.smoothingMs);
  ledger.percent = new RateEstimator(mapping.derive.smoothingMs);
  return { ...job, ...freshJob(mapping), activity: job.activity, lastEventId: job.lastEventId };
}

function clampPercent(value: number): number {
  return Math.min(100, Math.max(0, value));
}

function readPercent(spec: PercentReader, context: ReadContext): number | undefined {
  switch (spec.kind) {
    case 'value':
      return toNumber(spec.read(context));
    case 'ratio': {
      const current = toNumber(spec.current(context));
      const total = toNumber(spec.total(context));
      return current !== undefined && total !== undefined && total > 0 ? (current / total) * 100 : undefined;
    }
    case 'steps':
      return undefined; // computed after all rules, from the step list
  }
}

/** Mutable working copy of one job for the duration of one event. */
class JobDraft {
  readonly state: ProgressState;
  readonly steps: StepDraft;
  progressed = false;
  percentFromSteps = false;
  status: JobStatus | undefined;
  error: string | undefined;
  counter: number | undefined;
  total: number | undefined;
  rate: number | undefined;
  etaMs: number | undefined;
  #metricsCopied = false;

  constructor(job: ProgressState, mapping: CompiledMapping) {
    this.state = { ...job };
    const seeded = job.steps.length === 0 && mapping.steps.length > 0;
    this.steps = new StepDraft(seeded ? seedSteps(mapping.steps) : job.steps, job.stepIndex);
    if (seeded) this.state.stepCount ??= mapping.steps.length;
  }

  setPercent(value: number | undefined): void {
    if (value === undefined || !Number.isFinite(value)) return;
    const percent = clampPercent(value);
    const previous = this.state.percent;
    this.state.percent = previous === null ? percent : Math.max(previous, percent);
    this.progressed = true;
  }

  setMetric(name: string, value: number): void {
    if (this.state.metrics[name] === value) return;
    if (!this.#metricsCopied) {
      this.state.metrics = { ...this.state.metrics };
      this.#metricsCopied = true;
    }
    this.state.metrics[name] = value;
  }

  stepCountOrListLength(): number {
    return Math.max(this.state.stepCount ?? 0, this.steps.steps.length);
  }
}

function applyStep(spec: CompiledStep, draft: JobDraft, context: ReadContext, now: number, mapping: CompiledMapping): void {
  const steps = draft.steps;
  let index = -1;
  if (spec.id) {
    const id = toText(spec.id(context));
    if (id === undefined || id.length === 0) return;
    index = steps.indexOf(id);
    if (index < 0 && mapping.discoverSteps) {
      const label = (spec.label && toText(spec.label(context))) || humanize(id);
      index = steps.add(capText(id), capText(label));
    }
    if (index < 0) return;
  } else if (spec.index) {
    const raw = toNumber(spec.index(context));
    if (raw === undefined) return;
    index = Math.floor(raw) - spec.indexBase;
    if (index < 0) return;
    const count = draft.stepCountOrListLength();
    if (mapping.discoverSteps && index >= steps.steps.length && index < count) {
      // Steps known only by position: fill the list up to this one ("Step 3").
      const label = spec.label && toText(spec.label(context));
      while (steps.steps.length <= index) {
        const n = steps.steps.length + 1;
        if (steps.add(`step-${n}`, n === index + 1 && label ? capText(label) : `Step ${n}`) < 0) break;
      }
    }
    if (index >= steps.steps.length) {
      // Beyond the listed steps: everything listed is done. At or past the count, the last
      // step is the current one ("Step 5 of 5"), not a sixth.
      steps.finishAll(now);
      const pointer = count > 0 ? Math.min(index, count - 1) : index;
      if (steps.stepIndex === null || pointer > steps.stepIndex) steps.stepIndex = pointer;
      draft.progressed = true;
      return;
    }
  } else return;

  const status = spec.status?.(context) ?? 'active';
  steps.setStatus(index, status, now);
  draft.progressed = true;
  if (spec.percent) {
    const value = readPercent(spec.percent, context);
    if (value !== undefined && Number.isFinite(value)) {
      const previous = steps.steps[index]?.percent;
      const percent = clampPercent(value);
      steps.update(index, { percent: previous === undefined ? percent : Math.max(previous, percent) });
    }
  }
  if (spec.message) {
    const message = toText(spec.message(context));
    if (message !== undefined) steps.update(index, { message: capText(message) });
  }
}

function applyRule(rule: CompiledRule, draft: JobDraft, context: ReadContext, now: number, mapping: CompiledMapping): void {
  const state = draft.state;
  if (rule.stepCount) {
    const count = toNumber(rule.stepCount(context));
    if (count !== undefined && count >= 0) {
      state.stepCount = Math.round(count);
      draft.progressed = true;
    }
  }
  if (rule.step) applyStep(rule.step, draft, context, now, mapping);
  if (rule.percent) {
    if (rule.percent.kind === 'steps') draft.percentFromSteps = true;
    else draft.setPercent(readPercent(rule.percent, context));
  }
  if (rule.message) {
    const message = toText(rule.message(context));
    if (message !== undefined) state.message = capText(message);
  }
  if (rule.operation) {
    const operation = toText(rule.operation(context));
    if (operation !== undefined) {
      state.operation = capText(operation);
      draft.progressed = true;
    }
  }
  for (const [name, read] of rule.metrics) {
    const value = toNumber(read(context));
    if (value !== undefined) {
      draft.setMetric(name, value);
      draft.progressed = true;
    }
  }
  const number = (read: CompiledRule['counter']): number | undefined => (read ? toNumber(read(context)) : undefined);
  draft.counter = number(rule.counter) ?? draft.counter;
  draft.total = number(rule.total) ?? draft.total;
  const rate = number(rule.rate);
  if (rate !== undefined && rate >= 0) draft.rate = rate;
  const etaSeconds = number(rule.etaSeconds);
  if (etaSeconds !== undefined && etaSeconds >= 0) draft.etaMs = etaSeconds * 1000;
  const etaMs = number(rule.etaMs);
  if (etaMs !== undefined && etaMs >= 0) draft.etaMs = etaMs;
  if (draft.counter !== undefined || draft.rate !== undefined || draft.etaMs !== undefined) draft.progressed = true;
  const status = rule.status?.(context);
  if (status !== undefined) draft.status = status;
  if (rule.error) {
    const error = toText(rule.error(context));
    if (error !== undefined && error.length > 0) draft.error = capText(error);
  }
}

function percentFromSteps(draft: JobDraft): number | undefined {
  const count = draft.stepCountOrListLength();
  if (count === 0) return undefined;
  const { steps, stepIndex } = draft.steps;
  let done = draft.steps.doneCount();
  if (stepIndex !== null && stepIndex >= steps.length) done = Math.max(done, stepIndex);
  const current = stepIndex === null ? undefined : steps[stepIndex];
  const within = current?.status === 'active' ? (current.percent ?? 0) / 100 : 0;
  return ((done + within) / count) * 100;
}

/** Rate and ETA: the server's when sent, else derived from the counter or percent history. */
function applyRateAndEta(draft: JobDraft, ledger: JobLedger, now: number, mapping: CompiledMapping, usesCounter: boolean): void {
  const state = draft.state;
  if (draft.counter !== undefined) ledger.counter.sample(now, draft.counter);
  if (state.percent !== null) ledger.percent.sample(now, state.percent);
  if (draft.rate !== undefined) state.rate = draft.rate;
  else if (mapping.derive.rate && usesCounter && ledger.counter.rate !== null) state.rate = ledger.counter.rate;

  if (draft.etaMs !== undefined) state.etaMs = Math.round(draft.etaMs);
  else if (mapping.derive.eta) {
    // Recomputed whenever a rate is known (a stalled job has no ETA, not a stale one); kept
    // while the history is still too short to say.
    if (draft.counter !== undefined && draft.total !== undefined) {
      const rate = draft.rate ?? ledger.counter.rate;
      if (rate !== null) state.etaMs = etaFromRate(draft.total - draft.counter, rate);
    } else if (!usesCounter && state.percent !== null && ledger.percent.rate !== null) {
      state.etaMs = etaFromRate(100 - state.percent, ledger.percent.rate);
    }
  }
}

function endJob(draft: JobDraft, status: JobStatus, now: number, messageChanged: boolean): void {
  const state = draft.state;
  state.status = status;
  state.completedAt = now;
  state.etaMs = null;
  state.rate = null;
  if (status === 'complete') {
    state.percent = 100;
    draft.steps.finishAll(now);
    const count = draft.stepCountOrListLength();
    if (count > 0) draft.steps.stepIndex = count - 1;
    state.error = null;
  } else if (status === 'failed') {
    state.error = draft.error ?? (messageChanged && state.message ? state.message : 'Failed');
    draft.steps.failCurrent(now);
  } else {
    draft.steps.skipActive();
  }
}

function currentStepId(draft: JobDraft): string | undefined {
  const index = draft.steps.stepIndex;
  return index === null ? undefined : draft.steps.steps[index]?.id;
}

function activityLines(
  rules: readonly CompiledRule[],
  draft: JobDraft,
  before: ProgressState,
  context: ReadContext,
  explicitOnly = false,
): NewActivity[] {
  const state = draft.state;
  const step = currentStepId(draft);
  const explicit = rules.some((rule) => rule.activity !== 'default');
  if (!explicit) {
    if (explicitOnly) return [];
    const messageChanged = state.message !== before.message && state.message.length > 0;
    if (state.status !== before.status && state.status === 'failed') return [{ level: 'error', message: state.error ?? 'Failed', step }];
    if (state.status !== before.status && state.status === 'complete') {
      return [{ level: 'success', message: messageChanged ? state.message : 'Complete', step }];
    }
    if (state.status !== before.status && state.status === 'cancelled') {
      return [{ level: 'warning', message: messageChanged ? state.message : 'Cancelled', step }];
    }
    return messageChanged ? [{ level: 'info', message: state.message, step }] : [];
  }
  const lines: NewActivity[] = [];
  for (const rule of rules) {
    if (rule.activity === 'default') continue;
    for (const item of rule.activity) {
      if (item.when && !item.when(context)) continue;
      const text = toText(item.text(context));
      if (text === undefined || text.length === 0) continue;
      // A line the mapping spells out belongs to a step only when the mapping says which.
      const lineStep = item.step ? toText(item.step(context)) : undefined;
      lines.push({ level: item.level(context), message: capText(text), step: lineStep });
    }
  }
  return lines;
}

/** Applies `rules` (already filtered by their `when`) to `job`. */
export function applyEventToJob(
  job: ProgressState,
  rules: readonly CompiledRule[],
  input: EventInput,
  ledger: JobLedger,
  mapping: CompiledMapping,
): JobUpdate {
  const { context, now } = input;
  let restarted = false;
  if (mapping.runId) {
    const runId = toText(mapping.runId({ ...context, onMissing: undefined }));
    if (runId !== undefined) {
      restarted = ledger.runId !== undefined && ledger.runId !== runId && job.status !== 'idle';
      ledger.runId = runId;
    }
  }
  if (!restarted && input.sticky && isTerminalStatus(job.status)) {
    if (!rules.some((rule) => rule.startsJob)) {
      // The job has ended: its state no longer changes, but lines the mapping asks for
      // explicitly (a closing "Stream ended", a proposal arriving later) still reach the feed.
      const draft = new JobDraft(job, mapping);
      const lines = input.repeat ? [] : activityLines(rules, draft, job, context, true);
      return { state: job, lines, ended: true };
    }
    restarted = true;
  }
  const before = restarted ? restart(job, mapping, ledger) : job;
  const draft = new JobDraft(before, mapping);
  for (const rule of rules) applyRule(rule, draft, context, now, mapping);

  const state = draft.state;
  const reached = draft.steps.stepIndex === null ? 0 : draft.steps.stepIndex + 1;
  // A count smaller than the step already reached is wrong: "Step 7 of 5" must not happen.
  const count = Math.max(draft.stepCountOrListLength(), reached);
  state.stepCount = count > 0 ? count : state.stepCount;
  if (draft.percentFromSteps) draft.setPercent(percentFromSteps(draft));

  const messageChanged = state.message !== before.message;
  const target = draft.status ?? (draft.progressed && state.status === 'idle' ? 'running' : undefined);
  if (target !== undefined && target !== state.status && target !== 'idle' && !isTerminalStatus(state.status)) {
    if (target === 'running') state.status = 'running';
    else endJob(draft, target, now, messageChanged);
  }
  if (!isTerminalStatus(state.status)) applyRateAndEta(draft, ledger, now, mapping, rules.some((rule) => rule.counter !== undefined));

  state.steps = draft.steps.steps;
  state.stepIndex = draft.steps.stepIndex;
  if (state.startedAt === null && state.status !== 'idle') state.startedAt = now;
  state.updatedAt = now;
  if (input.message.id !== undefined) state.lastEventId = input.message.id;

  const lines = input.repeat ? [] : activityLines(rules, draft, before, context);
  return { state, lines, ended: false };
}
