import { css } from 'lit';

// The progress bar. `.job-bar` shares the base rule so that a job row's bar looks the same;
// the job list overrides its height later.
export const progressBarStyles = css`
  .bar,
  .job-bar {
    position: relative;
    display: block;
    height: var(--_bar-height);
    overflow: hidden;
    background: var(--_track);
    border-radius: calc(var(--_bar-height) / 2);
  }

  .fill {
    position: absolute;
    inset: 0;
    display: block;
    background: var(--_accent);
    border-radius: inherit;
    transform: scaleX(var(--_fraction, 0));
    transform-origin: left center;
    transition: transform var(--_duration) ease-out;
  }

  :host(:dir(rtl)) .fill {
    transform-origin: right center;
  }

  .bar-complete .fill {
    background: var(--_success);
  }
  .bar-failed .fill {
    background: var(--_danger);
  }
  /* Paused: the fill stays where it is, in the muted tone (the indicator says "Paused"). */
  .bar-paused .fill {
    background: var(--_muted);
  }
  /* Some jobs completed, some failed: the completed share green, the rest red. */
  .bar-partial .fill {
    background: linear-gradient(
      to right,
      var(--_success) calc(var(--_completed-share, 1) * 100%),
      var(--_danger) calc(var(--_completed-share, 1) * 100%)
    );
  }
  :host(:dir(rtl)) .bar-partial .fill {
    background: linear-gradient(
      to left,
      var(--_success) calc(var(--_completed-share, 1) * 100%),
      var(--_danger) calc(var(--_completed-share, 1) * 100%)
    );
  }

  .indeterminate .fill {
    transform: none;
    inset-inline-end: auto;
    width: 40%;
    animation: slide 1.4s ease-in-out infinite;
  }
`;
