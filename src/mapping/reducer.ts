// createReducer: the one entry point that turns a mapping (declarative, a preset name, or a
// function) into `(state, message) => state`. Per event it routes the message to its rules,
// drops replayed duplicates and heartbeats, applies the rules to the right job, and keeps the
// activity feed and the job list bounded. It never throws on bad data: an event it cannot use
// leaves the state as it was.

import type { StreamMessage } from '../client/types.js';
import { appendActivity, DEFAULT_ACTIVITY_LIMIT, type NewActivity } from './activity.js';
import { applyEventToJob, freshJob } from './apply-event.js';
import { capText, toText } from './coerce.js';
import { compileMapping, type CompiledMapping, type CompiledRule } from './compile.js';
import { DiagnosticsRecorder, type DiagnosticsReport } from './diagnostics.js';
import { createFunctionReducer } from './function-reducer.js';
import { DEFAULT_JOB_LIMIT, summarizeJobs, upsertJob } from './jobs.js';
import { fingerprint } from './ledger.js';
import { dedupeKeyOf, Lineages } from './lineage.js';
import type { Mapping, MappingFunction } from './mapping-types.js';
import { readPath } from './paths.js';
import { isPresetName, presets, type PresetName } from './presets/index.js';
import type { JobState, ProgressState } from './state.js';
import { MappingValidationError } from './validate.js';
import type { ReadContext } from './values.js';

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
}

const SINGLE_JOB = '';
const CHANNEL = '\u0000channel';
const UNKNOWN_EVENT_TEXT_LIMIT = 120;

function parseData(data: string): { data: unknown; nonJson: boolean } {
  if (data.trim().length === 0) return { data: undefined, nonJson: false };
  try {
    return { data: JSON.parse(data) as unknown, nonJson: false };
  } catch {
    return { data: undefined, nonJson: true };
  }
}

/** Resolves a preset name or validates a declarative mapping; throws MappingValidationError. */
export function resolveMapping(mapping: Mapping | PresetName): { source: Mapping; compiled: CompiledMapping } {
  let source: unknown = mapping;
  if (typeof mapping === 'string') {
    if (!isPresetName(mapping)) {
      throw new MappingValidationError([{ path: '', message: `unknown preset "${mapping}"; expected one of ${Object.keys(presets).join(', ')}` }]);
    }
    source = presets[mapping];
  }
  const { mapping: compiled, issues } = compileMapping(source);
  if (compiled === undefined) throw new MappingValidationError(issues);
  return { source: source as Mapping, compiled };
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}

/**
 * Builds the reducer for a mapping, a preset name or a mapping function. An invalid
 * declarative mapping throws a `MappingValidationError` listing every problem.
 */
