// Applies the matching rules of one event to one job's state. This is where the state's
// promises are kept: percent never goes backwards within a job, steps only move forward, a
// failed step stays failed, an ended job stays ended until an event starts a new one, and a
// repeated event adds no activity line. Rules are read as they are written in the mapping
// (checked when the reducer was created): there is no compiled form to keep in step with it.

import type { NewActivity } from './activity.js';
import { capKey, capText, clampPercent, isRecord, MAX_KEY_LENGTH, toList, toNumber, toText } from './coerce.js';
import { holds } from './conditions.js';
import { etaFromRate, rateOf, sampleRate } from './derived-rate.js';
import type { JobMemory } from './ledger.js';
import type { EventRule, Mapping, PercentSpec, StepSpec, ValueSpec } from './mapping-types.js';
import { createInitialState, type JobStatus, type ProgressState } from './state.js';
import { ACTIVITY_LEVEL, isEnded, JOB_STATUS, STEP_STATUS } from './statuses.js';
import { addStep, declaredSteps, endSteps, failCurrentStep, humanize, setStepStatus, updateStep } from './steps.js';
import { readQuietly, readReason, readValue, type ReadContext } from './values.js';

/** The event being applied. */
export interface EventContext extends ReadContext {
  /** The reducer's clock when the event arrived. */
  readonly now: number;
  /** A fingerprint of the event (name and data), to recognise one repeated as is. */
  readonly hash: number;
}

/** The job's next state, the activity lines this event produced (not yet in any feed), and whether the job had ended and ignored the event. */
export type JobUpdate = [state: ProgressState, lines: NewActivity[], ended: boolean];

/** A fresh job: the declared steps pending, the step count known. */
export function freshJob(declared?: Mapping['steps']): ProgressState {
  const steps = declaredSteps(declared);
  return { ...createInitialState(), steps, stepCount: steps.length || null };
}

const nonNegative = (value: number | undefined): number | undefined => (value !== undefined && value >= 0 ? value : undefined);

/** A literal word of a vocabulary, or a value read from the data (which the vocabulary understands forgivingly). */
const readWord = (spec: ValueSpec | undefined, context: ReadContext): unknown => (typeof spec === 'string' ? spec : readValue(spec, context));

/** A percent given directly or as current/total (`fromSteps` is computed by the caller). */
function readPercent(spec: PercentSpec | undefined, context: ReadContext): number | undefined {
  if (typeof spec !== 'object' || !('current' in spec)) return toNumber(readValue(spec as ValueSpec, context));
  // Both are read, so that diagnostics hear of both when missing.
  const [done, total] = [spec.current, spec.total].map((part) => toNumber(readValue(part, context)));
  return done !== undefined && total !== undefined && total > 0 ? (done / total) * 100 : undefined;
}

/** Lines the rules spell out, or undefined when none has an `activity` key (the default lines apply). */
function explicitLines(rules: readonly EventRule[], context: ReadContext): NewActivity[] | undefined {
  if (rules.every((rule) => rule.activity === undefined)) return undefined;
  const lines: NewActivity[] = [];
  for (const { activity = false } of rules) {
    for (const item of activity === false ? [] : toList(activity)) {
      const line = typeof item === 'string' ? { text: item } : item;
      if (line.when !== undefined && !holds(line.when, context)) continue;
      const text = toText(readValue(typeof line.text === 'string' ? { template: line.text } : line.text, context));
      // A line the mapping spells out belongs to a step only when the mapping says which.
      const step = toText(readValue(line.step, context));
      if (text) lines.push({ level: ACTIVITY_LEVEL.read(readWord(line.level, context)) ?? 'info', message: capText(text), step: step === undefined ? undefined : capKey(step) });
    }
  }
  return lines;
}

/**
 * Applies `rules` (already filtered by their `when`) to `job`. `sticky`: an ended job ignores
 * events that do not start a new one (not so for a multi-job channel's own events).
 */
