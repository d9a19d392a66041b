// The <progress-stream> class, without registering it: import this module to subclass the
// element or register it under another name; `progress-stream.ts` registers the tag.
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { HeadersProvider, ShareRole, StatusDetail, StreamMessage, UnauthorizedContext } from '../client/types.js';
import type { Mapping, MappingFunction, PresetName } from '../mapping/index.js';
import type { ProgressState } from '../mapping/state.js';
import type { ProgressClient } from '../session/types.js';
import './events.js';
import { jsonAttribute } from './internal/mapping-attribute.js';
import { sessionOptions } from './internal/session-options.js';
import { inForeignDocument, insertStyleElements } from './internal/foreign-document-styles.js';
import { whenDocumentReady } from './internal/connect-when-ready.js';
import { appliedNumbers, numberAttribute, type AppliedNumbers } from './internal/numeric-attributes.js';
import { SessionController } from './internal/session-controller.js';
import { styles } from './progress-stream.styles.js';
import { announcementText } from './render/announcement-text.js';
import { renderActivityFeed } from './render/activity-feed.js';
import { describeConnection, renderConnectionIndicator, renderConnectionNotice } from './render/connection-indicator.js';
import { renderDebugPanel, type MissingPathView } from './render/debug-panel.js';
import { renderJobList } from './render/job-list.js';
import { renderMetrics, renderTiming } from './render/metrics.js';
import { renderProgressBar } from './render/progress-bar.js';
import { renderStepTimeline } from './render/step-timeline.js';
import { stepText } from './render/step-text.js';
import { completedShare, renderFailure, renderSummary } from './render/summary.js';
import { defaultStrings, type ProgressStreamStrings } from './strings.js';

/**
 * A live progress view of a server-sent-events job stream: progress bar, "Step N of M" and
 * step timeline, counters, rate and ETA, activity feed and a connection indicator with Retry.
 *
 * ```html
 * <script src="progress-stream.iife.js"></script>
 * <progress-stream src="/jobs/42/events" preset="batch-enrichment"></progress-stream>
 * ```
 *
 * @summary Turns a job-progress SSE stream into a live, accessible progress UI.
 *
 * @attr lang - Locale for numbers and times; the closest ancestor's `lang`, then the browser's, when absent.
 *
 * @fires progress-update - The state changed (at most once per animation frame). `detail`: `ProgressState`.
 * @fires connection-change - The connection status changed. `detail`: `{ status, previous, attempt, delayMs?, error? }`.
 * @fires progress-complete - The job completed (all jobs, for multi-job streams). `detail`: `ProgressState`.
 * @fires progress-failed - The job failed. `detail`: `ProgressState`.
 * @fires stream-error - The stream or the mapping reported an error. `detail`: `{ kind, message, fatal, status? }`.
 *
 * @slot title - A heading shown above the progress (defaults to the `label` text, if set).
 * @slot actions - Extra controls next to the connection indicator.
 * @slot footer - Content below everything else, e.g. a link to the results.
 *
 * @csspart base - The outer container.
 * @csspart header - The row with the title and the connection indicator.
 * @csspart title - The title text.
 * @csspart connection - The connection indicator (also `connection-live`, `connection-warning`, `connection-offline`, `connection-complete`, `connection-failed`, `connection-pending`, `connection-idle`).
 * @csspart connection-dot - The coloured status dot.
 * @csspart connection-text - The status text.
 * @csspart connection-notice - While the stream is down: the row at the end of the card with the reason and Retry.
 * @csspart connection-error - The latest connection error (in the notice).
 * @csspart retry-button - The Retry button shown when offline or waiting to reconnect (in the notice).
 * @csspart summary - The row with the big percent, step count and operation.
 * @csspart percent - The big percent number.
 * @csspart step-count - "Step N of M".
 * @csspart operation - What the job is doing now.
 * @csspart message - The latest message.
 * @csspart bar - The progress bar track (role="progressbar").
 * @csspart bar-fill - The filled part of the bar.
 * @csspart steps - The step timeline list.
 * @csspart step - One step (also `step-pending`, `step-active`, `step-complete`, `step-failed`, `step-skipped`).
 * @csspart step-icon - A step's status icon.
 * @csspart step-label - A step's label.
 * @csspart step-percent - The active step's own percent.
 * @csspart step-message - The active or failed step's message.
 * @csspart metrics - The list of named counters.
 * @csspart metric - One counter.
 * @csspart metric-name - A counter's name.
 * @csspart metric-value - A counter's value.
 * @csspart timing - The rate / ETA / elapsed line.
 * @csspart rate - Items per second.
 * @csspart eta - Estimated time remaining.
 * @csspart elapsed - Time taken, once the job ended.
 * @csspart error - The failure reason or mapping error.
 * @csspart jobs - The per-job list of a multi-job stream.
 * @csspart job - One job row (also `job-running`, `job-complete`, `job-failed`, …).
 * @csspart job-icon - A job's status icon.
 * @csspart job-key - A job's key.
 * @csspart job-bar - A job's progress bar.
 * @csspart job-percent - A job's percent.
 * @csspart job-detail - A job's step, operation or failure reason.
 * @csspart feed - The activity feed (role="log").
 * @csspart feed-entry - One feed entry (also `feed-entry-info`, `feed-entry-success`, `feed-entry-warning`, `feed-entry-error`).
 * @csspart feed-time - An entry's HH:MM:SS time.
 * @csspart feed-icon - An entry's level icon.
 * @csspart feed-message - An entry's text.
 * @csspart feed-job - Multi-job streams: the key of the job an entry is about.
 * @csspart debug - The debug panel (raw events and mapping diagnostics).
 *
 * @cssprop --ps-color-accent - Bar, active step and button colour.
 * @cssprop --ps-color-success - Complete and live colour.
 * @cssprop --ps-color-warning - Reconnecting and warning colour.
 * @cssprop --ps-color-danger - Failed and offline colour.
 * @cssprop --ps-color-text - Main text colour.
 * @cssprop --ps-color-muted - Secondary text colour.
 * @cssprop --ps-color-surface - Background.
 * @cssprop --ps-color-track - Empty bar track.
 * @cssprop --ps-color-border - Borders and separators.
 * @cssprop --ps-radius - Corner radius.
 * @cssprop --ps-spacing - Gap between sections.
 * @cssprop --ps-font-family - Font family.
 * @cssprop --ps-font-size - Base font size.
 * @cssprop --ps-percent-size - Size of the big percent.
 * @cssprop --ps-bar-height - Height of the progress bar.
 * @cssprop --ps-feed-max-height - Height of the activity feed before it scrolls.
 * @cssprop --ps-transition-duration - Bar animation duration.
 */
