// The progress session: the one place where a stream, a mapping and the state they produce
// live together. Framework-neutral (no Lit, no React, no DOM beyond what StreamClient uses);
// <progress-stream> and useProgressStream are views over it.
export { createProgressSession, ProgressSession } from './progress-session.js';
export type { MappingChoice } from './mapping-choice.js';
export type { NumericOptions } from './numbers.js';
export type {
  ConnectionView,
  ControlAction,
  ControlError,
  ControlView,
  HistoryStorage,
  JobActions,
  TypicalDuration,
  ProgressClient,
  ProgressSessionCallbacks,
  ProgressSessionOptions,
  ProgressSessionSnapshot,
  SessionListener,
  SessionText,
} from './types.js';
