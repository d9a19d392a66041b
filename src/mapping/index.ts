// @progress-stream/core/mapping: how a server's events become one ProgressState. Pure TypeScript,
// no DOM and no Lit: usable with any transport (the StreamClient, a WebSocket, a test fixture).

export { createReducer } from './reducer.js';
export type { AtOptions, Reducer, ReducerOptions } from './reducer.js';
export { validateMapping, MappingValidationError } from './validate.js';
export { presets, isPresetName } from './presets/index.js';
export type { PresetName } from './presets/index.js';
export { clientOptionsFor } from './client-options.js';
export type { MappingClientOptions } from './client-options.js';
export type { DiagnosticsReport, EventDiagnostics } from './diagnostics.js';
export { createInitialState } from './state.js';
export type { ActivityEntry, ActivityLevel, JobState, JobStatus, ProgressState, ProgressStep, StepStatus } from './state.js';
export type {
  ActivitySpec,
  AllCondition,
  AnyCondition,
  ComparisonCondition,
  Condition,
  DeriveOptions,
  EventRule,
  FromStepsSpec,
  JsonPrimitive,
  LevelSpec,
  Mapping,
  MappingContext,
  MappingFunction,
  MappingIssue,
  NotCondition,
  Path,
  PercentSpec,
  RatioSpec,
  StepDeclaration,
  StepSpec,
  ValueObject,
  ValueSpec,
} from './mapping-types.js';