export class ProgressStream extends LitElement {
  static override styles = styles;

  /** The event stream URL (http or https). Tokens never go here: use the `headers` property. */
  @property({ reflect: true }) src: string | undefined;

  /** A built-in mapping for a known wire format. */
  @property({ reflect: true }) preset: PresetName | (string & {}) | undefined;

  /**
   * How server events become progress: a declarative mapping (as JSON in the attribute, or an
   * object) or a function `(state, message) => state`. A `<script type="application/json">`
   * child is read when neither this nor `preset` is set.
   */
  @property({ converter: jsonAttribute }) mapping: Mapping | MappingFunction | undefined;

  /** No byte for this many milliseconds means the connection is dead. 0 disables. Default 45000. */
  @property({ attribute: 'heartbeat-timeout', converter: numberAttribute }) heartbeatTimeout: number | undefined;

  /** Consecutive failed reconnection attempts before "Live updates unavailable". Default 10. */
  @property({ attribute: 'max-retries', converter: numberAttribute }) maxRetries: number | undefined;

  /** First reconnection delay in milliseconds (the server's `retry:` replaces it). Default 1000. */
  @property({ attribute: 'retry-delay', converter: numberAttribute }) retryDelay: number | undefined;

  /** Cap of the reconnection backoff in milliseconds. Default 30000. */
  @property({ attribute: 'max-retry-delay', converter: numberAttribute }) maxRetryDelay: number | undefined;

  /**
   * Entries kept in the activity feed. Default 50. For every numeric attribute, a value that is
   * not a finite number ≥ 0 means the default, counts are rounded down, and durations stop at
   * 2^31 − 1 ms: what is shown ("Reconnecting 1/10") is what is applied.
   */
  @property({ attribute: 'feed-limit', converter: numberAttribute }) feedLimit: number | undefined;

  /** Send cookies and HTTP auth on a cross-origin stream. */
  @property({ attribute: 'with-credentials', type: Boolean }) withCredentials = false;

  /** A JSON status URL polled while the stream is down. */
  @property({ attribute: 'status-url' }) statusUrl: string | undefined;

  /** Polling interval for `status-url` in milliseconds. Default 5000. */
  @property({ attribute: 'poll-interval', converter: numberAttribute }) pollInterval: number | undefined;

