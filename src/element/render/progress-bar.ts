import { html, nothing, type TemplateResult } from 'lit';
import { cssProperty } from '../internal/css-property.js';
import { formatPercent } from '../internal/format.js';
import type { JobStatus } from '../../mapping/state.js';

export interface ProgressBarView {
  percent: number | null;
  /** Throttled value for aria-valuenow. */
  ariaPercent: number | null;
  label: string;
  status: JobStatus;
  /** Spoken with the value, e.g. "Step 2 of 5". */
  valueText?: string;
  /** A state worth saying before it (e.g. "Paused"): spoken even when the percent is unknown. */
  stateText?: string;
  /**
   * Multi-job streams that ended with some jobs failed and others complete: the share (0–1)
   * of ended jobs that completed. The bar is then painted in both colours, not all red.
   */
  completedShare?: number;
}

/**
 * Shown percent: rounded down, so 99.6 % never reads "100 %" before the job is done. The tiny
 * epsilon keeps float noise (an average of 59.99999999999999) from showing one percent short.
 */
export function displayPercent(percent: number, locale?: string): string {
  return formatPercent(Math.floor(Math.min(100, Math.max(0, percent)) + 1e-9), locale);
}

/** A paused job's bar keeps its fill, muted (`bar-paused`): it neither animates nor looks live. */
export function renderProgressBar(view: ProgressBarView): TemplateResult {
  // Only a running job animates; before anything happened the bar stays still and empty.
  const indeterminate = view.percent === null && view.status === 'running';
  const fraction = view.percent === null ? (view.status === 'complete' ? 1 : 0) : Math.min(100, Math.max(0, view.percent)) / 100;
  const partial = view.completedShare !== undefined;
  const percentKnown = view.ariaPercent !== null && !indeterminate;
  const words = [view.stateText, view.valueText].filter(Boolean).join(', ');
  // As before for "Step 2 of 5" (only with a percent); a state such as "Paused" always.
  const valueText = percentKnown && words ? `${view.ariaPercent}%, ${words}` : view.stateText ? words : undefined;
  // tabindex=-1: not a tab stop, but where focus can go when the job control it was on goes
  // away (see internal/control-flow.ts), instead of falling to <body>.
  return html`<div
    part="bar"
    class="bar ${indeterminate ? 'indeterminate' : ''} ${partial ? 'bar-partial' : `bar-${view.status}`}"
    role="progressbar"
    aria-label=${view.label}
    aria-valuemin="0"
    aria-valuemax="100"
    aria-valuenow=${view.ariaPercent === null || indeterminate ? nothing : view.ariaPercent}
    aria-valuetext=${valueText ?? nothing}
    aria-busy=${view.status === 'running' ? 'true' : 'false'}
    tabindex="-1"
  >
    <div
      part="bar-fill"
      class="fill"
      ${cssProperty('--_fraction', String(fraction))}
      ${cssProperty('--_completed-share', String(view.completedShare ?? 1))}
    ></div>
  </div>`;
}
