// What the element announces in its polite status region; session-controller.ts decides when.

/** Something to announce in the polite status region. */
export type Announcement =
  | { key: 'live' | 'reconnecting' | 'offline' | 'complete' }
  | { key: 'failed'; reason: string }
  | { key: 'stepComplete' | 'stepFailed'; step: string };
