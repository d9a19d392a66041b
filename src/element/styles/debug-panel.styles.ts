import { css } from 'lit';

// The debug panel (the `debug` attribute): raw events and the mapped paths that were missing.
export const debugPanelStyles = css`
  .debug {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 0.75rem;
    border: 1px dashed var(--_border);
    border-radius: calc(var(--_radius) / 2);
    padding: 6px;
  }
  .debug-events,
  .debug-missing {
    margin: 4px 0;
    padding-inline-start: 1.25rem;
    max-height: 10rem;
    overflow: auto;
  }
  .debug-missing {
    color: var(--_warning);
  }
  .debug-data {
    overflow-wrap: anywhere;
  }
  .debug-heading {
    margin: 4px 0 0;
    font-weight: 600;
  }
`;
