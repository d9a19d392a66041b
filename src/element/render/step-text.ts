import { fill, type ProgressStreamStrings } from '../strings.js';

/**
 * "Step 2 of 5"; "Step 2" while the total is unknown (steps discovered as they come, where
 * "Step 2 of 2" would claim the job is on its last step); empty when there is no step.
 */
export function stepText(stepIndex: number | null, stepCount: number | null, strings: ProgressStreamStrings): string {
  if (stepIndex === null || !Number.isFinite(stepIndex) || stepIndex < 0) return '';
  if (stepCount === null) return fill(strings.stepN, { n: Math.floor(stepIndex) + 1 });
  if (!(stepCount > 0)) return '';
  return fill(strings.stepOf, { n: Math.min(Math.floor(stepIndex) + 1, stepCount), total: stepCount });
}