export function createReducer(mapping: Mapping | MappingFunction | PresetName, options: ReducerOptions = {}): Reducer {
  if (typeof mapping === 'function') return createFunctionReducer(mapping, options);
  const { source, compiled } = resolveMapping(mapping);
  const activityLimit = positive(options.activityLimit, DEFAULT_ACTIVITY_LIMIT);
  const jobLimit = Math.max(1, positive(options.jobLimit, DEFAULT_JOB_LIMIT));
  const clock = options.now ?? Date.now;
  const recorder = options.diagnostics ? new DiagnosticsRecorder(compiled.mentionedPaths) : undefined;
  const multiJob = compiled.jobKey !== undefined;
  const lineages = new Lineages(compiled.derive.smoothingMs);
  const produce = lineages.produce.bind(lineages);
  const passOver = lineages.passOver.bind(lineages);

  /** The rule list for a message: by discriminator value, then event name, then `*`. */
  /** `type` names the event in diagnostics: the matched key, else the discriminator value or event name. */
  function route(message: StreamMessage, data: unknown): { type: string; rules?: readonly CompiledRule[]; heartbeat: boolean } {
    let discriminated: string | undefined;
    for (const path of compiled.discriminators) {
      const value = toText(readPath(path, { data, message }));
      if (value !== undefined && value.length > 0) {
        discriminated = value;
        break;
      }
    }
    const heartbeat = compiled.heartbeatEvents.has(message.event) || (discriminated !== undefined && compiled.heartbeatEvents.has(discriminated));
    for (const key of [discriminated, message.event, '*']) {
      if (key === undefined) continue;
      const rules = compiled.rules.get(key);
      if (rules !== undefined) return { type: key === '*' ? (discriminated ?? message.event) : key, rules, heartbeat };
    }
    return { type: discriminated ?? message.event, heartbeat };
  }

  function unknownEventLine(message: StreamMessage, data: unknown): NewActivity {
    const said = typeof data === 'object' && data !== null && !Array.isArray(data) ? toText((data as Record<string, unknown>)['message']) : undefined;
    const detail = said ?? message.data.slice(0, UNKNOWN_EVENT_TEXT_LIMIT);
    return { level: 'info', message: capText(detail ? `${message.event}: ${detail}` : message.event) };
  }

  function reduce(state: ProgressState, message: StreamMessage): ProgressState {
    const lineage = lineages.of(state);
    const { data, nonJson } = parseData(message.data);
    const { type, rules, heartbeat } = route(message, data);
    const hash = fingerprint(`${message.event}\n${message.data}`);
    // A server replaying after a reconnect re-sends events already applied.
    const dedupeKey = dedupeKeyOf(message, hash);
    if (dedupeKey !== undefined && lineage.ledger.ids.has(dedupeKey)) {
      recorder?.duplicate(type);
      return state;
    }
    if (heartbeat) return passOver(state, message, lineage, dedupeKey);

    recorder?.begin(type, nonJson);
    const context: ReadContext = {
      data,
      message,
      onMissing: recorder && ((field, path) => recorder.missing(type, field, path, { data, message })),
    };
    const now = clock();

    if (rules === undefined) {
      recorder?.unmatched(type);
      if (compiled.unknownEvents === 'ignore') return passOver(state, message, lineage, dedupeKey);
      const activity = appendActivity(state.activity, [unknownEventLine(message, data)], now, activityLimit);
      return produce({ ...state, activity, lastEventId: message.id ?? state.lastEventId }, lineage, dedupeKey);
    }
    const applicable = rules.filter((rule) => rule.when === undefined || rule.when(context));
    if (applicable.length === 0) return passOver(state, message, lineage, dedupeKey);

    const jobKey = multiJob ? toText(compiled.jobKey?.({ data, message })) : undefined;
    if (!multiJob) {
      const jobLedger = lineage.ledger.job(SINGLE_JOB);
      const repeat = jobLedger.fingerprint === hash;
      const update = applyEventToJob(state, applicable, { message, context, now, repeat, sticky: true }, jobLedger, compiled);
      jobLedger.fingerprint = hash;
      if (update.ended) {
        recorder?.afterEnd(type);
        if (update.lines.length === 0) return passOver(state, message, lineage, dedupeKey);
      }
      const next: ProgressState = {
        ...update.state,
        activity: appendActivity(update.state.activity, update.lines, now, activityLimit),
        lastEventId: message.id ?? state.lastEventId,
      };
      return produce(next, lineage, dedupeKey);
    }

    if (jobKey === undefined || jobKey.length === 0) {
      // A multi-job channel's own event (no job key): it may say something (message,
      // operation, feed) but the status, percent and steps are the jobs' summary.
      const jobLedger = lineage.ledger.job(CHANNEL);
      const repeat = jobLedger.fingerprint === hash;
      const update = applyEventToJob(state, applicable, { message, context, now, repeat, sticky: false }, jobLedger, compiled);
      jobLedger.fingerprint = hash;
      const next: ProgressState = {
        ...state,
        message: update.state.message,
        operation: update.state.operation,
        activity: appendActivity(state.activity, update.lines, now, activityLimit),
        lastEventId: message.id ?? state.lastEventId,
        updatedAt: now,
      };
      return produce(next, lineage, dedupeKey);
    }

    const jobs = state.jobs ?? [];
    const existing = jobs.find((candidate) => candidate.key === jobKey);
    const job: JobState = existing ?? { ...freshJob(compiled), key: jobKey };
    const jobLedger = lineage.ledger.job(jobKey);
    const repeat = jobLedger.fingerprint === hash;
    const update = applyEventToJob(job, applicable, { message, context, now, repeat, sticky: true }, jobLedger, compiled);
    jobLedger.fingerprint = hash;
    if (update.ended) recorder?.afterEnd(type);
    if (update.ended && update.lines.length === 0) return passOver(state, message, lineage, dedupeKey);
    const nextJob: JobState = {
      ...update.state,
      key: jobKey,
      activity: appendActivity(update.state.activity, update.lines, now, activityLimit),
    };
    const { jobs: nextJobs, dropped } = upsertJob(jobs, nextJob, jobLimit);
    if (dropped !== undefined) lineage.ledger.jobs.delete(dropped);
    const top: ProgressState = {
      ...state,
      message: nextJob.message !== job.message && nextJob.message ? nextJob.message : state.message,
      operation: nextJob.operation !== job.operation && nextJob.operation ? nextJob.operation : state.operation,
      activity: appendActivity(state.activity, update.lines, now, activityLimit, jobKey),
      lastEventId: message.id ?? state.lastEventId,
      updatedAt: now,
    };
    return produce(summarizeJobs(top, nextJobs), lineage, dedupeKey);
  }

  const reducer = (state: ProgressState, message: StreamMessage): ProgressState => {
    try {
      if (typeof message?.event !== 'string' || typeof message.data !== 'string') return state;
      return reduce(state, message);
    } catch {
      // Bad data must never break the page: keep the last good state (and tell diagnostics).
      recorder?.error(typeof message?.event === 'string' ? message.event : '(invalid message)');
      return state;
    }
  };
  return Object.assign(reducer, {
    mapping: source,
    initialState(): ProgressState {
      const state = freshJob(compiled);
      if (multiJob) {
        state.steps = [];
        state.stepCount = null;
        state.jobs = [];
      }
      return state;
    },
    diagnostics: () => recorder?.report(),
  });
}
