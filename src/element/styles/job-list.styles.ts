import { css } from 'lit';

// The multi-job rows. After the progress bar: `.job-bar { height }` overrides the shared
// `.bar, .job-bar` rule at equal specificity.
export const jobListStyles = css`
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
`;
