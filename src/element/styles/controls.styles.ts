import { css } from 'lit';

// The job controls row (Pause / Resume / Cancel, the inline confirmation, "Cancelling…" and a
// refused request's error). Buttons are outlined, not filled: they sit next to the bar and
// must not look like the main action of the page; Cancel and "Yes, cancel" in the danger tone.
export const controlsStyles = css`
  .controls {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) / 2);
    font-size: 0.875em;
  }

  .control {
    --_tone: var(--_accent);
    font: inherit;
    padding: 2px 10px;
    color: var(--_tone);
    background: var(--_surface);
    border: 1px solid var(--_tone);
    border-radius: calc(var(--_radius) / 2);
    cursor: pointer;
  }
  .control.cancel {
    --_tone: var(--_danger);
  }
  .control:hover {
    background: color-mix(in srgb, var(--_tone) 10%, var(--_surface));
  }
  .control:focus-visible,
  .control-status:focus-visible,
  .control-error:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }

  .control-status {
    color: var(--_muted);
  }

  .confirm {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) / 2);
  }
  .confirm-question {
    font-weight: 600;
  }

  .control-error {
    flex-basis: 100%;
    margin: 0;
    color: var(--_danger);
    overflow-wrap: anywhere;
  }

  @media (forced-colors: active) {
    .control {
      border-color: ButtonText;
      color: ButtonText;
    }
  }
`;
