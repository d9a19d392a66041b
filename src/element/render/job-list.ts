import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { cssProperty } from '../internal/css-property.js';
import type { JobState } from '../../mapping/state.js';
import { fill, type ProgressStreamStrings } from '../strings.js';
import { displayPercent } from './progress-bar.js';

const ICONS = { idle: '○', running: '●', complete: '✓', failed: '✕', cancelled: '–' } as const;

/** Multi-job streams: one compact row per job, in the order the jobs were first seen. */
export function renderJobList(jobs: readonly JobState[], strings: ProgressStreamStrings): TemplateResult {
  return html`<ul part="jobs" class="jobs" aria-label=${strings.jobs}>
    ${repeat(
      jobs,
      (job) => job.key,
      (job) => {
        const detail =
          job.status === 'failed' ? (job.error ? fill(strings.failedWith, { reason: job.error }) : strings.failed) : job.operation || job.message;
        const stepText =
          job.stepIndex !== null && job.stepCount !== null ? fill(strings.stepOf, { n: job.stepIndex + 1, total: job.stepCount }) : '';
        return html`<li part="job job-${job.status}" class="job ${job.status}">
          <span part="job-icon" class="job-icon" aria-hidden="true">${ICONS[job.status]}</span>
          <span part="job-key" class="job-key">${job.key}</span>
          <span
            part="job-bar"
            class="job-bar ${job.percent === null && job.status === 'running' ? 'indeterminate' : ''}"
            role="progressbar"
            aria-label=${job.key}
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow=${job.percent === null ? nothing : Math.floor(job.percent)}
          >
            <span class="fill" ${cssProperty('--_fraction', String(job.percent === null ? (job.status === 'complete' ? 1 : 0) : job.percent / 100))}></span>
          </span>
          <span part="job-percent" class="job-percent">${job.percent === null ? '' : displayPercent(job.percent)}</span>
          <span part="job-detail" class="job-detail">${stepText ? `${stepText} · ` : ''}${detail}</span>
        </li>`;
      },
    )}
  </ul>`;
}
