// progress-stream/react: <progress-stream> as a React component (made with @lit/react), a
// useProgressStream hook over the client and the mapping for apps that render their own UI,
// and JSX typings for the bare element (React 19). Importing it registers <progress-stream>;
// in Node (server rendering) it imports without a DOM and opens no connection.
export { ProgressStream, progressStreamEvents } from './progress-stream-component.js';
export type { ProgressStreamComponent, ProgressStreamProps } from './progress-stream-component.js';
export { useProgressStream } from './use-progress-stream.js';
export type { ProgressStreamSnapshot, UseProgressStreamOptions, UseProgressStreamResult } from './use-progress-stream.js';
export type { ProgressStreamElementAttributes, ProgressStreamElementEvents, ProgressStreamElementProperties } from './jsx.js';
export type { ProgressStream as ProgressStreamElement } from '../element/progress-stream.js';
export type { ProgressStreamEventMap } from '../element/events.js';
export type { ProgressState, Mapping, MappingFunction, PresetName } from '../mapping/index.js';
export type { ConnectionStatus, StatusDetail, StreamErrorDetail, StreamMessage } from '../client/index.js';
