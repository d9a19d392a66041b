// @progress-stream/core/react: the useProgressStream hook (a progress session read with
// useSyncExternalStore) for apps that render their own UI, and JSX typings for the bare element
// (React 19). It imports neither Lit nor @lit/react and registers nothing; the @lit/react
// wrapper component is in '@progress-stream/core/react/component'. In Node (server rendering) it
// imports without a DOM and opens no connection.
export { useProgressStream } from './use-progress-stream.js';
export type {
  ProgressStreamControls,
  ProgressStreamSnapshot,
  UseProgressStreamOptions,
  UseProgressStreamResult,
} from './use-progress-stream.js';
export type { ControlAction, ControlError, ControlView, HistoryStorage, JobActions, TypicalDuration } from '../session/types.js';
export type { ProgressStreamElementAttributes, ProgressStreamElementEvents, ProgressStreamElementProperties } from './jsx.js';
export type { ProgressStream as ProgressStreamElement } from '../element/progress-stream.js';
export type { ProgressStreamEventMap } from '../element/events.js';
export type { ProgressState, Mapping, MappingFunction, PresetName } from '../mapping/index.js';
export type { ConnectionStatus, StatusDetail, StreamErrorDetail, StreamMessage } from '../client/index.js';
