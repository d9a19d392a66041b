// Types the element's render pieces share. The controller that used to live here is now
// session-controller.ts over src/session; ProgressClient and ConnectionView are re-exported for
// the modules that still import them from here (stories/support/mock-client.ts).
export type { ConnectionView, ProgressClient } from '../../session/types.js';

/** Something to announce in the polite status region. */
export type Announcement =
  | { key: 'live' | 'reconnecting' | 'offline' | 'complete' }
  | { key: 'failed'; reason: string }
  | { key: 'stepComplete' | 'stepFailed'; step: string };