  /** Accessible name of the progress bar, also shown as the title. */
  @property() label: string | undefined;

  /** Smaller layout: one line of summary, no step messages or timing. */
  @property({ type: Boolean, reflect: true }) compact = false;

  /** Hide the activity feed. */
  @property({ attribute: 'hide-feed', type: Boolean }) hideFeed = false;

  /** Hide the step timeline ("Step N of M" stays). */
  @property({ attribute: 'hide-steps', type: Boolean }) hideSteps = false;

  /** Hide counters, rate and ETA. */
  @property({ attribute: 'hide-metrics', type: Boolean }) hideMetrics = false;

  /** Step timeline direction. A horizontal timeline too narrow for its steps (about 8em each) stacks into a column. */
  @property({ reflect: true }) orientation: 'horizontal' | 'vertical' = 'horizontal';

  /**
   * Unset (default): the page's colour scheme, so light unless the page declares
   * `color-scheme: dark` (in CSS or a `<meta name="color-scheme">`). `light` or `dark` pins it;
   * `auto` follows the operating system (`prefers-color-scheme`) whatever the page declares.
   */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' | undefined;

  /** Show raw events and mapping diagnostics (which mapped fields were missing). */
  @property({ type: Boolean, reflect: true }) debug = false;

  /**
   * The event a server sends when it cannot resume from the client's Last-Event-ID (the id is
   * unknown or too old): the element then starts over from an empty state and says so in the
   * feed, instead of mixing old and new progress. Default `reset` (what @progress-stream/core/server
   * sends); an empty value turns this off.
   */
  @property({ attribute: 'reset-event' }) resetEvent = 'reset';

  /** Do not connect on its own; wait for `connect()`. */
  @property({ type: Boolean }) manual = false;

  /**
   * Share one connection with the other `shared` elements of the same stream (`src` and
   * `with-credentials`), in this page and across the tabs of this origin (one tab holds it and
   * relays it). A late element shows the job so far; `connect()`, `disconnect()`, `retry()` stay
   * per element. Without `BroadcastChannel` or `navigator.locks`, sharing stays in the page.
   */
  @property({ type: Boolean, reflect: true }) shared = false;

  /**
   * Request headers, or a (possibly async) function asked before every connection attempt.
   * Never reflected to an attribute.
   */
  @property({ attribute: false }) headers: HeadersProvider | undefined;

  /** Called on 401; refresh credentials and return true to retry at once. */
  @property({ attribute: false }) onUnauthorized: ((context: UnauthorizedContext) => boolean | Promise<boolean>) | undefined;

  /** Overrides for any user-visible string. */
  @property({ attribute: false }) strings: Partial<ProgressStreamStrings> = {};

