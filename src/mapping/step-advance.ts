// Phase 2 of applying an event: the step timeline moves. Each rule's step count, then the step
// it names, in rule order; then the step count is settled. The steps' own details (label,
// status, percent, message) are read here, only for the step the event turned out to be about.

import { capText, clampPercent, MAX_KEY_LENGTH } from './coerce.js';
import type { Mapping } from './mapping-types.js';
import { readPercent, readText, readWord, type EventReading, type StepLocator } from './rule-reading.js';
import type { ProgressState, ProgressStep } from './state.js';
import { STEP_STATUS } from './statuses.js';
import { addStep, declaredSteps, endSteps, humanize, setStepStatus, updateStep } from './steps.js';
import type { ReadContext } from './values.js';

/** A job's step timeline for one event. */
interface Timeline {
  /** This event's own copy of the step list. */
  readonly steps: ProgressStep[];
  /** Index of the current step, or null before any. */
  readonly current: number | null;
  /** `state.stepCount`: null while the total is unknown. */
  readonly stepCount: number | null;
  /** Whether the total number of steps is known (declared, or sent by the data). */
  readonly countKnown: boolean;
  /** The steps there are: the count, or the steps listed or reached when more. */
  readonly count: number;
  /** The event named a step, or reached past the listed ones. */
  readonly moved: boolean;
}

/** A timeline while the rules' moves are applied to it. */
interface Draft {
  steps: ProgressStep[];
  current: number | null;
  stepCount: number | null;
  countKnown: boolean;
  moved: boolean;
}

const stepsKnown = (draft: Draft): number => Math.max(draft.stepCount ?? 0, draft.steps.length);

/** The step with this id; a new one when steps may be discovered; -1 when none. */
function stepById(draft: Draft, id: string | undefined, locator: StepLocator, context: ReadContext, discover: boolean): number {
  const index = id ? draft.steps.findIndex((step) => step.id === id) : -1;
  if (!id || index >= 0 || !discover) return index;
  return addStep(draft.steps, id, capText(readText(locator.spec.label, context) || humanize(id), MAX_KEY_LENGTH));
}

/** The step at a position; -1 when none, after marking every listed step done when the position is past them. */
function stepAt(
  draft: Draft,
  position: number | undefined,
  locator: StepLocator,
  context: ReadContext,
  discover: boolean,
  now: number,
): number {
  const index = position === undefined ? -1 : Math.floor(position) - (locator.spec.indexBase ?? 0);
  const count = stepsKnown(draft);
  if (discover && index >= draft.steps.length && index < count) {
    // Steps known only by position: fill the list up to this one ("Step 3").
    const label = readText(locator.spec.label, context);
    for (let n = draft.steps.length + 1; n <= index + 1; n++) {
      if (addStep(draft.steps, `step-${n}`, n === index + 1 && label ? capText(label, MAX_KEY_LENGTH) : `Step ${n}`) < 0) break;
    }
  }
  if (index < draft.steps.length) return index;
  // Beyond the listed steps: everything listed is done. At or past the count, the last step is
  // the current one ("Step 5 of 5"), not a sixth.
  endSteps(draft.steps, now);
  draft.current = Math.max(draft.current ?? 0, count > 0 ? Math.min(index, count - 1) : index);
  draft.moved = true;
  return -1;
}

/** Applies what the event says about one step: its status (default active), percent and message. */
function moveStep(draft: Draft, locator: StepLocator, context: ReadContext, discover: boolean, now: number): void {
  const index =
    'id' in locator
      ? stepById(draft, locator.id, locator, context, discover)
      : stepAt(draft, locator.position, locator, context, discover, now);
  if (index < 0) return;
  const { spec } = locator;
  draft.current = setStepStatus(draft.steps, draft.current, index, STEP_STATUS.read(readWord(spec.status, context)) ?? 'active', now);
  draft.moved = true;
  const percent = readPercent(spec.percent, context);
  if (percent !== undefined) updateStep(draft.steps, index, { percent: Math.max(draft.steps[index]?.percent ?? 0, clampPercent(percent)) });
  const message = readText(spec.message, context);
  if (message !== undefined) updateStep(draft.steps, index, { message: capText(message) });
}

/** The timeline before the event: a copy of the job's steps (a state made by hand gets the declared ones). */
function startDraft(job: ProgressState, mapping: Mapping): Draft {
  const handMade = job.steps.length === 0;
  const steps = handMade ? declaredSteps(mapping.steps) : [...job.steps];
  const stepCount = handMade ? (job.stepCount ?? (steps.length || null)) : job.stepCount;
  // "Step 2 of 2" for steps merely discovered so far would be a lie: the total is known only
  // when the mapping declares the steps or the data sent a count (now or earlier in this job).
  const countKnown = (mapping.steps?.length ?? 0) > 0 || stepCount !== null;
  return { steps, current: job.stepIndex, stepCount, countKnown, moved: false };
}

/** Moves `job`'s timeline as the event's rules say. */
export function advanceSteps(job: ProgressState, reading: EventReading, context: ReadContext, mapping: Mapping, now: number): Timeline {
  const draft = startDraft(job, mapping);
  const discover = mapping.discoverSteps !== false;
  for (const { count, step } of reading.moves) {
    if (count !== undefined) [draft.stepCount, draft.countKnown] = [count, true];
    if (step !== undefined) moveStep(draft, step, context, discover, now);
  }
  // A count smaller than the step already reached is wrong: "Step 7 of 5" must not happen.
  const count = Math.max(stepsKnown(draft), (draft.current ?? -1) + 1);
  const stepCount = !draft.countKnown ? null : count > 0 ? count : draft.stepCount;
  return { steps: draft.steps, current: draft.current, stepCount, countKnown: draft.countKnown, count, moved: draft.moved };
}

/** Done steps plus the active step's own progress, out of the step count; undefined while the count is unknown. */
export function percentFromSteps({ steps, current, countKnown, count }: Timeline): number | undefined {
  // Without a known total, a percent from the steps would be as wrong: it stays indeterminate.
  if (!countKnown || count <= 0) return undefined;
  const active = steps[current ?? -1];
  const done = steps.filter((step) => step.status === 'complete' || step.status === 'skipped').length;
  const passed = current !== null && current >= steps.length ? current : 0;
  return ((Math.max(done, passed) + (active?.status === 'active' ? (active.percent ?? 0) / 100 : 0)) / count) * 100;
}
