// The escape hatch: a mapping written as a function. The reducer around it still keeps the
// promises every mapping keeps: replayed duplicates are dropped, the feed is capped, percent
// does not go backwards within a job, and a function that throws leaves the state as it was.

import type { StreamMessage } from '../client/types.js';
import { DEFAULT_ACTIVITY_LIMIT } from './activity.js';
import { DiagnosticsRecorder, type DiagnosticsReport } from './diagnostics.js';
import { fingerprint } from './ledger.js';
import { dedupeKeyOf, Lineages } from './lineage.js';
import type { MappingFunction } from './mapping-types.js';
import { createInitialState, type ProgressState } from './state.js';
import { isTerminalStatus } from './statuses.js';

interface FunctionReducerOptions {
  activityLimit?: number;
  now?: () => number;
  diagnostics?: boolean;
}

type FunctionReducer = ((state: ProgressState, message: StreamMessage) => ProgressState) & {
  readonly mapping: MappingFunction;
  initialState(): ProgressState;
  diagnostics(): DiagnosticsReport | undefined;
};

function parseData(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}

/** A new job started when the old one had ended, or when the function reset `startedAt`. */
function startsNewJob(previous: ProgressState, next: ProgressState): boolean {
  return (isTerminalStatus(previous.status) && !isTerminalStatus(next.status)) || next.startedAt !== previous.startedAt;
}

/** Holds the function's result to the state's invariants, copying only when needed. */
function enforce(previous: ProgressState, next: ProgressState, message: StreamMessage, activityLimit: number): ProgressState {
  let fixed = next;
  const edit = (): ProgressState => (fixed === next ? (fixed = { ...next }) : fixed);
  if (next.percent !== null) {
    let percent = Number.isFinite(next.percent) ? Math.min(100, Math.max(0, next.percent)) : previous.percent;
    if (percent !== null && previous.percent !== null && percent < previous.percent && !startsNewJob(previous, next)) percent = previous.percent;
    if (percent !== next.percent) edit().percent = percent;
  }
  if (Array.isArray(next.activity) && next.activity.length > activityLimit) edit().activity = next.activity.slice(next.activity.length - activityLimit);
  if (message.id !== undefined && next.lastEventId !== message.id) edit().lastEventId = message.id;
  return fixed;
}

export function createFunctionReducer(mapping: MappingFunction, options: FunctionReducerOptions = {}): FunctionReducer {
  const limit = options.activityLimit;
  const activityLimit = limit !== undefined && Number.isFinite(limit) && limit >= 0 ? Math.floor(limit) : DEFAULT_ACTIVITY_LIMIT;
  const clock = options.now ?? Date.now;
  const recorder = options.diagnostics ? new DiagnosticsRecorder() : undefined;
  const lineages = new Lineages(10_000);

  const reducer = (state: ProgressState, message: StreamMessage): ProgressState => {
    if (typeof message?.event !== 'string' || typeof message.data !== 'string') return state;
    const lineage = lineages.of(state);
    const dedupeKey = dedupeKeyOf(message, fingerprint(`${message.event}\n${message.data}`));
    if (dedupeKey !== undefined && lineage.ledger.ids.has(dedupeKey)) {
      recorder?.duplicate(message.event);
      return state;
    }
    const data = parseData(message.data);
    recorder?.begin(message.event, data === undefined && message.data.trim().length > 0);
    let next: ProgressState;
    try {
      next = mapping(state, message, { data, now: clock() });
    } catch {
      recorder?.error(message.event);
      return lineages.passOver(state, message, lineage, dedupeKey);
    }
    if (typeof next !== 'object' || next === null) {
      recorder?.error(message.event);
      return lineages.passOver(state, message, lineage, dedupeKey);
    }
    if (next === state) return lineages.passOver(state, message, lineage, dedupeKey);
    return lineages.produce(enforce(state, next, message, activityLimit), lineage, dedupeKey);
  };
  return Object.assign(reducer, {
    mapping,
    initialState: createInitialState,
    diagnostics: () => recorder?.report(),
  });
}
