// createReducer: the one entry point that turns a mapping (declarative, a preset name, or a
// function) into `(state, message) => state`. Per event it drops replayed duplicates and
// heartbeats, routes the message to its rules, applies them to the right job, and keeps the
// activity feed and the job list bounded. It never throws on bad data: an event it cannot use
// leaves the state as it was.

import type { StreamMessage } from '../client/types.js';
import { appendActivity, DEFAULT_ACTIVITY_LIMIT, type NewActivity } from './activity.js';
import { applyEventToJob, freshJob, type EventContext } from './apply-event.js';
import { capKey, capText, parseJson, toList, toText } from './coerce.js';
import { holds } from './conditions.js';
import { DiagnosticsRecorder, type DiagnosticsReport } from './diagnostics.js';
import { enforceInvariants } from './function-mapping.js';
import { DEFAULT_JOB_LIMIT, summarizeJobs, upsertJob } from './jobs.js';
import { createLedger, fingerprint, forkLedger, jobMemory, remember, type Ledger } from './ledger.js';
import type { EventRule, Mapping, MappingFunction } from './mapping-types.js';
import { readPath } from './paths.js';
import type { PresetName } from './presets/index.js';
import { DEFAULT_STALL_AFTER_MS } from './progress-clock.js';
import { retimeState } from './retime.js';
import { createInitialState, type ProgressState } from './state.js';
import { resolveMapping } from './validate.js';
import { readQuietly } from './values.js';

export interface ReducerOptions {
  /** Activity entries kept (per job, and in the top-level feed). Default 50. */
  activityLimit?: number;
  /** The clock, in epoch ms, for activity times and job timestamps. Default `Date.now`. */
  now?: () => number;
  /** Record which mapped paths are missing in real events (see `reducer.diagnostics()`). */
  diagnostics?: boolean;
  /** Multi-job mappings: jobs kept before the oldest ended one is dropped. Default 100. */
  jobLimit?: number;
}

export interface Reducer {
  (state: ProgressState, message: StreamMessage): ProgressState;
  /** The mapping this reducer runs (a preset name is resolved to its mapping). */
  readonly mapping: Mapping | MappingFunction;
  /** A state to start from: nothing received yet, the declared steps pending. */
  initialState(): ProgressState;
  /** What diagnostics recorded so far, or undefined when the option is off. */
  diagnostics(): DiagnosticsReport | undefined;
  /**
   * The state re-evaluated at `now` (epoch ms) between events: a derived rate decays and the ETA
   * grows while nothing progresses, a server's ETA counts down, and after `stallAfterMs`
   * (default 30000; 0: never) without progress a running job is `stalled`, with no ETA. Per job
   * and for the summary of a multi-job state. The same object when nothing changed; the result
   * reduces like `state` (same dedupe memory, same estimates).
   */
  at(state: ProgressState, now: number, options?: AtOptions): ProgressState;
}

export interface AtOptions {
  /** Milliseconds without progress after which a running job is stalled. Default 30000; 0: never. */
  stallAfterMs?: number;
}

const limit = (value: number | undefined, fallback: number): number => (value !== undefined && value >= 0 ? Math.floor(value) : fallback);

/**
 * Builds the reducer for a mapping, a preset name or a mapping function. An invalid
 * declarative mapping throws a `MappingValidationError` listing every problem.
 */
