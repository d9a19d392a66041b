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

  /* Horizontal: one row of equal columns, never wrapped (a step alone on a second row read as a
     separate timeline). Where the steps would get less than about 8em each (a long word in
     bold), they stack into one column that looks like the vertical orientation. The list is the
     container queried, and the threshold depends on the number of steps: the rules below set
     --_stacked (0 or 1), which the step's geometry is computed from. */
  .steps.horizontal {
    container: ps-steps / inline-size;
    /* A size container has no content width of its own: without this, an element sized by its
       content (in a flex row, floated, inline-block) shrank to its summary's width. This is
       the narrowest row (--_steps is the number of steps, set by the renderer). */
    contain-intrinsic-inline-size: calc(var(--_steps, 1) * 8em);
    flex-wrap: wrap;
  }

  .steps.horizontal .step {
    --_row: calc(1 - var(--_stacked, 0));
    /* In a row, no width of their own (never wraps); stacked, each takes the whole line. */
    flex: 1 1 calc(var(--_stacked, 0) * 100%);
    /* The icon above the text in a row (the text takes a line of its own), beside it stacked. */
    flex-wrap: wrap;
    align-content: flex-start;
    align-items: flex-start;
    border-top: calc(var(--_row) * 3px) solid var(--_track);
    border-inline-start: calc(var(--_stacked, 0) * 3px) solid var(--_track);
    padding-top: calc(var(--_row) * 6px);
    padding-inline-start: calc(var(--_stacked, 0) * 8px);
    /* In a row, a full line of one label must not read on into the next one. */
    padding-inline-end: calc(var(--_row) * 8px);
  }

  .steps.horizontal .step-text {
    flex: 1 1 calc(var(--_row) * 100%);
  }

  @container ps-steps (width < 16em) {
    .steps:has(> :nth-child(2)) > .step {
      --_stacked: 1;
    }
  }
  @container ps-steps (width < 24em) {
    .steps:has(> :nth-child(3)) > .step {
      --_stacked: 1;
    }
  }
  @container ps-steps (width < 32em) {
    .steps:has(> :nth-child(4)) > .step {
      --_stacked: 1;
    }
  }
  @container ps-steps (width < 40em) {
    .steps:has(> :nth-child(5)) > .step {
      --_stacked: 1;
    }
  }
  @container ps-steps (width < 48em) {
    .steps:has(> :nth-child(6)) > .step {
      --_stacked: 1;
    }
  }
  @container ps-steps (width < 56em) {
    .steps:has(> :nth-child(7)) > .step {
      --_stacked: 1;
    }
  }
  @container ps-steps (width < 64em) {
    .steps:has(> :nth-child(8)) > .step {
      --_stacked: 1;
    }
  }
  @container ps-steps (width < 72em) {
    .steps:has(> :nth-child(9)) > .step {
      --_stacked: 1;
    }
  }
  /* Ten steps or more: stacked below 80em, in a row (narrower columns) above. */
  @container ps-steps (width < 80em) {
    .steps:has(> :nth-child(10)) > .step {
      --_stacked: 1;
    }
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
  .step-eta,
  .step-message {
    font-weight: 400;
    font-size: 0.875em;
    color: var(--_muted);
  }

  /* A step's own ETA is a secondary line: compact layouts leave it out. */
  :host([compact]) .step-eta {
    display: none;
  }
`;
