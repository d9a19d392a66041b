// What every client of a cluster run must have seen, whatever was killed or restarted on the
// way, checked against what the worker published:
// - between two resets, events in publish order, each exactly once: no duplicate, no gap;
// - every event carries the id Redis gave it when the worker published it;
// - a reset only where the client's resume point had been trimmed away, naming the id the
//   client resumed from; after it, the history from the oldest event kept, then the rest;
// - the job's terminal event, last and once;
// - a final state equal to what the same events give when applied without any network.
import { createProgressSession } from '../../../../src/session/index.js';
import type { ProgressState } from '../../../../src/mapping/index.js';
import { JOB_EVENTS, chaosMapping, jobEvent } from '../../../chaos/job.mjs';
import type { Received } from './node-client.js';

export interface SequenceRules {
  /** Ids of events 1 … JOB_EVENTS - 1 from the worker. */
  published: readonly string[];
  /**
   * The oldest event kept after each trim of the log. A reset is allowed only for a resume point
   * older than one of them (its entry was trimmed), and the history it brings starts at one of
   * them. Default: none (no reset allowed).
   */
  trims?: readonly number[];
}

export interface SequenceReport {
  problems: string[];
  resets: number;
  /** The first event after the last reset (1 without reset). */
  restartedAt: number;
}

const label = (r: Received | undefined): string => (r === undefined ? 'nothing' : r.n === undefined ? `${r.event}` : `#${r.n}`);

export function checkSequence(received: readonly Received[], rules: SequenceRules): SequenceReport {
  const problems: string[] = [];
  const trims = rules.trims ?? [];
  const numberOf = new Map(received.filter((r) => r.id !== undefined && r.n !== undefined).map((r) => [r.id, r.n]));
  let expected = 1;
  let resets = 0;
  let restartedAt = 1;
  let afterReset = false;
  received.forEach((r, index) => {
    const before = received[index - 1];
    if (r.reset !== undefined) {
      resets += 1;
      const refused = numberOf.get(r.reset.lastEventId);
      if (refused === undefined || !trims.some((oldest) => refused < oldest)) {
        problems.push(
          `an unexpected reset (${r.reset.reason}, refusing ${refused === undefined ? r.reset.lastEventId : `#${refused}`}) after ${label(before)}`,
        );
      } else if (r.reset.lastEventId !== before?.id) {
        problems.push(`a reset refusing #${refused}, but the client's last event was ${label(before)}`);
      }
      afterReset = true;
      return;
    }
    const n = r.n ?? NaN;
    // A client that left before its first event came back without Last-Event-ID: a fresh start,
    // which gets the log from its oldest event (past a trim, not #1), with no reset to announce it.
    const freshAfterTrim = index === 0 && n !== 1 && trims.includes(n);
    if (afterReset || freshAfterTrim) {
      // The retained history, from its oldest event: where a trim left the log.
      if (!trims.includes(n))
        problems.push(`after a reset, the history starts at ${label(r)}, not where a trim left it (${trims.join(', ')})`);
      restartedAt = n;
      expected = n;
      afterReset = false;
    }
    if (n !== expected) {
      problems.push(n < expected ? `#${n} again (or out of order) after ${label(before)}` : `a silent gap: ${label(before)} then #${n}`);
      expected = n;
    }
    if (n < JOB_EVENTS && r.id !== rules.published[n - 1])
      problems.push(`#${n} has id ${r.id ?? '(none)'}, published as ${rules.published[n - 1]}`);
    if (n === JOB_EVENTS && r.event !== 'complete') problems.push(`the last event is "${r.event}"`);
    expected = n + 1;
  });
  const last = received.at(-1);
  if (last?.n !== JOB_EVENTS) problems.push(`the last message is ${label(last)}, not the terminal #${JOB_EVENTS}`);
  return { problems, resets, restartedAt };
}

/** The state without what differs from run to run (times, ids, sequence numbers). */
export function comparable(state: ProgressState) {
  return {
    status: state.status,
    percent: state.percent,
    message: state.message,
    operation: state.operation,
    stepIndex: state.stepIndex,
    stepCount: state.stepCount,
    steps: state.steps.map((s) => `${s.id}|${s.label}|${s.status}|${s.percent ?? ''}|${s.message ?? ''}`),
    metrics: state.metrics,
    error: state.error,
    activity: state.activity.map((entry) => `${entry.level}|${entry.step ?? ''}|${entry.message}`),
  };
}

/**
 * The state the job's events give without any network: events `from` … JOB_EVENTS, after a
 * reset when `from` > 1 (or when `reset` says so).
 */
export function expectedState(from: number, reset: boolean): ReturnType<typeof comparable> {
  const session = createProgressSession({ mapping: chaosMapping, feedLimit: JOB_EVENTS + 10 });
  if (reset) session.push({ event: 'reset', data: '{"reason":"expired"}' });
  for (let n = from; n <= JOB_EVENTS; n++) session.push({ ...jobEvent(n), id: `e-${n}` });
  const state = comparable(session.state);
  session.close();
  return state;
}

/** The first place two values differ, as a readable line. */
export function difference(actual: unknown, expected: unknown, at = ''): string | undefined {
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) {
    return Object.is(actual, expected)
      ? undefined
      : `${at || '(root)'}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;
  }
  for (const key of new Set([...Object.keys(actual), ...Object.keys(expected)])) {
    const found = difference((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${at}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * For events a client got twice whose publish the worker had to retry: the likely cause, so a
 * failure says more than "again". A publish that Redis carried out but whose answer was lost
 * (Redis exiting right after it) is rejected; retrying it appends the event a second time.
 */
export function retryHints(problems: readonly string[], errors: ReadonlyMap<number, readonly string[]>): string[] {
  const twice = new Set(problems.flatMap((p) => [...p.matchAll(/#(\d+) again/g)].map((m) => Number(m[1]))));
  return [...twice]
    .filter((n) => errors.has(n))
    .map((n) => `#${n} was published again after a rejected attempt (${errors.get(n)!.join('; ')}): Redis had appended it anyway`);
}
