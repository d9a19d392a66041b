import { html, nothing, type TemplateResult } from 'lit';
import type { ProgressState } from '../../mapping/state.js';
import { capName } from '../internal/cap-text.js';
import { formatDuration, formatNumber, formatRate } from '../internal/format.js';
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

/** Rate and ETA while running ("~150/s · ETA ~30 s"), elapsed time once ended. */
export function renderTiming(
  state: ProgressState,
  locale: string | undefined,
  strings: ProgressStreamStrings,
): TemplateResult | typeof nothing {
  const running = state.status === 'running';
  const parts: TemplateResult[] = [];
  if (running && state.rate !== null && Number.isFinite(state.rate) && state.rate > 0) {
    parts.push(html`<span part="rate" class="rate">${fill(strings.rate, { rate: formatRate(state.rate, locale) })}</span>`);
  }
  if (running && state.etaMs !== null && Number.isFinite(state.etaMs) && state.etaMs >= 0) {
    parts.push(html`<span part="eta" class="eta">${fill(strings.eta, { duration: formatDuration(state.etaMs, locale, strings) })}</span>`);
  }
  const end = state.completedAt ?? state.updatedAt;
  if (!running && state.startedAt !== null && end !== null && end - state.startedAt >= 1000) {
    parts.push(
      html`<span part="elapsed" class="elapsed"
        >${fill(strings.elapsed, { duration: formatDuration(end - state.startedAt, locale, strings) })}</span
      >`,
    );
  }
  if (parts.length === 0) return nothing;
  return html`<p part="timing" class="timing">${parts}</p>`;
}
