import { html, nothing, type TemplateResult } from 'lit';
import type { ProgressState } from '../../mapping/state.js';
import { isEnded } from '../../mapping/statuses.js';
import type { TypicalDuration } from '../../session/types.js';
import { capName } from '../internal/cap-text.js';
import { formatDuration, formatDurationRange, formatNumber, formatRate } from '../internal/format.js';
import { fill, type ProgressStreamStrings } from '../strings.js';

/** Named counters with locale number formatting ("Orders 1,234"). */
export function renderMetrics(
  state: ProgressState,
  locale: string | undefined,
  strings: ProgressStreamStrings,
): TemplateResult | typeof nothing {
  const counters = Object.entries(state.metrics).filter(([, value]) => typeof value === 'number' && Number.isFinite(value));
  if (counters.length === 0) return nothing;
  return html`<dl part="metrics" class="metrics" aria-label=${strings.metrics}>
    ${counters.map(
      ([name, value]) =>
        html`<div part="metric" class="metric">
          <dt part="metric-name">${capName(name)}</dt>
          <dd part="metric-value">${formatNumber(value, locale)}</dd>
        </div>`,
    )}
  </dl>`;
}

/**
 * The timing line. Running: the rate and the ETA ("~150/s · ETA ~30 s"), or "Stalled" instead of
 * the ETA after `stall-after` without progress (a stale ETA would lie); before the first
 * progress, with past runs recorded under `history-key`, how long the job usually takes.
 * Ended: the elapsed time. Paused: nothing (the bar and the indicator say paused).
 */
export function renderTiming(
  state: ProgressState,
  locale: string | undefined,
  strings: ProgressStreamStrings,
  typical: TypicalDuration | null = null,
): TemplateResult | typeof nothing {
  const parts: TemplateResult[] = [];
  if (typical !== null && state.progressAt === null && (state.status === 'idle' || state.status === 'running')) {
    const range = formatDurationRange(typical.lowMs, typical.highMs, locale);
    if (range) parts.push(html`<span part="typical" class="typical">${fill(strings.usuallyTakes, { range })}</span>`);
  }
  if (state.status === 'running') parts.push(...runningParts(state, locale, strings));
  const end = state.completedAt ?? state.updatedAt;
  if (isEnded(state.status) && state.startedAt !== null && end !== null && end - state.startedAt >= 1000) {
    parts.push(
      html`<span part="elapsed" class="elapsed"
        >${fill(strings.elapsed, { duration: formatDuration(end - state.startedAt, locale, strings) })}</span
      >`,
    );
  }
  if (parts.length === 0) return nothing;
  // `stalled` on the line itself: compact mode keeps a stalled line (a class, not a :has() rule,
  // whose style invalidation every feed insertion would pay).
  return html`<p part="timing" class="timing ${state.stalled ? 'stalled-line' : ''}">${parts}</p>`;
}

function runningParts(state: ProgressState, locale: string | undefined, strings: ProgressStreamStrings): TemplateResult[] {
  const parts: TemplateResult[] = [];
  if (state.rate !== null && Number.isFinite(state.rate) && state.rate > 0) {
    parts.push(html`<span part="rate" class="rate">${fill(strings.rate, { rate: formatRate(state.rate, locale) })}</span>`);
  }
  if (state.stalled) {
    parts.push(html`<span part="stalled" class="stalled">${strings.stalled}</span>`);
  } else if (state.etaMs !== null && Number.isFinite(state.etaMs) && state.etaMs >= 0) {
    parts.push(html`<span part="eta" class="eta">${fill(strings.eta, { duration: formatDuration(state.etaMs, locale, strings) })}</span>`);
  }
  return parts;
}
