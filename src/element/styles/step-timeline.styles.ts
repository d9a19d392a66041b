import { css } from 'lit';

// The step timeline, horizontal or vertical. The state rules (.active, .complete, .failed)
// set the border colour with !important so that they win over the orientation rules'
// `border-*` shorthands whatever their specificity.
export const stepTimelineStyles = css`
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
`;
