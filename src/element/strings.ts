/**
 * Every user-visible string of `<progress-stream>`. Override any of them through the
 * element's `strings` property (e.g. for another language); numbers, times and durations are
 * formatted with `Intl` in the element's locale. `{name}` placeholders are filled in.
 */
export interface ProgressStreamStrings {
  /** Accessible name of the progress bar when no `label` attribute is set. */
  label: string;
  stepOf: string;
  /** The step number when the total is not known (steps discovered as they come). */
  stepN: string;
  /** The top line of a multi-job stream in which some jobs failed. */
  jobsFailed: string;
  /** Shown while the server refused a request made before `headers` were set. */
  awaitingCredentials: string;
  idle: string;
  connecting: string;
  live: string;
  reconnecting: string;
  reconnectingIn: string;
  offline: string;
  retry: string;
  streamEnded: string;
  complete: string;
  failed: string;
  failedWith: string;
  cancelled: string;
  rate: string;
  eta: string;
  elapsed: string;
  seconds: string;
  minutes: string;
  hours: string;
  steps: string;
  activity: string;
  jobs: string;
  metrics: string;
  invalidMapping: string;
  startingOver: string;
  announceStepComplete: string;
  announceStepFailed: string;
  announceComplete: string;
  announceFailed: string;
  announceLive: string;
  announceReconnecting: string;
  announceOffline: string;
  debugEvents: string;
  debugDiagnostics: string;
  debugMissingPath: string;
  stepPending: string;
  stepActive: string;
  stepComplete: string;
  stepFailed: string;
  stepSkipped: string;
  levelInfo: string;
  levelSuccess: string;
  levelWarning: string;
  levelError: string;
  /** Job control buttons (see `cancel-url`, `pause-url`, `resume-url`, `actions`). */
  cancel: string;
  pause: string;
  resume: string;
  /** Shown from the accepted request until the stream confirms. */
  cancelling: string;
  pausing: string;
  resuming: string;
  paused: string;
  /** The default question of the inline confirmation (the `confirm-cancel` attribute overrides it). */
  confirmCancel: string;
  confirmYes: string;
  confirmNo: string;
  /** The button that asks for notification permission (with `notify`), and its state once granted. */
  notifyMe: string;
  notifyOn: string;
  /** No progress for `stall-after` ms: said instead of an ETA. */
  stalled: string;
  /** Before the first progress, with `history-key` and past runs: `{range}` is e.g. "2–3 min". */
  usuallyTakes: string;
  /** A step's own ETA in the timeline. */
  stepEta: string;
  /** Notification titles when the job ends in a hidden page (`{label}`: the element's label). */
  notifyComplete: string;
  notifyFailed: string;
  notifyCancelled: string;
  announcePaused: string;
  announceStalled: string;
  announceCancelled: string;
  /** A refused control request: shown as `{this}: {reason}` (e.g. "Could not cancel: HTTP 500 …"). */
  cancelFailed: string;
  pauseFailed: string;
  resumeFailed: string;
  /** The reason when the stream did not confirm an accepted request within 30 s. */
  notConfirmed: string;
}

export const defaultStrings: ProgressStreamStrings = {
  label: 'Job progress',
  stepOf: 'Step {n} of {total}',
  stepN: 'Step {n}',
  jobsFailed: '{failed} of {total} failed',
  awaitingCredentials: 'Waiting for credentials…',
  idle: 'Waiting for updates',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting {attempt}/{max}…',
  reconnectingIn: 'Reconnecting {attempt}/{max}, next try in {seconds} s',
  offline: 'Live updates unavailable',
  retry: 'Retry',
  streamEnded: 'Stream ended',
  complete: 'Complete',
  failed: 'Failed',
  failedWith: 'Failed: {reason}',
  cancelled: 'Cancelled',
  rate: '~{rate}/s',
  eta: 'ETA ~{duration}',
  elapsed: 'Elapsed {duration}',
  seconds: '{n} s',
  minutes: '{n} min',
  hours: '{n} h {m} min',
  steps: 'Steps',
  activity: 'Activity',
  jobs: 'Jobs',
  metrics: 'Counters',
  invalidMapping: 'The mapping is invalid',
  startingOver: 'The server could not resume this stream; starting over',
  announceStepComplete: '{step} complete',
  announceStepFailed: '{step} failed',
  announceComplete: 'Job complete',
  announceFailed: 'Job failed: {reason}',
  announceLive: 'Live updates connected',
  announceReconnecting: 'Connection lost, reconnecting',
  announceOffline: 'Live updates unavailable',
  debugEvents: 'Raw events',
  debugDiagnostics: 'Mapping diagnostics',
  debugMissingPath: '{path} missing in {count} of {total} “{event}” events',
  stepPending: 'pending',
  stepActive: 'in progress',
  stepComplete: 'done',
  stepFailed: 'failed',
  stepSkipped: 'skipped',
  levelInfo: 'Info',
  levelSuccess: 'Success',
  levelWarning: 'Warning',
  levelError: 'Error',
  cancel: 'Cancel',
  pause: 'Pause',
  resume: 'Resume',
  cancelling: 'Cancelling…',
  pausing: 'Pausing…',
  resuming: 'Resuming…',
  paused: 'Paused',
  confirmCancel: 'Cancel this job?',
  confirmYes: 'Yes, cancel',
  confirmNo: 'Keep running',
  notifyMe: 'Notify me',
  notifyOn: 'You will be notified',
  stalled: 'Stalled',
  usuallyTakes: 'Usually takes {range}',
  stepEta: '{eta} left',
  notifyComplete: '{label} complete',
  notifyFailed: '{label} failed',
  notifyCancelled: '{label} cancelled',
  announcePaused: 'Job paused',
  announceStalled: 'No progress for a while',
  announceCancelled: 'Job cancelled',
  cancelFailed: 'Could not cancel',
  pauseFailed: 'Could not pause',
  resumeFailed: 'Could not resume',
  notConfirmed: 'The server did not confirm',
};

/** Fills `{name}` placeholders; unknown placeholders are left as they are. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}
