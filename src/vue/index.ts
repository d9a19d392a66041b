// @progress-stream/core/vue: the useProgressStream composable (Vue 3.5) for apps that render their
// own UI. It imports neither Lit nor the element and registers nothing; in Node (server
// rendering) it imports without a DOM and opens no connection.
export { useProgressStream } from './use-progress-stream.js';
export type { UseProgressStreamOptions, UseProgressStreamResult } from './use-progress-stream.js';
export type { ProgressStreamControls } from '../session/view-options.js';
export type { ControlAction, ControlError, ControlView, HistoryStorage, JobActions, TypicalDuration } from '../session/types.js';
export type { ProgressState, Mapping, MappingFunction, PresetName } from '../mapping/index.js';
export type { ConnectionStatus, StatusDetail, StreamErrorDetail, StreamMessage } from '../client/index.js';