export function createReducer(mapping: Mapping | MappingFunction | PresetName, options: ReducerOptions = {}): Reducer {
  const source = typeof mapping === 'function' ? mapping : resolveMapping(mapping);
  // The reducer runs its own copy: a mapping changed after creation cannot reach it unchecked.
  const rules = typeof source === 'function' ? undefined : (structuredClone(source) as Mapping);
  const activityLimit = limit(options.activityLimit, DEFAULT_ACTIVITY_LIMIT);
  const jobLimit = Math.max(1, limit(options.jobLimit, DEFAULT_JOB_LIMIT));
  const clock = options.now ?? Date.now;
  const recorder = options.diagnostics ? new DiagnosticsRecorder() : undefined;
  // Each state produced, with the ledger of its line and its generation on it (see ledger.ts).
  const known = new WeakMap<ProgressState, [Ledger, number]>();
  const append = (feed: ProgressState['activity'], lines: readonly NewActivity[], at: number, job?: string): ProgressState['activity'] =>
    appendActivity(feed, lines, at, activityLimit, job);

  /** Applies a message to a declarative mapping; undefined when it changes nothing but the stream position. */
  function applyMapping(
    mapping: Mapping,
    state: ProgressState,
    message: StreamMessage,
    hash: number,
    ledger: Ledger,
  ): ProgressState | undefined {
    const data = parseJson(message.data);
    const source = { data, message };
    // The rules by discriminator value, then by event name, then `*`.
    const discriminated = toList(mapping.discriminator)
      .map((path) => toText(readPath(path, source)))
      .find(Boolean);
    if (mapping.heartbeatEvents?.some((name) => name === message.event || name === discriminated)) return undefined;
    const key = [discriminated, message.event, '*'].find((name) => name !== undefined && Object.hasOwn(mapping.events, name));
    // Diagnostics name an event by the key it matched, else by its discriminator value or name.
    const type = key === undefined || key === '*' ? (discriminated ?? message.event) : key;
    const event: EventContext = { data, message, missing: [], now: clock(), hash };
    const { now } = event;
    const lastEventId = message.id === undefined ? state.lastEventId : capKey(message.id);
    try {
      if (key === undefined) {
        if (mapping.unknownEvents !== 'activity') return undefined;
        const detail = toText(readPath('message', source)) ?? message.data.slice(0, 120);
        return {
          ...state,
          activity: append(
            state.activity,
            [{ level: 'info', message: capText(detail ? `${message.event}: ${detail}` : message.event) }],
            now,
          ),
          lastEventId,
        };
      }
      const rules = toList(mapping.events[key]).filter((rule: EventRule) => rule.when === undefined || holds(rule.when, source));
      if (rules.length === 0) return undefined;

      // One job (no job key in the mapping), the job the event names, or the channel itself
      // when a multi-job event names none: it may say something (message, operation, feed), but
      // the status, percent and steps are the jobs' summary.
      // Capped (with a hash, so that long keys stay distinct): a key is kept, shown and compared per event.
      const jobKey = mapping.jobKey && capKey(toText(readQuietly(mapping.jobKey, source)) ?? '');
      const jobs = state.jobs ?? [];
      const job = jobKey ? (jobs.find((candidate) => candidate.key === jobKey) ?? { ...freshJob(mapping.steps), key: jobKey }) : state;
      // The single job and a channel never meet in one mapping: both keep their memory under ''.
      const [next, lines, ended] = applyEventToJob(job, rules, event, jobMemory(ledger, jobKey ?? ''), mapping, jobKey !== '');
      if (ended && lines.length === 0) return undefined;
      const activity = append(next.activity, lines, now);
      if (jobKey === undefined) return { ...next, activity, lastEventId };
      if (!jobKey) return { ...state, message: next.message, operation: next.operation, activity, lastEventId, updatedAt: now };

      const upserted = upsertJob(jobs, { ...next, key: jobKey, activity }, jobLimit);
      if (upserted.dropped !== undefined) ledger.jobs.delete(upserted.dropped);
      const said = (field: 'message' | 'operation'): string => (next[field] !== job[field] && next[field]) || state[field];
      return summarizeJobs(
        {
          ...state,
          message: said('message'),
          operation: said('operation'),
          activity: append(state.activity, lines, now, jobKey),
          lastEventId,
          updatedAt: now,
        },
        upserted.jobs,
      );
    } finally {
      recorder?.record(type, event.missing);
    }
  }

  /** Applies a message to a function mapping, holding its result to the promises it could break. */
  function applyFunction(mapping: MappingFunction, state: ProgressState, message: StreamMessage): ProgressState | undefined {
    recorder?.record(message.event, []);
    const now = clock();
    const next = mapping(state, message, { data: parseJson(message.data), now });
    if (typeof next !== 'object' || next === null) throw new TypeError('a mapping function must return a state');
    return next === state ? undefined : enforceInvariants(state, next, message, activityLimit, now);
  }

  function reducer(state: ProgressState, message: StreamMessage): ProgressState {
    if (typeof message?.event !== 'string' || typeof message.data !== 'string') return state;
    let [ledger, generation] = known.get(state) ?? [createLedger(), 0];
    if (generation !== ledger.head) ledger = forkLedger(ledger, generation);
    const hash = fingerprint(`${message.event}\n${message.data}`);
    // A server replaying after a reconnect re-sends events already applied. The id alone is not
    // enough: events without an `id:` field inherit the previous id, so the content counts too.
    const id = message.id === undefined ? undefined : capKey(message.id);
    const dedupeKey = id === undefined ? undefined : `${id}\u0000${hash}`;
    if (dedupeKey !== undefined && ledger.ids.has(dedupeKey)) return state;
    let next: ProgressState | undefined;
    try {
      next = rules ? applyMapping(rules, state, message, hash, ledger) : applyFunction(source as MappingFunction, state, message);
    } catch {
      // Bad data or a throwing function must never break the page: keep the last good state.
      recorder?.error(message.event);
    }
    // Nothing to apply, but the stream moved on: only `lastEventId` may change.
    if (next === undefined && id !== undefined && id !== state.lastEventId) next = { ...state, lastEventId: id };
    if (next !== undefined) known.set(next, [ledger, (generation = ++ledger.head)]);
    if (dedupeKey !== undefined) remember(ledger, dedupeKey, generation);
    return next ?? state;
  }

  function at(state: ProgressState, now: number, options: AtOptions = {}): ProgressState {
    const entry = known.get(state);
    // The memory is read only when it is this state's own: an older state's line has moved on.
    const ledger = entry && entry[1] === entry[0].head ? entry[0] : undefined;
    const { stallAfterMs = DEFAULT_STALL_AFTER_MS } = options;
    const threshold = Number.isFinite(stallAfterMs) && stallAfterMs >= 0 ? stallAfterMs : DEFAULT_STALL_AFTER_MS;
    const next = Number.isFinite(now) ? retimeState(state, ledger, now, rules?.derive, threshold) : state;
    // The result continues the input's line: the next event applied to it forks nothing.
    if (next !== state && entry) known.set(next, entry);
    return next;
  }

  return Object.assign(reducer, {
    at,
    mapping: source,
    initialState: (): ProgressState => (rules?.jobKey === undefined ? freshJob(rules?.steps) : { ...createInitialState(), jobs: [] }),
    diagnostics: () => recorder?.report(),
  });
}
