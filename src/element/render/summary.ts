import { html, nothing, type TemplateResult } from 'lit';
import type { ProgressState } from '../../mapping/state.js';
import { capMessage } from '../internal/cap-text.js';
import { fill, type ProgressStreamStrings } from '../strings.js';
import { displayPercent } from './progress-bar.js';

/**
 * What a failed state is called at the top. One job: "Failed: reason". Several jobs: how many
 * of them failed ("1 of 3 failed"); the reasons are on the failed jobs' rows, so that two good
 * orders and one bad one do not read as if everything failed.
 */
export function failureText(state: ProgressState, strings: ProgressStreamStrings): string {
  const jobs = state.jobs;
  if (jobs && jobs.length > 0) {
    const failed = jobs.filter((job) => job.status === 'failed').length;
    return fill(strings.jobsFailed, { failed, total: jobs.length });
  }
  return state.error ? fill(strings.failedWith, { reason: capMessage(state.error) }) : strings.failed;
}

/**
 * The share of ended jobs that completed, when a multi-job stream ended with some failed and
 * some complete (the summary bar then shows both colours); otherwise undefined.
 */
export function completedShare(state: ProgressState): number | undefined {
  const jobs = state.jobs;
  if (state.status !== 'failed' || !jobs || jobs.length === 0) return undefined;
  const completed = jobs.filter((job) => job.status === 'complete').length;
  const failed = jobs.filter((job) => job.status === 'failed').length;
  return completed > 0 && failed > 0 ? completed / (completed + failed) : undefined;
}

/** The big percent, "Step N of M", the current operation and the latest message. */
export function renderSummary(state: ProgressState, step: string, locale: string | undefined): TemplateResult {
  const operation = capMessage(state.operation);
  const message = capMessage(state.message);
  return html`<div part="summary" class="summary">
    <span part="percent" class="percent" aria-hidden="true">${state.percent === null ? '' : displayPercent(state.percent, locale)}</span>
    ${step ? html`<span part="step-count" class="step-count">${step}</span>` : nothing}
    ${operation ? html`<span part="operation" class="operation">${operation}</span>` : nothing}
    ${message && !state.operation.includes(state.message) ? html`<span part="message" class="message">${message}</span>` : nothing}
  </div>`;
}

/** The failure reason under everything else (single-job streams; job rows carry their own). */
export function renderFailure(state: ProgressState, strings: ProgressStreamStrings): TemplateResult | typeof nothing {
  if (state.status !== 'failed' || !state.error || (state.jobs && state.jobs.length > 0)) return nothing;
  return html`<p part="error" class="error">${fill(strings.failedWith, { reason: capMessage(state.error) })}</p>`;
}
