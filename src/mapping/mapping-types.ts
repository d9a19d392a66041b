// The declarative mapping format: plain JSON that says how a server's events become a
// ProgressState. Everything here must survive JSON.stringify/JSON.parse unchanged, so that a
// mapping can live in an HTML attribute or a <script type="application/json"> child.
// src/mapping/README.md documents every key with examples; grammar.ts enforces these shapes,
// its tables tied to these types (a key missing on either side does not compile).

import type { ActivityLevel, JobStatus, ProgressState, StepStatus } from './state.js';
import type { StreamMessage } from '../client/types.js';

export type JsonPrimitive = string | number | boolean | null;

/**
 * A dot path into the event's JSON data: `state.current_item.mpn`, `items.0.id`.
 * Reserved roots: `$` (the whole data), `$event` (the SSE event name), `$id` (the event id),
 * `$raw` (the data text, for events that are not JSON).
 */
export type Path = string;

/**
 * Where a value comes from. A bare string is a path; an array tries each entry in turn and
 * takes the first that is present; an object reads, computes or states a value.
 */
export type ValueSpec = Path | ValueObject | Array<Path | ValueObject>;

export interface ValueObject {
  /** Read this path (or the first present of several). */
  path?: Path | Path[];
  /** Render a template such as `"Batch {current_batch} of {total_batches}"`. */
  template?: string;
  /** A constant. */
  value?: JsonPrimitive;
  /** Add up numbers; missing terms count as 0, all missing means missing. */
  sum?: Array<Path | ValueObject>;
  /** Translate the value (looked up by its text): `{"completed": "complete"}`. */
  map?: Record<string, JsonPrimitive>;
  /** Used when the value is missing, or when `map` has no entry for it. */
  default?: JsonPrimitive;
  /** Multiply a number, e.g. 100 for a 0–1 fraction. */
  scale?: number;
}

/** A percentage, given directly, as a ratio of two numbers, or computed from the step list. */
export type PercentSpec = ValueSpec | RatioSpec | FromStepsSpec;

export interface RatioSpec {
  current: ValueSpec;
  total: ValueSpec;
}

export interface FromStepsSpec {
  /** Completed steps (plus the active step's own percent) out of the step count. */
  fromSteps: true;
}

/** Which step an event is about, and what it says about that step. */
export interface StepSpec {
  /** The step's id; unknown ids are added when `discoverSteps` is on. */
  id?: ValueSpec;
  /** The step's position in the step list (0-based unless `indexBase` is 1). */
  index?: ValueSpec;
  indexBase?: 0 | 1;
  /** A label for a discovered step (default: the id, humanised). */
  label?: ValueSpec;
  /** Default `active`. A literal status or a value object (usually with `map`). */
  status?: StepStatus | ValueObject;
  percent?: ValueSpec | RatioSpec;
  message?: ValueSpec;
}

/** A condition on the event's data. */
export type Condition = string | ComparisonCondition | AllCondition | AnyCondition | NotCondition;

export interface ComparisonCondition {
  path: Path;
  equals?: JsonPrimitive;
  notEquals?: JsonPrimitive;
  in?: JsonPrimitive[];
  notIn?: JsonPrimitive[];
  /** `true`: present and not null; `false`: missing or null. */
  exists?: boolean;
  /**
   * `true`: the value says something, as an error field does; `false`: it says nothing
   * (missing, null, `false`, `0`, blank text, or an object or array in which nothing does).
   */
  meaningful?: boolean;
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  /** Substring test on the value's text. */
  contains?: string;
}

export interface AllCondition {
  all: Condition[];
}
export interface AnyCondition {
  any: Condition[];
}
export interface NotCondition {
  not: Condition;
}

/** A literal level, or a value object that yields one (usually with `map`). */
export type LevelSpec = ActivityLevel | ValueObject;

/** One activity line. A bare string is the text template, at level `info`. */
export type ActivitySpec =
  | string
  | {
      /** A template (`"Loaded {count} orders"`) or a value object. */
      text: string | ValueObject;
      level?: LevelSpec;
      /** The step this line belongs to. */
      step?: ValueSpec;
      /** Only add the line when this holds. */
      when?: Condition;
    };