  readonly #controller = new SessionController(
    this,
    () => sessionOptions(this, { client: this.#externalClient, documentReady: this.#documentReady, strings: this.#text() }),
    (announcement) => announcementText(announcement, this.#text()),
  );
  #externalClient: ProgressClient | undefined;
  /** The element's document has parsed and run its deferred scripts (see connect-when-ready). */
  #documentReady = false;
  #cancelReadyWait: (() => void) | undefined;

  /** The current progress state (read-only; changes are announced by `progress-update`). */
  get state(): ProgressState {
    return this.#controller.session.state;
  }

  /**
   * The client feeding the element: the one it created from `src`, or one you set (any
   * `EventTarget` with `status`, `connect()`, `close()` that dispatches `message`, `status`
   * and `error` like `StreamClient`). A client you set is not closed by the element.
   */
  get client(): ProgressClient | undefined {
    return this.#controller.session.client;
  }

  /** With `shared`: `holder` (this tab makes the request), `follower` (another tab relays it), or `undefined`. */
  get shareRole(): ShareRole | undefined {
    return this.#controller.session.client?.role;
  }

  set client(client: ProgressClient | undefined) {
    if (client === this.#externalClient) return;
    this.#externalClient = client;
    // At once, not in the next update: the page may open the client right after setting it.
    this.#controller.sync();
    this.requestUpdate();
  }

  /** Opens the stream (or re-opens it after `disconnect()`, or starts again when offline). */
  connect(): void {
    this.#controller.sync();
    this.#controller.session.connect();
  }

  /** Closes the stream; the state stays on screen. `connect()` resumes from the last event id. */
  disconnect(): void {
    this.#controller.session.disconnect();
  }

  /** Tries to reconnect now (the Retry button). */
  retry(): void {
    this.#controller.sync();
    this.#controller.session.retry();
  }

  /** Applies one message as if it came from the stream (other transports, tests, stories). */
  push(message: StreamMessage): void {
    // Properties set just before (a new mapping) apply to this message. Without a pending update
    // nothing changed since the last one synced them: a push()-fed burst skips the work.
    if (this.isUpdatePending) this.#controller.sync();
    this.#controller.session.push(message);
  }

  /** Forgets the progress shown (the connection stays as it is). */
  reset(): void {
    this.#controller.sync();
    this.#controller.session.reset();
  }

  /**
   * Shows a connection status without a client (for stories and custom transports that do
   * not dispatch `status` events themselves).
   */
  showConnection(detail: StatusDetail): void {
    this.#controller.session.showConnection(detail);
  }

  // `lang` is a global attribute rather than a Lit property; watch it so numbers and times
  // re-format when it changes.
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.requestUpdate();
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    if (!inForeignDocument(this)) return super.createRenderRoot();
    const root = this.shadowRoot ?? this.attachShadow(ProgressStream.shadowRootOptions);
    insertStyleElements(root, styles);
    return root;
  }

  override connectedCallback(): void {
    // Moved into another document after its first render: its shared stylesheets do not follow.
    if (this.shadowRoot && inForeignDocument(this)) insertStyleElements(this.shadowRoot, styles);
    super.connectedCallback();
    // The first connection waits until the scripts after the element (which set `headers`) ran.
    this.#cancelReadyWait?.();
    this.#documentReady = false;
    this.#cancelReadyWait = whenDocumentReady(this.ownerDocument, () => {
      this.#documentReady = true;
      this.#cancelReadyWait = undefined;
      this.requestUpdate();
    });
    // Connect from the update cycle (the controller's hostUpdate), not synchronously here:
    // frameworks that are still inserting the element (React 19) must not receive
    // connection-change mid-commit.
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    // The controller closes the connection (re-adding resumes from the last id).
    super.disconnectedCallback();
    this.#cancelReadyWait?.();
    this.#cancelReadyWait = undefined;
  }

  /** The numeric attributes as applied: garbage ("abc", -1) gives the default, counts are whole. */
  #numbers(): AppliedNumbers {
    return appliedNumbers(this);
  }

  // --- rendering -------------------------------------------------------------------------------

  #text(): ProgressStreamStrings {
    return { ...defaultStrings, ...this.strings };
  }

  #locale(): string | undefined {
    const own = this.closest('[lang]')?.getAttribute('lang');
    if (own) return own;
    return typeof navigator === 'undefined' ? undefined : navigator.language;
  }

  #missingPaths(): MissingPathView[] {
    const report = this.#controller.session.diagnostics();
    if (!report) return [];
    const rows: MissingPathView[] = [];
    for (const [event, entry] of Object.entries(report)) {
      for (const [path, count] of Object.entries(entry.missing)) rows.push({ event, path, count, total: entry.count });
    }
    return rows;
  }

  protected override render(): TemplateResult {
    const strings = this.#text();
    const locale = this.#locale();
    const { session } = this.#controller;
    const state = session.state;
    const connection = session.connection;
    const indicator = session.awaitingCredentials
      ? { tone: 'pending' as const, text: strings.awaitingCredentials, canRetry: true }
      : describeConnection(state, connection, this.#numbers().maxRetries, Date.now(), strings);
    const label = this.label || strings.label;
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
        <span part="title" class="title"><slot name="title">${this.label ?? nothing}</slot></span>
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
        ariaPercent: this.#controller.ariaPercent,
        label,
        status: state.status,
        ...(step ? { valueText: step } : {}),
        ...(share !== undefined ? { completedShare: share } : {}),
      })}
      ${!this.hideSteps && state.steps.length > 0 && !this.compact ? renderStepTimeline(state.steps, this.orientation, strings) : nothing}
      ${!this.hideMetrics ? renderMetrics(state, locale, strings) : nothing}
      ${!this.hideMetrics ? renderTiming(state, locale, strings) : nothing}
      ${jobs && jobs.length > 0 ? renderJobList(jobs, locale, strings) : nothing} ${renderFailure(state, strings)}
      ${!this.hideFeed && !this.compact && state.activity.length > 0 ? renderActivityFeed(state.activity, this.#numbers().feedLimit, locale, strings) : nothing}
      ${renderConnectionNotice(indicator, connectionError, strings, () => this.retry())}
      ${this.debug ? renderDebugPanel(session.recent, this.#missingPaths(), strings) : nothing}
      <slot name="footer"></slot>
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.#controller.announcement}</div>
    </div>`;
  }
}
