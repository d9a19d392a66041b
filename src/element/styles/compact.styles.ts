import { css } from 'lit';

// The `compact` attribute hides the secondary lines of the step timeline and of the timing,
// except a timing line that says "Stalled": that is news, not detail.
// (Its other rules sit with the pieces they shrink: .base in host, .percent in summary.)
export const compactStyles = css`
  :host([compact]) .steps .step-message,
  :host([compact]) .timing:not(.stalled-line) {
    display: none;
  }
`;
