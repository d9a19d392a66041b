import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ProgressStep, StepStatus } from '../../mapping/state.js';
import { capMessage, capName } from '../internal/cap-text.js';
import { cssProperty } from '../internal/css-property.js';
import { formatDuration } from '../internal/format.js';
import { fill, type ProgressStreamStrings } from '../strings.js';

const ICONS: Record<StepStatus, string> = {
  pending: '○',
  active: '●',
  complete: '✓',
  failed: '✕',
  skipped: '–',
};

function statusText(status: StepStatus, strings: ProgressStreamStrings): string {
  switch (status) {
    case 'pending':
      return strings.stepPending;
    case 'active':
      return strings.stepActive;
    case 'complete':
      return strings.stepComplete;
    case 'failed':
      return strings.stepFailed;
    case 'skipped':
      return strings.stepSkipped;
  }
}

/** The active step's own ETA ("20 s left"), when it reports its own percent. */
function stepEta(step: ProgressStep, locale: string | undefined, strings: ProgressStreamStrings): TemplateResult | typeof nothing {
  const eta = step.etaMs;
  if (step.status !== 'active' || eta === undefined || !Number.isFinite(eta) || eta < 0) return nothing;
  return html`<span part="step-eta" class="step-eta">${fill(strings.stepEta, { eta: formatDuration(eta, locale, strings) })}</span>`;
}

export function renderStepTimeline(
  steps: readonly ProgressStep[],
  orientation: 'horizontal' | 'vertical',
  strings: ProgressStreamStrings,
  locale?: string,
): TemplateResult {
  return html`<ol part="steps" class="steps ${orientation}" aria-label=${strings.steps} ${cssProperty('--_steps', String(steps.length))}>
    ${repeat(
      steps,
      (step) => step.id,
      (step) =>
        html`<li part="step step-${step.status}" class="step ${step.status}" aria-current=${step.status === 'active' ? 'step' : nothing}>
          <span part="step-icon" class="step-icon" aria-hidden="true">${ICONS[step.status]}</span>
          <span class="step-text">
            <span part="step-label" class="step-label">${capName(step.label)}</span>
            <span class="visually-hidden">, ${statusText(step.status, strings)}</span>
            ${
              step.status === 'active' && step.percent !== undefined
                ? html`<span part="step-percent" class="step-percent">${Math.floor(step.percent)}%</span>`
                : nothing
            }
            ${stepEta(step, locale, strings)}
            ${
              step.message && (step.status === 'active' || step.status === 'failed')
                ? html`<span part="step-message" class="step-message">${capMessage(step.message)}</span>`
                : nothing
            }
          </span>
        </li>`,
    )}
  </ol>`;
}
