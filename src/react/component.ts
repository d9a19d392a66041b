// @progress-stream/core/react/component: the React wrapper for <progress-stream>, made with
// @lit/react: element properties as props (objects and functions such as `headers` and
// `mapping` are set as properties, never as attributes) and the element's DOM events as typed
// `on…` callbacks. Importing it registers <progress-stream> and needs `@lit/react`; the hook in
// '@progress-stream/core/react' needs neither. In Node (server rendering) it imports without a DOM.
import { createComponent, type EventName, type ReactWebComponent } from '@lit/react';
import * as React from 'react';
import type { ProgressStreamEventMap } from '../element/events.js';
import { ProgressStream as ProgressStreamElement } from '../element/progress-stream.js';

/** The element's DOM events, as the wrapper's callback props. */
export const progressStreamEvents = {
  /** The state changed (at most once per animation frame while the job runs, and once a second as time passes). */
  onProgressUpdate: 'progress-update' as EventName<ProgressStreamEventMap['progress-update']>,
  /** The connection status changed. */
  onConnectionChange: 'connection-change' as EventName<ProgressStreamEventMap['connection-change']>,
  /** The job (every job, for multi-job streams) completed. */
  onProgressComplete: 'progress-complete' as EventName<ProgressStreamEventMap['progress-complete']>,
  /** The job failed. */
  onProgressFailed: 'progress-failed' as EventName<ProgressStreamEventMap['progress-failed']>,
  /** The client or the mapping reported an error (see `detail.fatal`). */
  onStreamError: 'stream-error' as EventName<ProgressStreamEventMap['stream-error']>,
  /** The Cancel button was pressed (cancelable: `preventDefault()` leaves cancelling to the app). */
  onProgressCancel: 'progress-cancel' as EventName<ProgressStreamEventMap['progress-cancel']>,
  /** The Pause button was pressed (cancelable). */
  onProgressPause: 'progress-pause' as EventName<ProgressStreamEventMap['progress-pause']>,
  /** The Resume button was pressed (cancelable). */
  onProgressResume: 'progress-resume' as EventName<ProgressStreamEventMap['progress-resume']>,
} satisfies Record<string, EventName<ProgressStreamEventMap[keyof ProgressStreamEventMap]>>;

export type ProgressStreamComponent = ReactWebComponent<ProgressStreamElement, typeof progressStreamEvents>;

/** The props of the `ProgressStream` React component. */
export type ProgressStreamProps = React.ComponentProps<ProgressStreamComponent>;

/**
 * `<progress-stream>` as a React component (React 18 and 19).
 *
 * ```tsx
 * <ProgressStream
 *   src="/jobs/42/events"
 *   preset="batch-enrichment"
 *   headers={() => ({ Authorization: `Bearer ${token}` })}
 *   onProgressComplete={(e) => setResult(e.detail)}
 * />
 * ```
 *
 * Server rendering outputs an empty `<progress-stream>` tag; the element renders and
 * connects once it is in a browser page.
 */
export const ProgressStream: ProgressStreamComponent = /* @__PURE__ */ createComponent({
  react: React,
  tagName: 'progress-stream',
  elementClass: ProgressStreamElement,
  events: progressStreamEvents,
  displayName: 'ProgressStream',
});

export type { ProgressStreamElementAttributes, ProgressStreamElementEvents, ProgressStreamElementProperties } from './jsx.js';
export type { ProgressState } from '../mapping/index.js';
