// The step timeline of one job, edited for one event on a copy of its step list. Steps only
// move forward: naming an earlier step updates its message or percent but does not move the
// current step back, a completed step stays complete, and a failed step stays failed even if a
// later event names it active (a replaying or reordered server must not hide a failure). Step
// objects are replaced, never mutated: the previous state keeps its own.

import type { StepDeclaration } from './mapping-types.js';
import type { ProgressStep, StepStatus } from './state.js';

/** Discovered steps beyond this many are ignored, so a server naming every item as a step cannot grow memory. */
export const MAX_STEPS = 200;

/** Turns `ai_parsing` / `loadingOrders` into `Ai parsing` / `Loading orders` for a label. */
export function humanize(id: string): string {
  const words = id
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0]?.toUpperCase() + words.slice(1) : id;
}

/** The declared steps, all pending. */
export const declaredSteps = (declared: ReadonlyArray<string | StepDeclaration> = []): ProgressStep[] =>
  declared.map((step) => {
    const { id, label = humanize(id) } = typeof step === 'string' ? { id: step } : step;
    return { id, label, status: 'pending' };
  });

/** Adds a step at the end; returns its index, or -1 when the list is full. */
export const addStep = (steps: ProgressStep[], id: string, label: string): number =>
  steps.length < MAX_STEPS ? steps.push({ id, label, status: 'pending' }) - 1 : -1;

export function updateStep(steps: ProgressStep[], index: number, change: Partial<ProgressStep>): void {
  const step = steps[index];
  if (step) steps[index] = { ...step, ...change };
}

/** Marks a pending or active step done. A step passed over without being seen active gets no start time. */
export function completeStep(steps: ProgressStep[], index: number, now: number): void {
  const step = steps[index];
  if (step?.status === 'pending' || step?.status === 'active') {
    updateStep(steps, index, { status: 'complete', completedAt: now, ...(step.percent === undefined ? {} : { percent: 100 }) });
  }
}

/**
 * Applies a status the server stated for step `index`. Returns the current step's index, which
 * never moves backwards: making a step active completes the ones before it.
 */
export function setStepStatus(
  steps: ProgressStep[],
  current: number | null,
  index: number,
  status: StepStatus,
  now: number,
): number | null {
  const step = steps[index];
  if (!step || status === 'pending') return current;
  if (status === 'failed') {
    if (step.status !== 'failed') updateStep(steps, index, { status, completedAt: now, startedAt: step.startedAt ?? now });
    return Math.max(current ?? index, index);
  }
  if (status === 'skipped') {
    if (step.status === 'pending' || step.status === 'active') updateStep(steps, index, { status });
    return current;
  }
  if (index >= (current ?? 0)) {
    for (let i = 0; i < index; i++) completeStep(steps, i, now);
    if (step.status === 'pending') updateStep(steps, index, { status: 'active', startedAt: step.startedAt ?? now });
    current = index;
  }
  if (status === 'complete') completeStep(steps, index, now);
  return current;
}

/** The job ended: every step that did not fail or get skipped is done (complete), or the active one did not finish (cancelled). */
export function endSteps(steps: ProgressStep[], now: number, cancelled = false): void {
  steps.forEach((step, i) => {
    if (!cancelled) completeStep(steps, i, now);
    else if (step.status === 'active') updateStep(steps, i, { status: 'skipped' });
  });
}

/** The job failed: the current step failed with it, unless a step already shows the failure. */
export function failCurrentStep(steps: ProgressStep[], current: number | null, now: number): number | null {
  const index = current ?? steps.findIndex((step) => step.status === 'active');
  return steps.some((step) => step.status === 'failed') || index < 0 ? current : setStepStatus(steps, current, index, 'failed', now);
}
