import { css } from 'lit';

// The header: the title and the connection indicator (its dot, its text per tone, the error
// line and the Retry button).
export const headerStyles = css`
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
    min-width: 0;
    max-width: 100%;
  }

  .connection {
    display: inline-flex;
    flex-wrap: wrap;
    max-width: 100%;
    align-items: center;
    gap: 6px;
    font-size: 0.875em;
    color: var(--_muted);
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

  .connection-error {
    flex-basis: 100%;
    min-width: 0;
    font-size: 0.9em;
  }

  .retry {
    font: inherit;
    font-size: 0.875em;
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
