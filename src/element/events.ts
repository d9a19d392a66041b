import type { StatusDetail, StreamErrorDetail } from '../client/types.js';
import type { ProgressState } from '../mapping/state.js';

/** The DOM events `<progress-stream>` dispatches (all bubble and are composed). */
export interface ProgressStreamEventMap {
  /** The state changed (at most once per animation frame; while a job runs, also once a second as time passes). */
  'progress-update': CustomEvent<ProgressState>;
  /** The connection status changed. */
  'connection-change': CustomEvent<StatusDetail>;
  /** The job (or, for multi-job streams, every job) completed. */
  'progress-complete': CustomEvent<ProgressState>;
  /** The job failed. */
  'progress-failed': CustomEvent<ProgressState>;
  /** The client reported an error (see `detail.fatal`). */
  'stream-error': CustomEvent<StreamErrorDetail>;
  /** The Cancel button was pressed (cancelable: `preventDefault()` leaves cancelling to the app). */
  'progress-cancel': CustomEvent<ControlEventDetail>;
  /** The Pause button was pressed (cancelable). */
  'progress-pause': CustomEvent<ControlEventDetail>;
  /** The Resume button was pressed (cancelable). */
  'progress-resume': CustomEvent<ControlEventDetail>;
}

/** The detail of `progress-cancel`, `progress-pause` and `progress-resume`. */
export interface ControlEventDetail {
  /** The state when the button was pressed. */
  state: ProgressState;
}

declare global {
  // Typed `addEventListener('progress-update', (e) => e.detail.percent)` on any element.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends ProgressStreamEventMap {}
}