/** What one kind of event means. Every key is optional. */
export interface EventRule {
  /** Free text for people reading the mapping. */
  description?: string;
  /** Apply this rule only when the condition holds. */
  when?: Condition;
  /** The event starts a job: a job that had ended starts over (percent may go back to 0). */
  startsJob?: boolean;
  step?: ValueSpec | StepSpec;
  /** The total number of steps, when the server sends it. */
  stepCount?: ValueSpec;
  percent?: PercentSpec;
  message?: ValueSpec;
  /** What the job is doing right now. */
  operation?: ValueSpec;
  /** Named counters: display name → number. */
  metrics?: Record<string, ValueSpec>;
  /** A growing count of processed items; rate and ETA are derived from it when not sent. */
  counter?: ValueSpec;
  /** The count `counter` is heading for (used for the derived ETA). */
  total?: ValueSpec;
  /** Items per second, as sent by the server. */
  rate?: ValueSpec;
  etaSeconds?: ValueSpec;
  etaMs?: ValueSpec;
  /** A literal job status or a value object (usually with `map`). */
  status?: JobStatus | ValueObject;
  /** The failure reason, used when the status becomes `failed`. */
  error?: ValueSpec;
  /**
   * Activity lines to add. Omitted: a line for a new message, a success line on completion and
   * an error line on failure. `false`: none.
   */
  activity?: false | ActivitySpec | ActivitySpec[];
}

export interface StepDeclaration {
  id: string;
  label?: string;
}

export interface DeriveOptions {
  /** Derive `rate` from `counter` when the server sends none. Default true. */
  rate?: boolean;
  /** Derive `etaMs` from `counter`/`total`, or from percent, when the server sends none. Default true. */
  eta?: boolean;
  /**
   * Time constant τ of each of the ETA estimator's two moving averages, in ms (each one's
   * half-life is τ·ln 2). Half of it smooths a server's ETA. Default 10000.
   */
  smoothingMs?: number;
}

/** A complete declarative mapping. */
export interface Mapping {
  /** Format version; 1 when present. */
  version?: 1;
  name?: string;
  description?: string;
  /** The JSON Schema the mapping is written against, for editors; not used by the reducer. */
  $schema?: string;
  /**
   * Data path(s) whose string value selects the rule (`type`, `event_type`). Tried before the
   * SSE event name.
   */
  discriminator?: Path | Path[];
  /** Data path of the field that keys a job. Declaring it turns on multi-job state. */
  jobKey?: Path | Path[];
  /** Data path of a run id: when its value changes, a new job has started and the state resets. */
  runId?: Path | Path[];
  /** The step list, declared up front. */
  steps?: Array<string | StepDeclaration>;
  /** Add steps that events name but the list lacks. Default true. */
  discoverSteps?: boolean;
  /**
   * Rules by route key: a discriminator value, an SSE event name (`message` for unnamed events),
   * or `*` for anything else. A key may hold one rule or a list; every matching rule applies,
   * in order.
   */
  events: Record<string, EventRule | EventRule[]>;
  /** Events with no rule: `ignore` (default) or `activity` (one info line each). */
  unknownEvents?: 'ignore' | 'activity';
  /** Events that only keep the connection alive: never applied, never in the feed. */
  heartbeatEvents?: string[];
  /** Event names after which the server sends nothing more for this stream. */
  terminalEvents?: string[];
  /** A condition on the data that marks a terminal event (for formats that mark it in the data). */
  terminalWhen?: Condition;
  derive?: DeriveOptions;
}

/** Given to a function mapping along with the state and the message. */
export interface MappingContext {
  /** The message's data parsed as JSON, or undefined when it is not JSON. */
  data: unknown;
  /** The reducer's clock, in epoch milliseconds. */
  now: number;
}

/** The escape hatch: compute the next state in code. It must not mutate its arguments. */
export type MappingFunction = (state: ProgressState, message: StreamMessage, context: MappingContext) => ProgressState;

/** One problem in a mapping: where (a JSON pointer into the mapping) and what. */
export interface MappingIssue {
  path: string;
  message: string;
}
