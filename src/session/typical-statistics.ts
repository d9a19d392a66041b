// The typical duration of recorded runs: the median and a robust spread of their totals, and
// the median of each step. Part of the history's lazily loaded code (see run-store.ts).
import type { TypicalDuration } from './typical-duration.js';

/** The shape of a recorded run this needs (a `RunRecord` is one). */
export interface RunDurations {
  totalMs: number;
  steps: Record<string, number>;
}

/** The typical duration of `runs`, or null without any. */
export function typicalDuration(runs: readonly RunDurations[]): TypicalDuration | null {
  if (runs.length === 0) return null;
  const totals = runs.map((run) => run.totalMs).sort((a, b) => a - b);
  const perStep = new Map<string, number[]>();
  for (const run of runs) {
    for (const [id, ms] of Object.entries(run.steps)) {
      const list = perStep.get(id) ?? [];
      list.push(ms);
      perStep.set(id, list);
    }
  }
  const steps: Record<string, number> = {};
  for (const [id, list] of perStep)
    steps[id] = Math.round(
      percentile(
        list.sort((a, b) => a - b),
        0.5,
      ),
    );
  return {
    runs: runs.length,
    medianMs: Math.round(percentile(totals, 0.5)),
    lowMs: Math.round(percentile(totals, 0.25)),
    highMs: Math.round(percentile(totals, 0.75)),
    steps,
  };
}

/** The `p` quantile (0–1) of ascending `sorted` values, interpolated linearly between ranks. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (sorted.length - 1) * p;
  const below = Math.floor(rank);
  const lower = sorted[below] ?? 0;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] ?? lower;
  return lower + (upper - lower) * (rank - below);
}
