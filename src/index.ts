// progress-stream: the client SDK, the mapping layer and the <progress-stream> element.
// Importing this module registers <progress-stream>.
export * from './client/index.js';
export * from './mapping/index.js';
export { ProgressStream } from './element/progress-stream.js';
export type { ProgressStreamEventMap } from './element/events.js';
export type { ProgressStreamEventHandlers, ProgressStreamProperties, ProgressStreamPropertyName } from './element/framework-types.js';
export type { ProgressClient, ConnectionView } from './session/index.js';
export { createProgressSession, ProgressSession } from './session/index.js';
export type {
  ControlAction,
  ControlError,
  ControlView,
  HistoryStorage,
  JobActions,
  TypicalDuration,
  MappingChoice,
  NumericOptions,
  ProgressSessionCallbacks,
  ProgressSessionOptions,
  ProgressSessionSnapshot,
  SessionListener,
  SessionText,
} from './session/index.js';
export { defaultStrings, type ProgressStreamStrings } from './element/strings.js';
