import { css } from 'lit';

// The user's reduced-motion and forced-colors preferences. They override rules of the bar,
// the header and the step timeline at equal specificity, so they must come after them.
export const preferenceStyles = css`
  /* Reduced motion: no sliding or pulsing; the indeterminate bar shows a slow, static-looking
     fade so that it still reads as "working", never as frozen. */
  @media (prefers-reduced-motion: reduce) {
    .fill {
      transition: none;
    }
    .indeterminate .fill {
      inset-inline-start: 0;
      width: 100%;
      animation: breathe 3s ease-in-out infinite;
      opacity: 0.6;
    }
    .connection.live .dot,
    .step.active .step-icon {
      animation: none;
    }
  }

  @media (forced-colors: active) {
    .bar,
    .job-bar {
      border: 1px solid CanvasText;
    }
    .fill {
      background: Highlight;
      forced-color-adjust: none;
    }
    .dot {
      forced-color-adjust: none;
      background: CanvasText;
    }
    .step.active {
      border-color: Highlight !important;
    }
  }
`;
