import { css } from 'lit';

// The failure reason (part="error"), shown under everything else when a job fails.
export const errorStyles = css`
  .error {
    margin: 0;
    padding: calc(var(--_space) / 2);
    color: var(--_danger);
    border: 1px solid var(--_danger);
    border-radius: calc(var(--_radius) / 2);
    overflow-wrap: anywhere;
  }
`;
