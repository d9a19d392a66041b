import { css } from 'lit';

// Every animation in one place: `breathe` is shared by the active step's icon and the
// reduced-motion indeterminate bar, so the keyframes belong to no single piece.
export const keyframeStyles = css`
  @keyframes slide {
    from {
      inset-inline-start: -40%;
    }
    to {
      inset-inline-start: 100%;
    }
  }

  @keyframes pulse {
    0% {
      box-shadow: 0 0 0 0 color-mix(in srgb, var(--_success) 60%, transparent);
    }
    100% {
      box-shadow: 0 0 0 6px transparent;
    }
  }

  @keyframes breathe {
    0%,
    100% {
      opacity: 0.45;
    }
    50% {
      opacity: 1;
    }
  }
`;
