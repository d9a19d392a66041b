import { css } from 'lit';

// The header (the title and the connection indicator: its dot and its text per tone), and the
// connection notice at the end of the card (the error line and the Retry button).
export const headerStyles = css`
  /* One line, or two when the element is narrow: the title, then the indicator at the end. The
     indicator's box is a fixed 16em whatever it says, so whether it wraps depends on the width
     only, never on the status: the header keeps its height from "Live" to "Reconnecting 2/10,
     next try in 30 s" and back, and nothing under it moves. */
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: calc(var(--_space) / 2);
  }

  .title {
    font-weight: 600;
    min-width: 0;
  }

  .header-end {
    display: flex;
    flex: 1 1 16em;
    align-items: center;
    justify-content: flex-end;
    gap: calc(var(--_space) / 2);
    min-width: 0;
  }

  .connection {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    min-width: 0;
    font-size: 0.875em;
    color: var(--_muted);
  }

  .connection-text {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  .dot {
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--_muted);
    flex: none;
  }

  .connection.live .dot {
    background: var(--_success);
    box-shadow: 0 0 0 0 color-mix(in srgb, var(--_success) 60%, transparent);
    animation: pulse 2s ease-out infinite;
  }
  .connection.pending .dot {
    background: var(--_accent);
  }
  .connection.warning .dot {
    background: var(--_warning);
  }
  .connection.warning .connection-text {
    color: var(--_warning);
  }
  .connection.offline .dot,
  .connection.failed .dot {
    background: var(--_danger);
  }
  .connection.offline .connection-text,
  .connection.failed .connection-text {
    color: var(--_danger);
    font-weight: 600;
  }
  .connection.complete .dot {
    background: var(--_success);
  }
  .connection.complete .connection-text {
    color: var(--_success);
    font-weight: 600;
  }

  /* The reason the stream is down and Retry, at the end of the card, in the indicator's tone. */
  .connection-notice {
    --_tone: var(--_muted);
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 6px var(--_space);
    padding: 6px 8px;
    font-size: 0.875em;
    color: var(--_text);
    background: color-mix(in srgb, var(--_tone) 8%, var(--_surface));
    border: 1px solid color-mix(in srgb, var(--_tone) 45%, var(--_surface));
    border-radius: calc(var(--_radius) / 2);
  }
  .connection-notice.warning {
    --_tone: var(--_warning);
  }
  .connection-notice.offline {
    --_tone: var(--_danger);
  }
  .connection-notice.pending {
    --_tone: var(--_accent);
  }

  .connection-error {
    min-width: 0;
  }

  .retry {
    font: inherit;
    padding: 2px 10px;
    color: var(--_surface);
    background: var(--_accent);
    border: 1px solid var(--_accent);
    border-radius: calc(var(--_radius) / 2);
    cursor: pointer;
  }
  .retry:hover {
    filter: brightness(1.1);
  }
  .retry:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
`;
