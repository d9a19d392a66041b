// @progress-stream/core/svelte: the live progress of an event stream as a store (`$job` in Svelte).
// It imports nothing from Svelte (the store contract is plain), nor Lit, nor the element, and
// registers nothing; in Node (server rendering) it imports without a DOM and opens nothing.
export { progressStream } from './progress-stream-store.js';
export type { ProgressStreamStore } from './progress-stream-store.js';
export type { ProgressStreamControls, ProgressStreamOptions, ProgressStreamSnapshot } from '../session/view-options.js';
export type { ControlAction, ControlError, ControlView, HistoryStorage, JobActions, TypicalDuration } from '../session/types.js';
export type { ProgressState, Mapping, MappingFunction, PresetName } from '../mapping/index.js';
export type { ConnectionStatus, StatusDetail, StreamErrorDetail, StreamMessage } from '../client/index.js';
