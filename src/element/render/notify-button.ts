import { html, nothing, type TemplateResult } from 'lit';
import type { ProgressStreamStrings } from '../strings.js';

export interface NotifyButtonView {
  /** `ask`: "Notify me"; `asking`: the browser's prompt is open; `on`: permission granted here. */
  mode: 'ask' | 'asking' | 'on';
  strings: ProgressStreamStrings;
  onClick: (event: MouseEvent) => void;
}

/**
 * The "Notify me" button, and the same button once permission was granted ("You will be
 * notified", inert). One node for every mode so that keyboard focus stays where it was when the
 * text changes; the polite region around it reads the change out.
 */
export function renderNotifyButton(view: NotifyButtonView): TemplateResult {
  const inert = view.mode !== 'ask';
  return html`<span class="notify" aria-live="polite"
    ><button
      type="button"
      part="notify-button"
      class="notify-button ${view.mode}"
      aria-disabled=${inert ? 'true' : nothing}
      @click=${view.onClick}
    >
      ${view.mode === 'on' ? view.strings.notifyOn : view.strings.notifyMe}
    </button></span
  >`;
}
