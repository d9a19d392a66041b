import { css } from 'lit';

// The named counts (a <dl>) and the timing line (elapsed, rate, ETA).
export const metricsStyles = css`
  .metrics {
    display: flex;
    flex-wrap: wrap;
    gap: 4px calc(var(--_space) * 1.5);
    margin: 0;
  }

  .metric {
    display: flex;
    gap: 4px;
    min-width: 0;
  }
  .metric dt {
    min-width: 0;
  }

  .metric dt {
    color: var(--_muted);
  }
  .metric dt::after {
    content: ':';
  }
  .metric dd {
    margin: 0;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }

  .timing {
    display: flex;
    flex-wrap: wrap;
    gap: 4px var(--_space);
    margin: 0;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }

  /* Said instead of the ETA: in the warning tone, and in words (not the colour alone). */
  .stalled {
    color: var(--_warning);
    font-weight: 600;
  }
`;
