import { css } from 'lit';

// The element's lists: the multi-job rows, the activity feed and the debug panel. Same theming
// surface as progress-stream.styles.ts (the --_* properties are defined on :host there).
export const listStyles = css`
  /* The rows share the list's columns (subgrid): icon, key (up to a third of the width, then
     it wraps), bar, percent (as wide as this locale's "100 %"), detail. */
  .jobs {
    display: grid;
    grid-template-columns: auto fit-content(33%) minmax(2.5rem, 1fr) max-content minmax(0, 2fr);
    gap: 6px 8px;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .job {
    display: grid;
    grid-column: 1 / -1;
    grid-template-columns: subgrid;
    align-items: center;
  }

  .job-key {
    min-width: 0;
  }

  .job-bar {
    height: 6px;
  }

  .job-percent {
    display: grid;
    font-variant-numeric: tabular-nums;
    text-align: end;
    white-space: nowrap;
  }
  .job-percent-value,
  .job-percent-sizer {
    grid-area: 1 / 1;
  }
  .job-percent-sizer {
    visibility: hidden;
  }

  .job-detail {
    color: var(--_muted);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  .job.complete .job-icon {
    color: var(--_success);
  }
  .job.complete .fill {
    background: var(--_success);
  }
  .job.failed .job-icon,
  .job.failed .job-detail {
    color: var(--_danger);
  }
  .job.failed .fill {
    background: var(--_danger);
  }

  /* Activity feed */
  .feed {
    max-height: var(--_feed-height);
    overflow-y: auto;
    border-top: 1px solid var(--_border);
    contain: content;
  }
  .feed:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .feed-list {
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .entry {
    display: grid;
    grid-template-columns: auto auto minmax(0, 1fr);
    gap: 8px;
    padding: 4px 0;
    border-bottom: 1px solid color-mix(in srgb, var(--_border) 50%, transparent);
    font-size: 0.875em;
  }

  .time {
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }

  .entry-message {
    min-width: 0;
  }

  .entry-job {
    font-weight: 600;
  }

  .entry.level-success .entry-icon {
    color: var(--_success);
  }
  .entry.level-warning .entry-icon,
  .entry.level-warning .entry-message {
    color: var(--_warning);
  }
  .entry.level-error .entry-icon,
  .entry.level-error .entry-message {
    color: var(--_danger);
  }
  .entry.level-info .entry-icon {
    color: var(--_accent);
  }

  /* Debug panel */
  .debug {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 0.75rem;
    border: 1px dashed var(--_border);
    border-radius: calc(var(--_radius) / 2);
    padding: 6px;
  }
  .debug-events,
  .debug-missing {
    margin: 4px 0;
    padding-inline-start: 1.25rem;
    max-height: 10rem;
    overflow: auto;
  }
  .debug-missing {
    color: var(--_warning);
  }
  .debug-data {
    overflow-wrap: anywhere;
  }
  .debug-heading {
    margin: 4px 0 0;
    font-weight: 600;
  }
`;
