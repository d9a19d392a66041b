// What a shared-stream chaos run must show, whatever tab was closed, frozen or navigated away
// and however the server dropped the connection (each check returns problems as readable lines,
// and invariants.test.ts proves that each one can fail):
// - every element of every tab still open was delivered each event exactly once, in order (the
//   ids its client dispatched: the reducer would hide a replayed id), applied each once, in
//   order, and its state is the state those events give without any network;
// - each request after the first resumed from the newest event any tab had seen;
// - while the job ran, the server saw one request per connection-ending fault, no more (two
//   holders would make two), and at most one open connection whenever the tabs had settled.
import { createProgressSession } from '../../../../src/session/index.js';
import type { ProgressState } from '../../../../src/mapping/index.js';
import { chaosMapping, parseJobId } from '../../../chaos/job.mjs';
import { difference } from '../../cluster/support/invariants.js';
import { chaosEvent } from './chaos-server.js';

/** Problems with a sequence of event numbers: each of 1 … `total` once, in order. */
function checkSequence(ns: ReadonlyArray<number | undefined>, total: number, what: string): string[] {
  const problems: string[] = [];
  const seen = new Set<number>();
  let previous = 0;
  for (const n of ns) {
    if (n === undefined) {
      problems.push(`${what}: something that is no event of the job`);
      continue;
    }
    if (seen.has(n)) problems.push(`${what}: #${n} twice (after #${previous})`);
    else if (n < previous) problems.push(`${what}: #${n} after #${previous}, out of order`);
    else if (n > previous + 1) problems.push(`${what}: a gap, #${previous} then #${n}`);
    seen.add(n);
    previous = Math.max(previous, n);
  }
  if (previous !== total) problems.push(`${what}: ends at #${previous}, not at #${total}`);
  return problems;
}

/** Problems with what one element's client dispatched: the ids of the job, each once, in order. */
export function checkDelivered(ids: ReadonlyArray<string | null>, total: number): string[] {
  return checkSequence(
    ids.map((id) => parseJobId(id ?? undefined)?.n),
    total,
    'delivered',
  );
}

/** Problems with one element's activity lines (`#<n> …`, one per event the reducer applied). */
export function checkApplied(lines: readonly string[], total: number): string[] {
  const numbers = lines.map((line) => /^#(\d+) /.exec(line)?.[1]);
  return checkSequence(
    numbers.map((n) => (n === undefined ? undefined : Number(n))),
    total,
    'applied',
  );
}

/** The state without what differs from run to run (times, rate, ETA). */
export function comparable(state: ProgressState) {
  return {
    status: state.status,
    percent: state.percent,
    message: state.message,
    operation: state.operation,
    stepIndex: state.stepIndex,
    stepCount: state.stepCount,
    steps: state.steps.map((s) => `${s.id}|${s.status}|${s.percent ?? ''}|${s.message ?? ''}`),
    metrics: state.metrics,
    error: state.error,
    lastEventId: state.lastEventId,
    activity: state.activity.map((entry) => `${entry.level}|${entry.step ?? ''}|${entry.message}`),
  };
}

/** The state events 1 … `total` give when applied once each, without any network. */
export function referenceState(total: number, idOf: (n: number) => string): ReturnType<typeof comparable> {
  const session = createProgressSession({ mapping: chaosMapping, feedLimit: 1000 });
  for (let n = 1; n <= total; n++) session.push({ ...chaosEvent(n, total), id: idOf(n) });
  const state = comparable(session.state);
  session.close();
  return state;
}

/** Where an element's final state differs from the reference, if it does. */
export function stateDifference(state: ProgressState, reference: ReturnType<typeof comparable>): string | undefined {
  return difference(comparable(state), reference);
}

/**
 * What the request that follows a connection-ending fault must resume from: the newest event
 * any tab had seen. After a quiet moment that is exactly the last event published (`min` =
 * `max`); a fault that raced a burst of events may resume from anywhere between the last event
 * every tab had before the burst and the last one of the burst.
 */
export interface ResumeExpectation {
  fault: string;
  min: number;
  max: number;
}

export interface RequestLike {
  lastEventId: string | null;
  startedAt: number;
}

/**
 * Problems with the requests the server saw: the first without Last-Event-ID, then exactly one
 * per connection-ending fault, each resuming within what its fault allows. Requests that start
 * once the job's last event is out (`endedAt`) are left aside and counted: when the holder's
 * stream ends, the next tab in the lock's queue may be granted it before it has read the relayed
 * last event, and asks the server once more.
 */
export function checkRequests(
  all: readonly RequestLike[],
  expected: readonly ResumeExpectation[],
  endedAt: number | null = null,
): { problems: string[]; afterEnd: number } {
  const requests = all.filter((r) => endedAt === null || r.startedAt < endedAt);
  const problems: string[] = [];
  if (requests.length !== expected.length + 1) {
    problems.push(`${requests.length} requests, expected ${expected.length + 1} (one, and one more per connection-ending fault)`);
  }
  if (requests[0] !== undefined && requests[0].lastEventId !== null)
    problems.push(`the first request resumed from ${requests[0].lastEventId}`);
  expected.forEach((resume, i) => {
    const request = requests[i + 1];
    if (request === undefined) return;
    const n = parseJobId(request.lastEventId ?? undefined)?.n;
    const wanted = resume.min === resume.max ? `#${resume.min}` : `#${resume.min}…#${resume.max}`;
    if (n === undefined)
      problems.push(`after ${resume.fault}: a request without a known Last-Event-ID (${request.lastEventId}), expected ${wanted}`);
    else if (n < resume.min || n > resume.max) problems.push(`after ${resume.fault}: resumed from #${n}, expected ${wanted}`);
  });
  return { problems, afterEnd: all.length - requests.length };
}

/** Problems with the server's open connections sampled whenever the tabs had settled. */
export function checkOpenSamples(samples: ReadonlyArray<{ at: string; open: number }>): string[] {
  return samples.filter((s) => s.open > 1).map((s) => `${s.open} connections open at once ${s.at}`);
}

/** Problems with the roles of the awake tabs once settled: exactly one holds, the others follow. */
export function checkRoles(roles: ReadonlyArray<ReadonlyArray<string | null>>): string[] {
  const holders = roles.filter((tab) => tab.length > 0 && tab.every((role) => role === 'holder')).length;
  const mixed = roles.filter((tab) => new Set(tab).size > 1).length;
  const problems: string[] = [];
  if (holders !== 1) problems.push(`${holders} tabs hold the stream`);
  if (mixed > 0) problems.push(`${mixed} tabs whose elements disagree on their role`);
  const stray = roles.flat().filter((role) => role !== 'holder' && role !== 'follower');
  if (stray.length > 0) problems.push(`elements with role ${stray.map(String).join(', ')}`);
  return problems;
}

/** The p-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
