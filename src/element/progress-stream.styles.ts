import { css } from 'lit';
import { listStyles } from './progress-stream.list-styles.js';

// Public theming surface: the --ps-* custom properties (documented with @cssprop on the
// element) and ::part(). Internal --_* properties are derived from them per theme.
const baseStyles = css`
  :host {
    /* Light and dark values in one place: light-dark() follows the used color-scheme, which is
       the system's unless the theme attribute pins it. */
    color-scheme: light dark;
    --_accent: var(--ps-color-accent, light-dark(#2563eb, #60a5fa));
    --_success: var(--ps-color-success, light-dark(#15803d, #4ade80));
    --_warning: var(--ps-color-warning, light-dark(#b45309, #fbbf24));
    --_danger: var(--ps-color-danger, light-dark(#b91c1c, #f87171));
    --_text: var(--ps-color-text, light-dark(#111827, #f3f4f6));
    --_muted: var(--ps-color-muted, light-dark(#4b5563, #9ca3af));
    --_surface: var(--ps-color-surface, light-dark(#ffffff, #111827));
    --_track: var(--ps-color-track, light-dark(#e5e7eb, #374151));
    --_border: var(--ps-color-border, light-dark(#d1d5db, #374151));
    --_radius: var(--ps-radius, 8px);
    --_space: var(--ps-spacing, 12px);
    --_bar-height: var(--ps-bar-height, 10px);
    --_feed-height: var(--ps-feed-max-height, 12rem);
    --_duration: var(--ps-transition-duration, 300ms);

    display: block;
    box-sizing: border-box;
    color: var(--_text);
    font-family: var(--ps-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--ps-font-size, 0.9375rem);
    line-height: 1.4;
    /* Server text (a URL as a step id, a 200-character job key) may contain no break
       opportunity at all: let it break anywhere rather than widen the element. Inherited by
       every part. */
    overflow-wrap: anywhere;
    contain: content;
  }

  :host([hidden]) {
    display: none;
  }

  :host([theme='light']) {
    color-scheme: light;
  }

  :host([theme='dark']) {
    color-scheme: dark;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  .base {
    display: grid;
    /* Not the implicit 'auto' column, which grows to the widest unbreakable content and pushes
       bar, steps and indicator past the container (clipped: a 10 % fill looked like 20 %). */
    grid-template-columns: minmax(0, 1fr);
    min-width: 0;
    gap: var(--_space);
    padding: var(--_space);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  :host([compact]) .base {
    gap: calc(var(--_space) / 2);
    padding: calc(var(--_space) / 2);
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  /* Header: title, connection indicator */
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

  /* Summary: big percent, step count, operation */
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

  /* Progress bar */
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

  /* Step timeline */
  .steps {
    display: flex;
    gap: 4px;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .steps.horizontal {
    flex-wrap: wrap;
  }

  .steps.horizontal .step {
    flex: 1 1 0;
    /* 6rem, or the whole row when the element is narrower than that. */
    min-width: min(6rem, 100%);
    flex-direction: column;
    align-items: flex-start;
    border-top: 3px solid var(--_track);
    padding-top: 6px;
  }

  .steps.vertical {
    flex-direction: column;
  }

  .steps.vertical .step {
    border-inline-start: 3px solid var(--_track);
    padding-inline-start: 8px;
  }

  /* Pending steps are dimmed through the muted colour only (never opacity), so that they keep
     a readable contrast ratio. */
  .step {
    display: flex;
    gap: 6px;
    color: var(--_muted);
  }

  .step-text {
    display: flex;
    flex-direction: column;
    min-width: 0;
  }

  .step-label {
    hyphens: auto;
  }

  .step {
    min-width: 0;
  }

  .step-icon {
    font-weight: 700;
    line-height: 1.4;
  }

  .step.active {
    color: var(--_text);
    font-weight: 600;
    border-color: var(--_accent) !important;
  }
  .step.active .step-icon {
    color: var(--_accent);
    animation: breathe 1.6s ease-in-out infinite;
  }
  .step.complete {
    color: var(--_text);
    border-color: var(--_success) !important;
  }
  .step.complete .step-icon {
    color: var(--_success);
  }
  .step.failed {
    color: var(--_danger);
    border-color: var(--_danger) !important;
  }
  .step.skipped .step-label {
    text-decoration: line-through;
  }

  .step-percent,
  .step-message {
    font-weight: 400;
    font-size: 0.875em;
    color: var(--_muted);
  }

  /* Metrics and timing */
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

  .error {
    margin: 0;
    padding: calc(var(--_space) / 2);
    color: var(--_danger);
    border: 1px solid var(--_danger);
    border-radius: calc(var(--_radius) / 2);
    overflow-wrap: anywhere;
  }

  /* Jobs */
  :host([compact]) .steps .step-message,
  :host([compact]) .timing {
    display: none;
  }

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

/** Everything the element's shadow root needs, in order. */
export const styles = [baseStyles, listStyles];
