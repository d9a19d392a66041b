// The <progress-stream> class, without registering it: import this module to subclass the
// element or register it under another name; `progress-stream.ts` registers the tag.
import { LitElement, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { HeadersProvider, ShareRole, StatusDetail, StreamMessage, UnauthorizedContext } from '../client/types.js';
import type { Mapping, MappingFunction, PresetName } from '../mapping/index.js';
import type { ProgressState } from '../mapping/state.js';
import type { JobActions } from '../session/job-control.js';
import type { ProgressClient } from '../session/types.js';
import './events.js';
import { jsonAttribute } from './internal/mapping-attribute.js';
import { sessionOptions } from './internal/session-options.js';
import { inForeignDocument, insertStyleElements } from './internal/foreign-document-styles.js';
import { whenDocumentReady } from './internal/connect-when-ready.js';
import { appliedNumbers, numberAttribute } from './internal/numeric-attributes.js';
import { AttentionController } from './internal/attention-controller.js';
import { ControlFlow } from './internal/control-flow.js';
import { SessionController } from './internal/session-controller.js';
import { styles } from './progress-stream.styles.js';
import { announcementText } from './render/announcement-text.js';
import { renderCard } from './render/card.js';
import { renderJobControls } from './render/job-controls.js';
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
 * @fires progress-update - The state changed (at most once per animation frame; while a job runs, also once a second as time passes: ETA, Stalled). `detail`: `ProgressState`.
 * @fires connection-change - The connection status changed. `detail`: `{ status, previous, attempt, delayMs?, error? }`.
 * @fires progress-complete - The job completed (all jobs, for multi-job streams). `detail`: `ProgressState`.
 * @fires progress-failed - The job failed. `detail`: `ProgressState`.
 * @fires stream-error - The stream or the mapping reported an error. `detail`: `{ kind, message, fatal, status? }`.
 * @fires progress-cancel - The Cancel button was pressed (before the confirmation). Cancelable: `preventDefault()` leaves cancelling to the app. `detail`: `{ state }`.
 * @fires progress-pause - The Pause button was pressed. Cancelable, like `progress-cancel`. `detail`: `{ state }`.
 * @fires progress-resume - The Resume button was pressed. Cancelable, like `progress-cancel`. `detail`: `{ state }`.
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
 * @csspart controls - The row of job controls under the bar (Pause, Resume, Cancel, the confirmation, their status and error).
 * @csspart cancel-button - The Cancel button (with `cancel-url` or `actions.cancel`, while the job is queued, runs or is paused).
 * @csspart pause-button - The Pause button (with `pause-url` or `actions.pause`, while the job runs).
 * @csspart resume-button - The Resume button (with `resume-url` or `actions.resume`, while the job is paused).
 * @csspart confirm - The inline "Cancel this job?" confirmation (role="group").
 * @csspart confirm-yes - Its "Yes, cancel" button.
 * @csspart confirm-no - Its "Keep running" button.
 * @csspart control-status - "Cancelling…", "Pausing…" or "Resuming…" until the stream confirms.
 * @csspart control-error - Why a cancel, pause or resume request was refused (role="alert").
 * @csspart notify-button - With `notify`: "Notify me" while a job runs (asks for notification permission on press).
 * @csspart stalled - "Stalled" in the timing line, instead of an ETA, after `stall-after` ms without progress.
 * @csspart typical - "Usually takes 2–3 min" (with `history-key` and past runs), before the first progress.
 * @csspart step-eta - A step's own time left, for a step that reports its own percent.
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

  /** Smaller layout: one line of summary, no step messages or timing (except "Stalled"). */
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

  /** POSTed (no body, with `headers`) by the Cancel button. Shows the button while the job runs or is paused. */
  @property({ attribute: 'cancel-url' }) cancelUrl: string | undefined;

  /** POSTed by the Pause button, shown while the job runs. */
  @property({ attribute: 'pause-url' }) pauseUrl: string | undefined;

  /** POSTed by the Resume button, shown while the job is paused. */
  @property({ attribute: 'resume-url' }) resumeUrl: string | undefined;

  /** The question asked before cancelling. Unset: `strings.confirmCancel` ("Cancel this job?"); empty: none. */
  @property({ attribute: 'confirm-cancel' }) confirmCancel: string | undefined;

  /** Functions `(state) => …` that cancel, pause or resume instead of a POST (wins over the URL); a rejection is shown. */
  @property({ attribute: false }) actions: JobActions | undefined;

  /**
   * Offer "Notify me" while a job runs; when it ends in a hidden page, a notification (asked
   * for only on that button's press) and ✓ / ✗ before the document title.
   */
  @property({ type: Boolean }) notify = false;

  /** Milliseconds without progress before the element says "Stalled" instead of an ETA. Default 30000; 0 never. */
  @property({ attribute: 'stall-after', converter: numberAttribute }) stallAfter: number | undefined;

  /**
   * Keep the durations of completed runs under this key (localStorage, the last 20) to show
   * "Usually takes 2–3 min" before the first progress and to steady the early ETA.
   */
  @property({ attribute: 'history-key' }) historyKey: string | undefined;

  /** Overrides for any user-visible string. */
  @property({ attribute: false }) strings: Partial<ProgressStreamStrings> = {};

  readonly #controller = new SessionController(
    this,
    () => sessionOptions(this, { client: this.#externalClient, documentReady: this.#documentReady, strings: this.#text() }),
    (announcement) => announcementText(announcement, this.#text()),
    () => this.#text(),
  );
  readonly #controls = new ControlFlow(this, { session: () => this.#controller.session, question: () => this.#question() });
  readonly #attention = new AttentionController(this, () => {
    const strings = this.#text();
    const session = this.#controller.session;
    return {
      notify: this.notify,
      state: session.state,
      label: this.label || strings.label,
      strings,
      cancelling: session.control.pending === 'cancel',
    };
  });
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

  /** Cancels the job now (`cancel-url` or `actions.cancel`): no event, no question. True once the request was accepted. */
  cancel(): Promise<boolean> {
    this.#controller.sync();
    return this.#controller.session.cancel();
  }

  /** Pauses the job now (`pause-url` or `actions.pause`), without the `progress-pause` event. */
  pause(): Promise<boolean> {
    this.#controller.sync();
    return this.#controller.session.pause();
  }

  /** Resumes the paused job now (`resume-url` or `actions.resume`), without the `progress-resume` event. */
  resume(): Promise<boolean> {
    this.#controller.sync();
    return this.#controller.session.resume();
  }

  /** Forgets the recorded runs under `history-key` ("Usually takes …" goes until the next run). */
  clearHistory(): void {
    this.#controller.sync();
    this.#controller.session.clearHistory();
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

  // --- rendering -------------------------------------------------------------------------------

  #text(): ProgressStreamStrings {
    return { ...defaultStrings, ...this.strings };
  }

  #question(): string {
    return this.confirmCancel ?? this.#text().confirmCancel;
  }

  #locale(): string | undefined {
    const own = this.closest('[lang]')?.getAttribute('lang');
    if (own) return own;
    return typeof navigator === 'undefined' ? undefined : navigator.language;
  }

  protected override render(): TemplateResult {
    const strings = this.#text();
    const { session } = this.#controller;
    // The numeric attributes as applied: garbage ("abc", -1) gives the default, counts are whole.
    const numbers = appliedNumbers(this);
    const flow = this.#controls;
    return renderCard({
      session,
      options: this,
      strings,
      locale: this.#locale(),
      maxRetries: numbers.maxRetries,
      feedLimit: numbers.feedLimit,
      ariaPercent: this.#controller.ariaPercent,
      announcement: this.#controller.announcement,
      controls: renderJobControls({
        control: session.control,
        confirming: flow.confirming,
        question: this.#question(),
        strings,
        extra: this.#attention.renderButton(),
        onPress: (action) => flow.press(action),
        onConfirm: () => flow.confirm(),
        onKeep: () => flow.keep(),
      }),
      onRetry: () => this.retry(),
    });
  }
}
