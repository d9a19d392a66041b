// Applies the matching rules of one event to one job's state. This is where the state's
// promises are kept: percent never goes backwards within a job, steps only move forward, a
// failed step stays failed, an ended job stays ended until an event starts a new one, and a
// repeated event adds no activity line. Rules are read as they are written in the mapping
// (checked when the reducer was created): there is no compiled form to keep in step with it.
//
// The work is a pipeline of phases, each returning a value: whether the event starts a new
// job, what the rules say (rule-reading.ts), where the steps move (step-advance.ts), the status
// that follows (settle-status.ts), rate and ETA (job-timing.ts), and the activity lines
// (activity-lines.ts).

import type { NewActivity } from './activity.js';
import { defaultLine, explicitLines } from './activity-lines.js';
import { capKey, toText } from './coerce.js';
import { deriveTiming, notePause, noteResume, sampleStep, withStepEta } from './job-timing.js';
import { freshTiming, type JobMemory } from './ledger.js';
import type { EventRule, Mapping } from './mapping-types.js';
import { readRules, type EventReading } from './rule-reading.js';
import { settleStatus } from './settle-status.js';
import { hasAdvanced } from './progress-clock.js';
import { createInitialState, type ProgressState } from './state.js';
import { isEnded } from './statuses.js';
import { advanceSteps, percentFromSteps } from './step-advance.js';
import { declaredSteps } from './steps.js';
import { readQuietly, type ReadContext } from './values.js';

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

/** What the event means for the job's run: the same job goes on, a new one starts, or the job has ended and stays so. */
type Run = 'continues' | 'restarts' | 'ended';

/** A new run id on a job that has started means a new job, as does an event that starts one after the job ended. */
function runOf(
  job: ProgressState,
  rules: readonly EventRule[],
  event: EventContext,
  memory: JobMemory,
  mapping: Mapping,
  sticky: boolean,
): Run {
  const said = mapping.runId && toText(readQuietly(mapping.runId, event));
  const runId = said === undefined ? undefined : capKey(said);
  const changed = runId !== undefined && memory.runId !== undefined && runId !== memory.runId && job.status !== 'idle';
  if (runId !== undefined) memory.runId = runId;
  if (changed) return 'restarts';
  if (!sticky || !isEnded(job.status)) return 'continues';
  return rules.some((rule) => rule.startsJob) ? 'restarts' : 'ended';
}

/** The job started over: fresh, but with its feed and stream position, and with no rate history. */
function restart(job: ProgressState, memory: JobMemory, mapping: Mapping): ProgressState {
  Object.assign(memory, freshTiming());
  return { ...job, ...freshJob(mapping.steps), activity: job.activity, lastEventId: job.lastEventId };
}

/** Counters with the event's values; the same object when none changed. */
const withMetrics = (metrics: ProgressState['metrics'], values: EventReading['metrics']): ProgressState['metrics'] =>
  values.reduce((next, [name, value]) => (next[name] === value ? next : { ...next, [name]: value }), metrics);

const raise = (percent: number | null, value: number | undefined): number | null =>
  value === undefined ? percent : Math.max(percent ?? 0, value);

/** The job after the rules (the running phases: steps, status, timing). */
function nextJob(
  before: ProgressState,
  rules: readonly EventRule[],
  event: EventContext,
  memory: JobMemory,
  mapping: Mapping,
): ProgressState {
  const { now } = event;
  const reading = readRules(rules, event);
  const timeline = advanceSteps(before, reading, event, mapping, now);
  const stepsPercent = reading.fromSteps ? percentFromSteps(timeline) : undefined;
  const percent = raise(raise(before.percent, reading.percent), stepsPercent);
  const progressed = reading.progressed || timeline.moved || stepsPercent !== undefined;
  const message = reading.message ?? before.message;
  const { status, steps, current, ending } = settleStatus({
    previous: before.status,
    target: reading.status ?? (progressed ? 'running' : 'idle'),
    steps: timeline.steps,
    current: timeline.current,
    count: timeline.count,
    failure: reading.error ?? (message !== before.message && message ? message : 'Failed'),
    now,
  });
  const ended = isEnded(status);
  const paused = status === 'paused';
  const counterMoved = reading.counter !== undefined && reading.counter !== memory.counter.lastValue;
  // A pause is left out of the job's history: it is neither a stall nor zero progress.
  if (paused) notePause(memory, now);
  else if (!ended) noteResume(memory, now);
  if (!ended && !paused) sampleStep(steps, current, memory, mapping.derive, now);
  const timing = ended ? {} : paused ? { rate: null, etaMs: null } : deriveTiming(reading, percent, before, memory, mapping.derive, now);
  const next: ProgressState = {
    ...before,
    message,
    operation: reading.operation ?? before.operation,
    metrics: withMetrics(before.metrics, reading.metrics),
    percent,
    stepCount: timeline.stepCount,
    status,
    steps,
    stepIndex: current,
    ...timing,
    ...ending,
    startedAt: before.startedAt ?? (status === 'idle' ? null : now),
    updatedAt: now,
    lastEventId: event.message.id === undefined ? before.lastEventId : capKey(event.message.id),
  };
  const moved = hasAdvanced(before, next, counterMoved);
  // Stalled until the job moves again (`reducer.at()` decides when it becomes so): no stale ETA.
  // `next` is still this function's own object: set in place rather than copied once more (one
  // spread of the whole state per event is a measurable share of the reducer's time).
  const stalled = status === 'running' && !moved && before.stalled === true;
  if (stalled) next.etaMs = null;
  next.steps = withStepEta(steps, current, memory, mapping.derive, now, status === 'running' && !stalled);
  next.stalled = stalled;
  next.progressAt = moved ? now : (before.progressAt ?? null);
  return next;
}

/**
 * Applies `rules` (already filtered by their `when`) to `job`. `sticky`: an ended job ignores
 * events that do not start a new one (not so for a multi-job channel's own events).
 */
export function applyEventToJob(
  job: ProgressState,
  rules: readonly EventRule[],
  event: EventContext,
  memory: JobMemory,
  mapping: Mapping,
  sticky: boolean,
): JobUpdate {
  const repeat = memory.fingerprint === event.hash;
  memory.fingerprint = event.hash;
  const run = runOf(job, rules, event, memory, mapping, sticky);
  // The job has ended: its state no longer changes, but lines the mapping asks for explicitly
  // (a closing "Stream ended", a proposal arriving later) still reach the feed.
  if (run === 'ended') return [job, (!repeat && explicitLines(rules, event)) || [], true];
  const before = run === 'restarts' ? restart(job, memory, mapping) : job;
  const state = nextJob(before, rules, event, memory, mapping);
  if (repeat) return [state, [], false];
  const line = defaultLine(before, state);
  return [state, explicitLines(rules, event) ?? (line ? [line] : []), false];
}
