import { html, nothing, type TemplateResult } from 'lit';
import type { DirectiveResult } from 'lit/directive.js';
import { guard } from 'lit/directives/guard.js';
import type { ActivityEntry, ActivityLevel } from '../../mapping/state.js';
import { capMessage, capName } from '../internal/cap-text.js';
import { formatClock, isoTime } from '../internal/format.js';
import type { ProgressStreamStrings } from '../strings.js';
import { feedEntries } from './feed-entries.js';

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

function renderEntry(entry: ActivityEntry, locale: string | undefined, strings: ProgressStreamStrings): TemplateResult {
  return html`<li part="feed-entry feed-entry-${entry.level}" class="entry level-${entry.level}">
    <time part="feed-time" class="time" datetime=${isoTime(entry.at)}>${formatClock(entry.at, locale)}</time>
    <span part="feed-icon" class="entry-icon" aria-hidden="true">${ICONS[entry.level]}</span>
    <span class="visually-hidden">${levelText(entry.level, strings)}:</span>
    <span part="feed-message" class="entry-message"
      >${entry.job === undefined ? nothing : html`<span part="feed-job" class="entry-job">${capName(entry.job)}</span> `}${capMessage(
        entry.message,
      )}</span
    >
  </li>`;
}

/**
 * Newest first, so the latest entry is always visible without scrolling (no scroll-into-view
 * layout work per event), and a screen reader reading the log meets the entries in the order
 * they are shown. A new entry inserts its node and moves none (see feed-entries.ts).
 * The scrolling container is the `role="log"` region (live announcements off: the element speaks
 * through its one status region) and takes focus, so keyboard users can scroll back; the list
 * inside keeps its list semantics.
 *
 * Guarded on what it shows: a render for a new percent alone does not look at the entries.
 */
export function renderActivityFeed(
  activity: readonly ActivityEntry[],
  limit: number,
  locale: string | undefined,
  strings: ProgressStreamStrings,
): DirectiveResult {
  const { activity: label, levelInfo, levelSuccess, levelWarning, levelError } = strings;
  return guard([activity, limit, locale, label, levelInfo, levelSuccess, levelWarning, levelError], () => {
    // Entries are rendered again, in place, when what their text depends on changed.
    const context = [locale ?? '', levelInfo, levelSuccess, levelWarning, levelError].join('\n');
    return html`<div part="feed" class="feed" role="log" aria-live="off" aria-label=${label} tabindex="0">
      <ol class="feed-list">
        ${feedEntries(activity, limit, context, (entry) => renderEntry(entry, locale, strings))}
      </ol>
    </div>`;
  });
}
