import { css } from 'lit';

// The activity feed: a scrollable, focusable list of timestamped lines, coloured by level.
export const activityFeedStyles = css`
  .feed {
    max-height: var(--_feed-height);
    overflow-y: auto;
    border-top: 1px solid var(--_border);
    contain: content;
    /* The feed is most of an element's boxes: off screen, the browser skips its style, layout
       and paint (with 50 elements on a page, most of them off screen, this alone raised the frame
       rate several times). Its entries stay in the DOM and the accessibility tree. Until it has
       been on screen once, it counts as full height. */
    content-visibility: auto;
    contain-intrinsic-block-size: auto var(--_feed-height);
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
`;
