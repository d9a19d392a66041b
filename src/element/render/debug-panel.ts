import { html, nothing, type TemplateResult } from 'lit';
import type { StreamMessage } from '../../client/types.js';
import { fill, type ProgressStreamStrings } from '../strings.js';

/** One missing mapped path, as reported by the mapping's diagnostics. */
export interface MissingPathView {
  event: string;
  path: string;
  count: number;
  total: number;
}

/** The `debug` panel: the latest raw events and the paths the mapping looked for in vain. */
export function renderDebugPanel(
  recent: readonly StreamMessage[],
  missing: readonly MissingPathView[],
  strings: ProgressStreamStrings,
): TemplateResult {
  return html`<details part="debug" class="debug" open>
    <summary>${strings.debugDiagnostics}</summary>
    ${
      missing.length === 0
        ? nothing
        : html`<ul class="debug-missing">
            ${missing.map((m) => html`<li>${fill(strings.debugMissingPath, { path: m.path, count: m.count, total: m.total, event: m.event })}</li>`)}
          </ul>`
    }
    <p class="debug-heading">${strings.debugEvents}</p>
    <ol class="debug-events">
      ${[...recent]
        .reverse()
        .map(
          (m) => html`<li><code>${m.id === undefined ? '' : `#${m.id} `}${m.event}</code> <code class="debug-data">${m.data}</code></li>`,
        )}
    </ol>
  </details>`;
}
