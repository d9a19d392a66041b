import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ActivityEntry, ActivityLevel } from '../../mapping/state.js';
import { capMessage, capName } from '../internal/cap-text.js';
import { formatClock, isoTime } from '../internal/format.js';
import type { ProgressStreamStrings } from '../strings.js';

const ICONS: Record<ActivityLevel, string> = { info: 'ℹ', success: '✓', warning: '⚠', error: '✕' };

function levelText(level: ActivityLevel, strings: ProgressStreamStrings): string {
  switch (level) {
    case 'info':
      return strings.levelInfo;
    case 'success':
      return strings.levelSuccess;
    case 'warning':
      return strings.levelWarning;
    case 'error':
      return strings.levelError;
  }
}

/**
 * Newest first, so the latest entry is always visible without scrolling (no scroll-into-view
 * layout work per event). Entries are keyed, so a new one inserts one node and moves none.
 * The scrolling container is the `role="log"` region (live announcements off: the element speaks
 * through its one status region) and takes focus, so keyboard users can scroll back; the list
 * inside keeps its list semantics.
 */
export function renderActivityFeed(
  activity: readonly ActivityEntry[],
  limit: number,
  locale: string | undefined,
  strings: ProgressStreamStrings,
): TemplateResult {
  const shown = activity.slice(-Math.max(0, limit)).reverse();
  return html`<div part="feed" class="feed" role="log" aria-live="off" aria-label=${strings.activity} tabindex="0">
    <ol class="feed-list">
      ${repeat(
        shown,
        (entry) => entry.seq,
        // Entries never change once made: guard skips re-formatting every visible entry (Intl
        // time formatting dominated the element's render cost) unless the locale or strings did.
        (entry) =>
          guard(
            [entry, locale, strings.levelInfo, strings.levelSuccess, strings.levelWarning, strings.levelError],
            () =>
              html`<li part="feed-entry feed-entry-${entry.level}" class="entry level-${entry.level}">
                <time part="feed-time" class="time" datetime=${isoTime(entry.at)}>${formatClock(entry.at, locale)}</time>
                <span part="feed-icon" class="entry-icon" aria-hidden="true">${ICONS[entry.level]}</span>
                <span class="visually-hidden">${levelText(entry.level, strings)}:</span>
                <span part="feed-message" class="entry-message"
                  >${entry.job === undefined ? nothing : html`<span part="feed-job" class="entry-job">${capName(entry.job)}</span> `}${capMessage(
                    entry.message,
                  )}</span
                >
              </li>`,
          ),
      )}
    </ol>
  </div>`;
}
