import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { capMessage, capName } from '../internal/cap-text.js';
import { cssProperty } from '../internal/css-property.js';
import type { JobState } from '../../mapping/state.js';
import { fill, type ProgressStreamStrings } from '../strings.js';
import { displayPercent } from './progress-bar.js';
import { stepText } from './step-text.js';

const ICONS = { idle: '○', running: '●', paused: '‖', complete: '✓', failed: '✕', cancelled: '–' } as const;

/**
 * Multi-job streams: one compact row per job, in the order the jobs were first seen. The rows
 * share their columns (subgrid), so bars and percents line up. The key is rendered once, as
 * text; the row's bar is named by it through `aria-labelledby`, not by a copy in an attribute.
 */
export function renderJobList(jobs: readonly JobState[], locale: string | undefined, strings: ProgressStreamStrings): TemplateResult {
  // The widest percent this locale writes ("100 %" in German, with a narrow no-break space in
  // French): an invisible copy sizes the column, so "100%" never runs into the detail text.
  const widest = displayPercent(100, locale);
  return html`<ul part="jobs" class="jobs" aria-label=${strings.jobs}>
    ${repeat(
      jobs,
      (job) => job.key,
      (job, index) => {
        const detail = capMessage(
          job.status === 'failed'
            ? job.error
              ? fill(strings.failedWith, { reason: job.error })
              : strings.failed
            : job.operation || job.message,
        );
        const step = stepText(job.stepIndex, job.stepCount, strings);
        const keyId = `job-key-${index}`;
        return html`<li part="job job-${job.status}" class="job ${job.status}">
          <span part="job-icon" class="job-icon" aria-hidden="true">${ICONS[job.status]}</span>
          <span part="job-key" class="job-key" id=${keyId}>${capName(job.key)}</span>
          <span
            part="job-bar"
            class="job-bar ${job.percent === null && job.status === 'running' ? 'indeterminate' : ''}"
            role="progressbar"
            aria-labelledby=${keyId}
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow=${job.percent === null ? nothing : Math.floor(job.percent)}
          >
            <span
              class="fill"
              ${cssProperty('--_fraction', String(job.percent === null ? (job.status === 'complete' ? 1 : 0) : job.percent / 100))}
            ></span>
          </span>
          <span part="job-percent" class="job-percent"
            ><span class="job-percent-value">${job.percent === null ? '' : displayPercent(job.percent, locale)}</span
            ><span class="job-percent-sizer" aria-hidden="true">${widest}</span></span
          >
          <span part="job-detail" class="job-detail">${step ? `${step} · ` : ''}${detail}</span>
        </li>`;
      },
    )}
  </ul>`;
}
