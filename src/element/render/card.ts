// The element's whole template, as a function of what it shows: the class stays a list of
// properties, methods and lifecycle, and this is the one place that arranges the pieces.
import { html, nothing, type TemplateResult } from 'lit';
import type { ProgressSession } from '../../session/progress-session.js';
import type { ProgressStreamStrings } from '../strings.js';
import { renderActivityFeed } from './activity-feed.js';
import { describeConnection, renderConnectionIndicator, renderConnectionNotice } from './connection-indicator.js';
import { renderDebugPanel, type MissingPathView } from './debug-panel.js';
import { renderJobList } from './job-list.js';
import { renderMetrics, renderTiming } from './metrics.js';
import { renderProgressBar } from './progress-bar.js';
import { renderStepTimeline } from './step-timeline.js';
import { stepText } from './step-text.js';
import { completedShare, renderFailure, renderSummary } from './summary.js';

/** The element's presentation properties (the element itself satisfies this). */
export interface CardOptions {
  label: string | undefined;
  compact: boolean;
  hideFeed: boolean;
  hideSteps: boolean;
  hideMetrics: boolean;
  orientation: 'horizontal' | 'vertical';
  debug: boolean;
}

export interface CardView {
  session: ProgressSession;
  options: CardOptions;
  strings: ProgressStreamStrings;
  locale: string | undefined;
  /** Applied `max-retries` and `feed-limit` (what is shown is what is applied). */
  maxRetries: number;
  feedLimit: number;
  /** The throttled aria-valuenow and the polite region's text (session-controller.ts). */
  ariaPercent: number | null;
  announcement: string;
  /** The job controls row (render/job-controls.ts), or nothing. */
  controls: TemplateResult | typeof nothing;
  onRetry: () => void;
}

export function renderCard(view: CardView): TemplateResult {
  const { session, options, strings, locale } = view;
  const state = session.state;
  const connection = session.connection;
  const indicator = session.awaitingCredentials
    ? { tone: 'pending' as const, text: strings.awaitingCredentials, canRetry: true }
    : describeConnection(state, connection, view.maxRetries, Date.now(), strings);
  const label = options.label || strings.label;
  const step = stepText(state.stepIndex, state.stepCount, strings);
  const share = completedShare(state);
  // Why the stream is down, while it is down and the job has not ended (before the first
  // event too: "Reconnecting 1/10" alone does not say that the server answered 503).
  const connectionError =
    (connection.status === 'offline' || connection.status === 'reconnecting') &&
    connection.error &&
    (state.status === 'running' || state.status === 'idle')
      ? connection.error.message
      : undefined;
  const jobs = state.jobs;

  return html`<div part="base" class="base">
    <div part="header" class="header">
      <span part="title" class="title"><slot name="title">${options.label ?? nothing}</slot></span>
      <span class="header-end">
        ${renderConnectionIndicator(indicator)}
        <slot name="actions"></slot>
      </span>
    </div>
    ${
      session.issues.length > 0
        ? html`<div part="error" class="error" role="alert">
            ${strings.invalidMapping}
            <ul>
              ${session.issues.map((issue) => html`<li><code>${issue.path || '/'}</code> ${issue.message}</li>`)}
            </ul>
          </div>`
        : nothing
    }
    ${renderSummary(state, step, locale)}
    ${renderProgressBar({
      percent: state.percent,
      ariaPercent: view.ariaPercent,
      label,
      status: state.status,
      ...(step ? { valueText: step } : {}),
      ...(state.status === 'paused' ? { stateText: strings.paused } : {}),
      ...(share !== undefined ? { completedShare: share } : {}),
    })}
    ${view.controls}
    ${!options.hideSteps && state.steps.length > 0 && !options.compact ? renderStepTimeline(state.steps, options.orientation, strings, locale) : nothing}
    ${!options.hideMetrics ? renderMetrics(state, locale, strings) : nothing}
    ${!options.hideMetrics ? renderTiming(state, locale, strings, session.typical) : nothing}
    ${jobs && jobs.length > 0 ? renderJobList(jobs, locale, strings) : nothing} ${renderFailure(state, strings)}
    ${!options.hideFeed && !options.compact && state.activity.length > 0 ? renderActivityFeed(state.activity, view.feedLimit, locale, strings) : nothing}
    ${renderConnectionNotice(indicator, connectionError, strings, view.onRetry)}
    ${options.debug ? renderDebugPanel(session.recent, missingPaths(session), strings) : nothing}
    <slot name="footer"></slot>
    <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${view.announcement}</div>
  </div>`;
}

/** The mapping's missing paths, one row per event and path, for the debug panel. */
function missingPaths(session: ProgressSession): MissingPathView[] {
  const report = session.diagnostics();
  if (!report) return [];
  const rows: MissingPathView[] = [];
  for (const [event, entry] of Object.entries(report)) {
    for (const [path, count] of Object.entries(entry.missing)) rows.push({ event, path, count, total: entry.count });
  }
  return rows;
}
