import { html, nothing, type TemplateResult } from 'lit';
import type { ProgressState } from '../../mapping/state.js';
import type { ConnectionView } from '../../session/types.js';
import { capMessage } from '../internal/cap-text.js';
import { fill, type ProgressStreamStrings } from '../strings.js';
import { failureText } from './summary.js';

export type IndicatorTone = 'live' | 'pending' | 'warning' | 'offline' | 'complete' | 'failed' | 'idle';

export interface IndicatorView {
  tone: IndicatorTone;
  text: string;
  /** Offer the Retry button. */
  canRetry: boolean;
}

/**
 * What the indicator says. The job's own end (complete, failed, cancelled) outranks the
 * connection, since a finished job's closed stream is not a problem to report. A paused job
 * says "Paused" where it would say "Live" (a pushed-only element's idle connection too).
 */
export function describeConnection(
  state: ProgressState,
  connection: ConnectionView,
  maxRetries: number,
  now: number,
  strings: ProgressStreamStrings,
): IndicatorView {
  if (state.status === 'complete') return { tone: 'complete', text: strings.complete, canRetry: false };
  if (state.status === 'failed') return { tone: 'failed', text: failureText(state, strings), canRetry: false };
  if (state.status === 'cancelled') return { tone: 'complete', text: strings.cancelled, canRetry: false };
  // A paused job on a live (or finished) stream says so; a connection problem still outranks it.
  const paused = state.status === 'paused';
  switch (connection.status) {
    case 'open':
      return paused ? { tone: 'idle', text: strings.paused, canRetry: false } : { tone: 'live', text: strings.live, canRetry: false };
    case 'connecting':
      return { tone: 'pending', text: strings.connecting, canRetry: false };
    case 'reconnecting': {
      const values = { attempt: connection.attempt, max: maxRetries };
      if (connection.retryAt !== null && connection.retryAt > now) {
        const seconds = Math.max(1, Math.ceil((connection.retryAt - now) / 1000));
        return { tone: 'warning', text: fill(strings.reconnectingIn, { ...values, seconds }), canRetry: true };
      }
      return { tone: 'warning', text: fill(strings.reconnecting, values), canRetry: false };
    }
    case 'offline':
      return { tone: 'offline', text: strings.offline, canRetry: true };
    case 'closed':
      return { tone: 'idle', text: paused ? strings.paused : strings.streamEnded, canRetry: false };
    case 'idle':
      return { tone: 'idle', text: paused ? strings.paused : strings.idle, canRetry: false };
  }
}

/**
 * The indicator in the header: the dot and one line of status text (cut with an ellipsis when
 * the line is too short; the whole text stays in the DOM and in its tooltip). What may come and
 * go with the connection (the reason it is down, Retry) is not here but in the notice below, so
 * that the header keeps its height and nothing under it moves when the connection drops.
 */
export function renderConnectionIndicator(view: IndicatorView): TemplateResult {
  return html`<div part="connection connection-${view.tone}" class="connection ${view.tone}">
    <span part="connection-dot" class="dot" aria-hidden="true"></span>
    <span part="connection-text" class="connection-text" title=${view.text}>${view.text}</span>
  </div>`;
}

/**
 * Why the stream is down and the Retry button, at the end of the card (where appearing and
 * going away moves nothing else); nothing when there is neither.
 */
export function renderConnectionNotice(
  view: IndicatorView,
  errorText: string | undefined,
  strings: ProgressStreamStrings,
  onRetry: () => void,
): TemplateResult | typeof nothing {
  if (!errorText && !view.canRetry) return nothing;
  return html`<div part="connection-notice" class="connection-notice ${view.tone}">
    ${errorText ? html`<span part="connection-error" class="connection-error">${capMessage(errorText)}</span>` : nothing}
    ${view.canRetry ? html`<button part="retry-button" class="retry" type="button" @click=${onRetry}>${strings.retry}</button>` : nothing}
  </div>`;
}
