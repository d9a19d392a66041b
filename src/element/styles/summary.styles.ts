import { css } from 'lit';

// The summary line: the big percent, "Step N of M", the current operation and message.
export const summaryStyles = css`
  .summary {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 4px var(--_space);
  }

  .percent {
    font-size: var(--ps-percent-size, 2rem);
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    line-height: 1;
    min-width: 3.5ch;
  }

  :host([compact]) .percent {
    font-size: 1.25rem;
  }

  .step-count {
    font-weight: 600;
    min-width: 0;
  }

  .operation,
  .message {
    color: var(--_muted);
    min-width: 0;
  }

  .summary .operation {
    flex-basis: 100%;
  }
`;
