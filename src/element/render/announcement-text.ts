import { capMessage, capName } from '../internal/cap-text.js';
import type { Announcement } from '../internal/stream-controller.js';
import { fill, type ProgressStreamStrings } from '../strings.js';

/** What the polite status region says; server text in it is capped like everywhere else. */
export function announcementText(announcement: Announcement, strings: ProgressStreamStrings): string {
  switch (announcement.key) {
    case 'live':
      return strings.announceLive;
    case 'reconnecting':
      return strings.announceReconnecting;
    case 'offline':
      return strings.announceOffline;
    case 'complete':
      return strings.announceComplete;
    case 'failed':
      return fill(strings.announceFailed, { reason: capMessage(announcement.reason) });
    case 'stepComplete':
      return fill(strings.announceStepComplete, { step: capName(announcement.step) });
    case 'stepFailed':
      return fill(strings.announceStepFailed, { step: capName(announcement.step) });
  }
}