export function applyEventToJob(job: ProgressState, rules: readonly EventRule[], event: EventContext, memory: JobMemory, mapping: Mapping, sticky: boolean): JobUpdate {
  const { now, message } = event;
  const number = (spec: ValueSpec | undefined): number | undefined => toNumber(readValue(spec, event));
  const text = (spec: ValueSpec | undefined): string | undefined => toText(readValue(spec, event));
  const repeat = memory.fingerprint === event.hash;
  memory.fingerprint = event.hash;

  // A new run id on a job that has started means a new job, as does an event that starts one.
  const readRunId = mapping.runId && toText(readQuietly(mapping.runId, event));
  const runId = readRunId === undefined ? undefined : capKey(readRunId);
  let restarted = runId !== undefined && memory.runId !== undefined && runId !== memory.runId && job.status !== 'idle';
  if (runId !== undefined) memory.runId = runId;
  if (!restarted && sticky && isEnded(job.status)) {
    // The job has ended: its state no longer changes, but lines the mapping asks for
    // explicitly (a closing "Stream ended", a proposal arriving later) still reach the feed.
    if (!rules.some((rule) => rule.startsJob)) return [job, (!repeat && explicitLines(rules, event)) || [], true];
    restarted = true;
  }
  const before = restarted ? { ...job, ...freshJob(mapping.steps), activity: job.activity, lastEventId: job.lastEventId } : job;
  if (restarted) Object.assign(memory, { counter: {}, percent: {} });

  const state: ProgressState = { ...before };
  // A state made by hand (createInitialState) gets the declared steps.
  const steps = before.steps.length > 0 ? [...before.steps] : declaredSteps(mapping.steps);
  if (before.steps.length === 0) state.stepCount ??= steps.length || null;
  let current = before.stepIndex;
  // "Step 2 of 2" for steps merely discovered so far would be a lie: the total is known only
  // when the mapping declares the steps or the data sent a count (now or earlier in this job).
  let countKnown = (mapping.steps?.length ?? 0) > 0 || state.stepCount !== null;
  const stepCount = (): number => Math.max(state.stepCount ?? 0, steps.length);
  const discover = mapping.discoverSteps !== false;
  let progressed = false;
  let fromSteps = false;
  let status: JobStatus | undefined;
  let error: string | undefined;
  let counter: number | undefined;
  let total: number | undefined;
  let rate: number | undefined;
  let etaMs: number | undefined;

  const raisePercent = (value: number | undefined): void => {
    if (value === undefined) return;
    state.percent = Math.max(state.percent ?? 0, clampPercent(value));
    progressed = true;
  };

  /** Which step the event is about, by id or by position; -1 when none. */
  const findStep = (spec: StepSpec): number => {
    if (spec.id !== undefined) {
      // Capped before the lookup, so that a long id finds the step it added before.
      const said = text(spec.id);
      const id = said && capKey(said);
      const index = id ? steps.findIndex((step) => step.id === id) : -1;
      return id && index < 0 && discover ? addStep(steps, id, capText(text(spec.label) || humanize(id), MAX_KEY_LENGTH)) : index;
    }
    const position = number(spec.index);
    const index = position === undefined ? -1 : Math.floor(position) - (spec.indexBase ?? 0);
    const count = stepCount();
    if (discover && index >= steps.length && index < count) {
      // Steps known only by position: fill the list up to this one ("Step 3").
      const label = text(spec.label);
      for (let n = steps.length + 1; n <= index + 1; n++) if (addStep(steps, `step-${n}`, n === index + 1 && label ? capText(label, MAX_KEY_LENGTH) : `Step ${n}`) < 0) break;
    }
    if (index >= steps.length) {
      // Beyond the listed steps: everything listed is done. At or past the count, the last
      // step is the current one ("Step 5 of 5"), not a sixth.
      endSteps(steps, now);
      current = Math.max(current ?? 0, count > 0 ? Math.min(index, count - 1) : index);
      progressed = true;
      return -1;
    }
    return index;
  };

  for (const rule of rules) {
    const count = number(rule.stepCount);
    if (count !== undefined && count >= 0) {
      state.stepCount = Math.round(count);
      countKnown = true;
      progressed = true;
    }
    if (rule.step !== undefined) {
      const spec: StepSpec = isRecord(rule.step) && ('id' in rule.step || 'index' in rule.step) ? rule.step : { id: rule.step as ValueSpec };
      const index = findStep(spec);
      if (index >= 0) {
        current = setStepStatus(steps, current, index, STEP_STATUS.read(readWord(spec.status, event)) ?? 'active', now);
        progressed = true;
        const percent = readPercent(spec.percent, event);
        if (percent !== undefined) updateStep(steps, index, { percent: Math.max(steps[index]?.percent ?? 0, clampPercent(percent)) });
        const said = text(spec.message);
        if (said !== undefined) updateStep(steps, index, { message: capText(said) });
      }
    }
    if (isRecord(rule.percent) && 'fromSteps' in rule.percent) fromSteps = true;
    else raisePercent(readPercent(rule.percent, event));
    const said = text(rule.message);
    if (said !== undefined) state.message = capText(said);
    const operation = text(rule.operation);
    if (operation !== undefined) {
      state.operation = capText(operation);
      progressed = true;
    }
    for (const [name, spec] of Object.entries(rule.metrics ?? {})) {
      const value = number(spec);
      if (value === undefined) continue;
      if (state.metrics[name] !== value) state.metrics = { ...state.metrics, [name]: value };
      progressed = true;
    }
    counter = number(rule.counter) ?? counter;
    total = number(rule.total) ?? total;
    rate = nonNegative(number(rule.rate)) ?? rate;
    const seconds = nonNegative(number(rule.etaSeconds));
    etaMs = nonNegative(number(rule.etaMs)) ?? (seconds === undefined ? etaMs : seconds * 1000);
    if (counter !== undefined || rate !== undefined || etaMs !== undefined) progressed = true;
    status = JOB_STATUS.read(readWord(rule.status, event)) ?? status;
    const reason = readReason(rule.error, event);
    if (reason) error = capText(reason);
  }

  // A count smaller than the step already reached is wrong: "Step 7 of 5" must not happen.
  const count = Math.max(stepCount(), (current ?? -1) + 1);
  if (countKnown && count > 0) state.stepCount = count;
  else if (!countKnown) state.stepCount = null;
  // Without a known total, a percent from the steps would be as wrong: it stays indeterminate.
  if (fromSteps && countKnown && count > 0) {
    // Done steps plus the active step's own progress, out of the step count.
    const active = steps[current ?? -1];
    const done = steps.filter((step) => step.status === 'complete' || step.status === 'skipped').length;
    const passed = current !== null && current >= steps.length ? current : 0;
    raisePercent(((Math.max(done, passed) + (active?.status === 'active' ? (active.percent ?? 0) / 100 : 0)) / count) * 100);
  }

  const target = status ?? (progressed ? 'running' : 'idle');
  if (target !== 'idle' && target !== state.status && !isEnded(state.status)) {
    state.status = target;
    if (isEnded(target)) {
      Object.assign(state, { completedAt: now, etaMs: null, rate: null });
      if (target === 'complete') {
        Object.assign(state, { percent: 100, error: null });
        endSteps(steps, now);
        if (count > 0) current = count - 1;
      } else if (target === 'failed') {
        state.error = error ?? (state.message !== before.message && state.message ? state.message : 'Failed');
        current = failCurrentStep(steps, current, now);
      } else endSteps(steps, now, true);
    }
  }

  if (!isEnded(state.status)) {
    // Rate and ETA: the server's when sent, else derived from the counter or percent history.
    const { rate: deriveRate = true, eta: deriveEta = true, smoothingMs = 10_000 } = mapping.derive ?? {};
    if (counter !== undefined) sampleRate(memory.counter, now, counter, smoothingMs);
    if (state.percent !== null) sampleRate(memory.percent, now, state.percent, smoothingMs);
    const usesCounter = rules.some((rule) => rule.counter !== undefined);
    const itemRate = rate ?? (usesCounter ? rateOf(memory.counter) : null);
    if (itemRate !== null && (rate !== undefined || deriveRate)) state.rate = itemRate;
    // Recomputed whenever a rate is known (a stalled job has no ETA, not a stale one); kept
    // while the history is still too short to say.
    const countRate = rate ?? rateOf(memory.counter);
    const percentRate = rateOf(memory.percent);
    if (etaMs !== undefined) state.etaMs = Math.round(etaMs);
    else if (deriveEta && counter !== undefined && total !== undefined) {
      if (countRate !== null) state.etaMs = etaFromRate(total - counter, countRate);
    } else if (deriveEta && !usesCounter && state.percent !== null && percentRate !== null) state.etaMs = etaFromRate(100 - state.percent, percentRate);
  }

  state.steps = steps;
  state.stepIndex = current;
  state.startedAt ??= state.status === 'idle' ? null : now;
  state.updatedAt = now;
  state.lastEventId = message.id === undefined ? state.lastEventId : capKey(message.id);
  if (repeat) return [state, [], false];

  // Without explicit lines: the failure, the completion, the cancellation, or else a new message.
  const step = steps[current ?? -1]?.id;
  const said = state.message !== before.message && state.message ? state.message : undefined;
  let line: NewActivity | undefined = said === undefined ? undefined : { level: 'info', message: said, step };
  if (state.status !== before.status) {
    if (state.status === 'failed') line = { level: 'error', message: state.error ?? 'Failed', step };
    else if (state.status === 'complete') line = { level: 'success', message: said ?? 'Complete', step };
    else if (state.status === 'cancelled') line = { level: 'warning', message: said ?? 'Cancelled', step };
  }
  return [state, explicitLines(rules, event) ?? (line ? [line] : []), false];
}
