import { css } from 'lit';

// The "Notify me" button (`notify`), and the typical-duration text of the timing line. The
// button is outlined and small, like the job controls: an offer, not the page's main action.
// Once permission is granted it stays in place (focus stays on it) as quiet, inert text.
export const attentionStyles = css`
  .notify {
    display: inline-flex;
  }

  .notify-button {
    font: inherit;
    font-size: 0.875em;
    padding: 2px 10px;
    color: var(--_accent);
    background: var(--_surface);
    border: 1px solid var(--_accent);
    border-radius: calc(var(--_radius) / 2);
    cursor: pointer;
    white-space: nowrap;
  }
  .notify-button.ask:hover {
    background: color-mix(in srgb, var(--_accent) 10%, var(--_surface));
  }
  .notify-button.asking {
    cursor: progress;
  }
  .notify-button.on {
    color: var(--_muted);
    border-color: transparent;
    padding-inline: 0;
    cursor: default;
  }
  .notify-button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }

  .typical {
    font-style: italic;
  }

  @media (forced-colors: active) {
    .notify-button {
      border-color: ButtonText;
      color: ButtonText;
    }
    .notify-button.on {
      border-color: transparent;
    }
  }
`;
