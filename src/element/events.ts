import type { StatusDetail, StreamErrorDetail } from '../client/types.js';
import type { ProgressState } from '../mapping/state.js';

/** The DOM events `<progress-stream>` dispatches (all bubble and are composed). */
export interface ProgressStreamEventMap {
  /** The state changed (at most once per animation frame, while the job runs). */
  'progress-update': CustomEvent<ProgressState>;
  /** The connection status changed. */
  'connection-change': CustomEvent<StatusDetail>;
  /** The job (or, for multi-job streams, every job) completed. */
  'progress-complete': CustomEvent<ProgressState>;
  /** The job failed. */
  'progress-failed': CustomEvent<ProgressState>;
  /** The client reported an error (see `detail.fatal`). */
  'stream-error': CustomEvent<StreamErrorDetail>;
}

declare global {
  // Typed `addEventListener('progress-update', (e) => e.detail.percent)` on any element.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends ProgressStreamEventMap {}
}
