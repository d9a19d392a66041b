// Phase 1 of applying an event: what the matching rules say, read from the event's data into
// plain values. Nothing here touches the job. A step's own label, status, percent and message
// are not read yet: whether they are read at all depends on which step the event is about
// (see step-advance.ts), and diagnostics must hear only of the paths actually read.

import { capKey, capText, clampPercent, isRecord, toNumber, toText } from './coerce.js';
import type { EventRule, PercentSpec, StepSpec, ValueSpec } from './mapping-types.js';
import type { JobStatus } from './state.js';
import { JOB_STATUS } from './statuses.js';
import { readReason, readValue, type ReadContext } from './values.js';

/** The step a rule names: by id (capped, so that a long id finds the step it added before), or by position. */
export type StepLocator =
  { readonly spec: StepSpec; readonly id: string | undefined } | { readonly spec: StepSpec; readonly position: number | undefined };

/** What one rule says about the step timeline, kept in rule order: a count changes what a later position means. */
interface StepMove {
  /** The step count the data sent (rounded, never negative). */
  readonly count: number | undefined;
  readonly step: StepLocator | undefined;
}

/** Everything the rules of one event say, except the steps' own details. */
export interface EventReading {
  readonly moves: readonly StepMove[];
  /** The highest percent the rules gave (clamped to 0–100). */
  readonly percent?: number;
  /** A rule asks for the percent computed from the steps. */
  readonly fromSteps: boolean;
  readonly message?: string;
  readonly operation?: string;
  /** Named counters, in the order the rules gave them (a later value for a name wins). */
  readonly metrics: ReadonlyArray<readonly [name: string, value: number]>;
  readonly counter?: number;
  /** A rule names a counter (even one missing from this event): rate and ETA then follow the counter. */
  readonly usesCounter: boolean;
  readonly total?: number;
  readonly rate?: number;
  readonly etaMs?: number;
  readonly status?: JobStatus;
  readonly error?: string;
  /** The rules alone move the job forward (a step count, percent, operation, metric, counter, rate or ETA): an idle job starts running. */
  readonly progressed: boolean;
}

/** A reading while the rules are read into it. */
type Draft = { -readonly [K in keyof EventReading]: EventReading[K] } & { moves: StepMove[]; metrics: Array<[string, number]> };

const readNumber = (spec: ValueSpec | undefined, context: ReadContext): number | undefined => toNumber(readValue(spec, context));
export const readText = (spec: ValueSpec | undefined, context: ReadContext): string | undefined => toText(readValue(spec, context));
const nonNegative = (value: number | undefined): number | undefined => (value !== undefined && value >= 0 ? value : undefined);
const capped = (text: string | undefined): string | undefined => (text === undefined ? undefined : capText(text));
const highest = (percent: number | undefined, value: number | undefined): number | undefined =>
  value === undefined ? percent : Math.max(percent ?? 0, clampPercent(value));

/** A literal word of a vocabulary, or a value read from the data (which the vocabulary understands forgivingly). */
export const readWord = (spec: ValueSpec | undefined, context: ReadContext): unknown =>
  typeof spec === 'string' ? spec : readValue(spec, context);

/** A percent given directly or as current/total (`fromSteps` is computed from the steps later). */
export function readPercent(spec: PercentSpec | undefined, context: ReadContext): number | undefined {
  if (typeof spec !== 'object' || !('current' in spec)) return toNumber(readValue(spec as ValueSpec, context));
  // Both are read, so that diagnostics hear of both when missing.
  const [done, total] = [spec.current, spec.total].map((part) => readNumber(part, context));
  return done !== undefined && total !== undefined && total > 0 ? (done / total) * 100 : undefined;
}

/** A step given as a bare value names it by id. */
function locateStep(step: EventRule['step'], context: ReadContext): StepLocator | undefined {
  if (step === undefined) return undefined;
  const spec: StepSpec = isRecord(step) && ('id' in step || 'index' in step) ? step : { id: step as ValueSpec };
  if (spec.id === undefined) return { spec, position: readNumber(spec.index, context) };
  const id = readText(spec.id, context);
  return { spec, id: id ? capKey(id) : undefined };
}

/** What the rules (already filtered by their `when`) say, in order: a later rule's value wins, the highest percent wins. */
export function readRules(rules: readonly EventRule[], context: ReadContext): EventReading {
  const reading: Draft = { moves: [], fromSteps: false, metrics: [], usesCounter: false, progressed: false };
  for (const rule of rules) {
    const count = readNumber(rule.stepCount, context);
    reading.moves.push({ count: count !== undefined && count >= 0 ? Math.round(count) : undefined, step: locateStep(rule.step, context) });
    if (isRecord(rule.percent) && 'fromSteps' in rule.percent) reading.fromSteps = true;
    else reading.percent = highest(reading.percent, readPercent(rule.percent, context));
    reading.message = capped(readText(rule.message, context)) ?? reading.message;
    reading.operation = capped(readText(rule.operation, context)) ?? reading.operation;
    for (const [name, spec] of Object.entries(rule.metrics ?? {})) {
      const value = readNumber(spec, context);
      if (value !== undefined) reading.metrics.push([name, value]);
    }
    reading.counter = readNumber(rule.counter, context) ?? reading.counter;
    reading.usesCounter ||= rule.counter !== undefined;
    reading.total = readNumber(rule.total, context) ?? reading.total;
    reading.rate = nonNegative(readNumber(rule.rate, context)) ?? reading.rate;
    const seconds = nonNegative(readNumber(rule.etaSeconds, context));
    reading.etaMs = nonNegative(readNumber(rule.etaMs, context)) ?? (seconds === undefined ? reading.etaMs : seconds * 1000);
    reading.status = JOB_STATUS.read(readWord(rule.status, context)) ?? reading.status;
    reading.error = capped(readReason(rule.error, context) || undefined) ?? reading.error;
    // Anything but a message, a status or an error is progress: an idle job starts running.
    reading.progressed ||= count !== undefined && count >= 0;
  }
  const { percent, operation, metrics, counter, rate, etaMs } = reading;
  reading.progressed ||= [percent, operation, counter, rate, etaMs].some((value) => value !== undefined) || metrics.length > 0;
  return reading;
}
