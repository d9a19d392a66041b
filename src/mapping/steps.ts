// The step timeline of one job. Steps only move forward: naming an earlier step updates its
// message or percent but does not move the current step back, a completed step stays complete,
// and a failed step stays failed even if a later event names it active (a replaying or
// reordered server must not hide a failure).

import type { ProgressStep, StepStatus } from './state.js';
import type { StepDeclaration } from './mapping-types.js';

/** Discovered steps beyond this many are ignored, so a server naming every item as a step cannot grow memory. */
export const MAX_STEPS = 200;

/** A job's steps being edited for one event: the array is copied once, on first change. */
export class StepDraft {
  steps: ProgressStep[];
  stepIndex: number | null;
  #copied = false;

  constructor(steps: ProgressStep[], stepIndex: number | null) {
    this.steps = steps;
    this.stepIndex = stepIndex;
  }

  indexOf(id: string): number {
    return this.steps.findIndex((step) => step.id === id);
  }

  /** Adds a step at the end; returns its index, or -1 when the list is full. */
  add(id: string, label: string): number {
    if (this.steps.length >= MAX_STEPS) return -1;
    this.#ensureCopied();
    this.steps.push({ id, label, status: 'pending' });
    return this.steps.length - 1;
  }

  update(index: number, change: Partial<ProgressStep>): void {
    const step = this.steps[index];
    if (step === undefined) return;
    let differs = false;
    for (const key of Object.keys(change) as Array<keyof ProgressStep>) {
      if (step[key] !== change[key]) differs = true;
    }
    if (!differs) return;
    this.#ensureCopied();
    this.steps[index] = { ...step, ...change };
  }

  /** Marks a step done (unless it failed or was skipped). */
  complete(index: number, now: number): void {
    const step = this.steps[index];
    if (step === undefined || step.status === 'complete' || step.status === 'failed' || step.status === 'skipped') return;
    // A step passed over without being seen active gets no start time: its duration is unknown.
    this.update(index, { status: 'complete', completedAt: now, ...(step.percent === undefined ? {} : { percent: 100 }) });
  }

  /**
   * Makes `index` the current step: earlier steps are done, this one is active (unless it
   * already completed or failed). A pointer never moves backwards.
   */
  activate(index: number, now: number): void {
    if (this.stepIndex !== null && index < this.stepIndex) return;
    for (let i = 0; i < Math.min(index, this.steps.length); i++) this.complete(i, now);
    const step = this.steps[index];
    if (step !== undefined && step.status === 'pending') this.update(index, { status: 'active', startedAt: step.startedAt ?? now });
    this.stepIndex = index;
  }

  /** Applies a status the server stated for one step. */
  setStatus(index: number, status: StepStatus, now: number): void {
    const step = this.steps[index];
    if (step === undefined) return;
    switch (status) {
      case 'active':
        this.activate(index, now);
        return;
      case 'complete':
        this.activate(index, now);
        this.complete(index, now);
        return;
      case 'failed':
        if (step.status !== 'failed') this.update(index, { status: 'failed', completedAt: now, startedAt: step.startedAt ?? now });
        if (this.stepIndex === null || index > this.stepIndex) this.stepIndex = index;
        return;
      case 'skipped':
        if (step.status === 'pending' || step.status === 'active') this.update(index, { status: 'skipped' });
        return;
      case 'pending':
        return; // a step never goes back to pending within a job
    }
  }

  /** The job completed: every step that did not fail or get skipped is done. */
  finishAll(now: number): void {
    for (let i = 0; i < this.steps.length; i++) this.complete(i, now);
  }

  /** The job failed: the current step failed with it, unless a step already shows the failure. */
  failCurrent(now: number): void {
    if (this.steps.some((step) => step.status === 'failed')) return;
    const index = this.stepIndex ?? this.steps.findIndex((step) => step.status === 'active');
    if (index !== null && index >= 0) this.setStatus(index, 'failed', now);
  }

  /** The job was cancelled: the current step did not finish. */
  skipActive(): void {
    for (let i = 0; i < this.steps.length; i++) {
      if (this.steps[i]?.status === 'active') this.update(i, { status: 'skipped' });
    }
  }

  /** Complete and skipped steps, as a count, for "percent from steps". */
  doneCount(): number {
    let done = 0;
    for (const step of this.steps) if (step.status === 'complete' || step.status === 'skipped') done++;
    return done;
  }

  #ensureCopied(): void {
    if (this.#copied) return;
    this.steps = this.steps.slice();
    this.#copied = true;
  }
}

/** The declared steps, all pending. */
export function seedSteps(declared: readonly Required<StepDeclaration>[]): ProgressStep[] {
  return declared.map(({ id, label }) => ({ id, label, status: 'pending' }));
}
