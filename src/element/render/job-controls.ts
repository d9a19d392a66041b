import { html, nothing, type TemplateResult } from 'lit';
import type { ControlAction, ControlView } from '../../session/job-control.js';
import { capMessage } from '../internal/cap-text.js';
import type { ProgressStreamStrings } from '../strings.js';

export interface JobControlsView {
  control: ControlView;
  /** The inline confirmation is open (instead of the buttons). */
  confirming: boolean;
  /** Its question (`confirm-cancel`, or the default string). */
  question: string;
  strings: ProgressStreamStrings;
  /** More controls for the same row (the "Notify me" button), or `nothing`. */
  extra: TemplateResult | typeof nothing;
  onPress(action: ControlAction): void;
  onConfirm(): void;
  onKeep(): void;
}

function pendingText(action: ControlAction, strings: ProgressStreamStrings): string {
  switch (action) {
    case 'cancel':
      return strings.cancelling;
    case 'pause':
      return strings.pausing;
    case 'resume':
      return strings.resuming;
  }
}

/**
 * The row under the bar with Pause / Resume / Cancel (real buttons with visible text), the
 * inline confirmation, "Cancelling…" while the server has not confirmed, and a refused
 * request's error. Nothing when there is nothing to offer or say. Its own row, not the header:
 * the header stays one line at 320 px.
 */
export function renderJobControls(view: JobControlsView): TemplateResult | typeof nothing {
  const { available, pending, error } = view.control;
  const offered = available.cancel || available.pause || available.resume;
  if (!offered && !pending && !error && !view.confirming && view.extra === nothing) return nothing;
  return html`<div part="controls" class="controls">
    ${pending ? html`<span part="control-status" class="control-status" tabindex="-1">${pendingText(pending, view.strings)}</span>` : nothing}
    ${view.confirming ? renderConfirmation(view) : renderButtons(view)} ${view.extra}
    ${error ? html`<p part="control-error" class="control-error" role="alert" tabindex="-1">${capMessage(error.message)}</p>` : nothing}
  </div>`;
}

function renderButtons(view: JobControlsView): TemplateResult {
  const { available } = view.control;
  const { strings } = view;
  // Pause before Cancel: the gentle action first, the destructive one last.
  return html`${
    available.pause
      ? html`<button part="pause-button" class="control" type="button" @click=${() => view.onPress('pause')}>${strings.pause}</button>`
      : nothing
  }${
    available.resume
      ? html`<button part="resume-button" class="control" type="button" @click=${() => view.onPress('resume')}>${strings.resume}</button>`
      : nothing
  }${
    available.cancel
      ? html`<button part="cancel-button" class="control cancel" type="button" @click=${() => view.onPress('cancel')}>
          ${strings.cancel}
        </button>`
      : nothing
  }`;
}

/** "Cancel this job?" with Yes / Keep running, inline (no modal): Escape keeps it running. */
function renderConfirmation(view: JobControlsView): TemplateResult {
  const onKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    view.onKeep();
  };
  return html`<div part="confirm" class="confirm" role="group" aria-labelledby="confirm-question" @keydown=${onKeydown}>
    <span id="confirm-question" class="confirm-question">${capMessage(view.question)}</span>
    <button part="confirm-yes" class="control cancel" type="button" @click=${view.onConfirm}>${view.strings.confirmYes}</button>
    <button part="confirm-no" class="control" type="button" @click=${view.onKeep}>${view.strings.confirmNo}</button>
  </div>`;
}
