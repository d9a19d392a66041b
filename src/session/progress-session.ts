// One progress session: a stream (a client it owns, or one it is given), a reducer built from a
// mapping, and the state and connection status they produce, published at most once per frame.
// The element and the React hook are views over it; nothing here knows Lit, React or the DOM.
import type { StatusDetail, StreamErrorDetail, StreamMessage } from '../client/types.js';
import type { DiagnosticsReport } from '../mapping/diagnostics.js';
import type { MappingIssue } from '../mapping/mapping-types.js';
import type { ProgressState } from '../mapping/state.js';
import { FrameScheduler } from './frame-scheduler.js';
import { DEFAULT_CONTROL_TEXT, JobControl, type ControlAction, type ControlView } from './job-control.js';
import { mappingErrorText } from './mapping-choice.js';
import { appliedStallAfter } from './numbers.js';
import { RecentMessages } from './recent-messages.js';
import { SessionClock } from './session-clock.js';
import { SessionConnection, sourceOf } from './session-connection.js';
import { SessionHistory } from './session-history.js';
import { SessionMapping } from './session-mapping.js';
import { TimedState } from './timed-state.js';
import type { TypicalDuration } from './typical-duration.js';
import type {
  ConnectionView,
  ProgressClient,
  ProgressSessionCallbacks,
  ProgressSessionOptions,
  ProgressSessionSnapshot,
  SessionListener,
  SessionText,
} from './types.js';

const DEFAULT_TEXT: SessionText = {
  invalidMapping: 'The mapping is invalid',
  startingOver: 'The server could not resume this stream; starting over',
  invalidSource: 'The stream URL must be an http(s) URL',
  ...DEFAULT_CONTROL_TEXT,
};

export class ProgressSession {
  #options: ProgressSessionOptions = {};
  readonly #callbacks: ProgressSessionCallbacks;
  readonly #mapping = new SessionMapping();
  readonly #recent = new RecentMessages();
  readonly #connection: SessionConnection;
  #src: string | undefined;
  #closed = false;
  readonly #listeners = new Set<SessionListener>();
  readonly #frames = new FrameScheduler(() => this.#notify());
  /** Something changed since the last notification. */
  #dirty = false;
  #snapshot: ProgressSessionSnapshot;
  /** Once a second while time shows: a reconnection countdown, or a running job (stall, ETA). */
  readonly #clock = new SessionClock({
    live: () => !this.#closed && !this.#connection.suspended && this.#options.active !== false,
    counting: () => {
      const { status, retryAt } = this.connection;
      return status === 'reconnecting' && retryAt !== null && retryAt > Date.now();
    },
    timing: () => this.#listeners.size > 0 && this.#states.running,
    retime: (now) => this.#states.settle(now),
    notify: () => this.#notify(),
    schedule: () => this.#schedule(),
  });
  readonly #history = new SessionHistory(() => this.#retimed());
  /** The reducer's states and the view state made from them (see timed-state.ts). */
  readonly #states = new TimedState({
    reducer: () => this.#mapping.reducer,
    stallAfterMs: () => appliedStallAfter(this.#options.stallAfterMs),
    typical: () => this.#history.typical,
    pausedWithin: (from, to) => this.#history.pausedWithin(from, to),
  });
  readonly #control = new JobControl({
    options: () => this.#options,
    state: () => this.state,
    changed: () => this.#schedule(),
    text: () => this.text(),
  });

  constructor(options: ProgressSessionOptions, callbacks: ProgressSessionCallbacks = {}) {
    this.#callbacks = callbacks;
    this.#connection = new SessionConnection({
      options: () => this.#options,
      text: () => this.text(),
      mappingInvalid: () => this.#mapping.issues.length > 0,
      isTerminal: (message) => this.#mapping.isTerminal(message, this.#options),
      message: (message) => this.push(message),
      status: (detail) => this.#applyStatus(detail),
      error: (error) => this.#reportError(error),
      changed: () => this.#schedule(),
    });
    this.update(options);
    this.#snapshot = this.#buildSnapshot();
    this.#dirty = false;
  }

  /** The latest state (possibly not yet notified). */
  get state(): ProgressState {
    return this.#states.view;
  }

  /** What cancel/pause/resume can do now, what is pending, and the last refusal. */
  get control(): ControlView {
    return this.#control.view();
  }

  /** How long runs under `historyKey` usually take (null without a key or a recorded run). */
  get typical(): TypicalDuration | null {
    return this.#history.typical;
  }

  /** The latest connection view (possibly not yet notified). */
  get connection(): ConnectionView {
    return this.#connection.binding.connection;
  }

  get issues(): readonly MappingIssue[] {
    return this.#mapping.issues;
  }

  get awaitingCredentials(): boolean {
    return this.#connection.gate.waiting;
  }

  /** The client feeding the session: the given one, or the one it created. */
  get client(): ProgressClient | undefined {
    return this.#connection.client;
  }

  get recent(): readonly StreamMessage[] {
    return this.#recent.items;
  }

  /** What the mapping's diagnostics recorded (only while `debug` is on). */
  diagnostics(): DiagnosticsReport | undefined {
    return this.#mapping.reducer?.diagnostics();
  }

  /**
   * Applies a new set of options. Only what changed restarts anything: an equal mapping keeps
   * the state; a new `src` is a new job (fresh state, resuming nothing); `headers` and
   * `onUnauthorized` apply from the next attempt; other connection options restart the
   * connection, resuming from the last event id.
   */
  update(options: ProgressSessionOptions): void {
    if (this.#closed) return;
    const previous = this.#options;
    this.#options = options;
    this.#ensureReducer();
    if (this.#history.configure(options.historyKey, options.historyStorage)) this.#retimed();
    if (!options.debug) this.#recent.clear();
    const src = sourceOf(options);
    if (src !== this.#src) {
      const hadSource = this.#src !== undefined;
      this.#src = src;
      // A different stream is a different job: start from nothing, do not resume.
      if (hadSource) {
        this.#connection.forgetStream();
        this.reset();
      }
    }
    if (options.headers !== previous.headers || options.onUnauthorized !== previous.onUnauthorized) this.#connection.credentialsChanged();
    this.#connection.useExternal(options.client);
    this.#connection.setActive(options.active !== false);
    this.#connection.sync();
    // A reconnection shown while the view was away (not on a page yet) counts down once it is.
    this.#clock.sync();
  }

  /** Opens the stream (or re-opens it after `disconnect()`, or starts again when offline). */
  connect(): void {
    this.#connection.connect();
  }

  /** Closes the stream; the state stays. `connect()` resumes from the last event id. */
  disconnect(): void {
    this.#connection.disconnect();
  }

  /** Tries to reconnect now: skips a backoff wait, or starts again after `offline` or `closed`. */
  retry(): void {
    this.#connection.retry();
  }

  /** Asks the server (`cancelUrl`) or the app (`actions.cancel`) to cancel the job; see `control`. */
  cancel(): Promise<boolean> {
    return this.#run('cancel');
  }

  pause(): Promise<boolean> {
    return this.#run('pause');
  }

  resume(): Promise<boolean> {
    return this.#run('resume');
  }

  /** Forgets the recorded runs under `historyKey`. */
  clearHistory(): void {
    this.#history.clear();
    this.#retimed();
  }

  /** Applies one message, from the client or by hand (other transports, tests, stories). */
  push(message: StreamMessage): void {
    if (this.#options.debug) this.#recent.add(message);
    const resetEvent = this.#options.resetEvent ?? 'reset';
    if (resetEvent !== '' && message.event === resetEvent) {
      // Never mix the old job's state with what the server sends next: start over, visibly.
      const fresh = this.#mapping.initialState();
      this.#newJob();
      this.#setRaw({ ...fresh, activity: [{ seq: 1, at: Date.now(), level: 'warning', message: this.text().startingOver }] });
      return;
    }
    const reducer = this.#mapping.reducer;
    if (reducer !== undefined) {
      const before = this.#states.raw;
      let next: ProgressState;
      try {
        next = reducer(before, message);
      } catch (error) {
        // A function mapping threw: keep the last good state and say so.
        const reason = error instanceof Error ? `: ${error.message}` : '';
        this.#reportError({ kind: 'mapping', message: `The mapping failed on a "${message.event}" event${reason}`, fatal: false });
        this.#schedule();
        return;
      }
      if (next !== before) this.#setRaw(next);
      // At event time (with the typical duration blended in); time is re-read at notification.
      this.#callbacks.message?.(message, this.#states.blended(next), this.#states.blended(before));
    }
    this.#schedule();
  }

  /** Forgets the state (not the connection). */
  reset(): void {
    this.#newJob();
    this.#setRaw(this.#mapping.initialState());
    this.#recent.clear();
    this.#callbacks.reset?.();
  }

  /** Shows a connection status without a client (stories, transports without `status` events). */
  showConnection(detail: StatusDetail): void {
    this.#applyStatus(detail);
  }

  /** Final: closes the own client, stops listening, clears every timer. */
  close(): void {
    this.#connection.closeOwnClient();
    this.#connection.binding.detach();
    this.#closed = true;
    this.#frames.cancel();
    this.#clock.stop();
    this.#control.close();
    this.#listeners.clear();
  }

  /** Calls `listener` after changes, at most once per animation frame (or timer, without frames). */
  readonly subscribe = (listener: SessionListener): (() => void) => {
    this.#listeners.add(listener);
    if (this.#dirty) this.#frames.schedule(!this.#connection.suspended);
    this.#clock.sync();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#frames.cancel();
      this.#clock.sync();
    };
  };

  /** The session as of the latest notification: the same object until the next one. */
  readonly getSnapshot = (): ProgressSessionSnapshot => this.#snapshot;

  /** Notifies now if a notification is pending (e.g. before a view goes away). */
  flush(): void {
    this.#frames.flush();
  }

  // --- mapping ---------------------------------------------------------------------------------

  /** The text in use (defaults for what the view does not word itself). */
  text(): SessionText {
    return { ...DEFAULT_TEXT, ...this.#options.text };
  }

  /** Builds the reducer when what it depends on changed since it was built. */
  #ensureReducer(): void {
    const outcome = this.#mapping.update(this.#options);
    if (outcome === 'unchanged') return;
    if (outcome === 'new') this.reset();
    const { issues } = this.#mapping;
    if (issues.length > 0)
      this.#reportError({ kind: 'mapping', message: mappingErrorText(issues, this.text().invalidMapping), fatal: true });
  }

  // --- connection ------------------------------------------------------------------------------

  #applyStatus(detail: StatusDetail): void {
    const previous = this.connection.status;
    this.#connection.binding.applyStatus(detail);
    this.#callbacks.status?.(detail, previous);
    this.#schedule();
  }

  #reportError(error: StreamErrorDetail): void {
    this.#connection.binding.showError(error);
    this.#callbacks.error?.(error);
    this.#schedule();
  }

  // --- state and time --------------------------------------------------------------------------

  /** A new raw state (a message applied, a reset): history and control follow it. */
  #setRaw(next: ProgressState): void {
    this.#states.raw = next;
    // A completed run recorded: the typical duration changed (the next view state uses it).
    if (this.#history.observe(next)) this.#states.invalidate();
    this.#control.observe(next);
    this.#schedule();
  }

  /** A different job: the next run is watched from its start, and nothing is pending any more. */
  #newJob(): void {
    this.#history.reset();
    this.#control.reset();
  }

  /** The typical duration changed: the view state is made again. */
  #retimed(): void {
    this.#states.invalidate();
    this.#schedule();
  }

  #run(action: ControlAction): Promise<boolean> {
    return this.#closed ? Promise.resolve(false) : this.#control.run(action);
  }

  // --- notifications ---------------------------------------------------------------------------

  #schedule(): void {
    this.#dirty = true;
    // At once only while active: a view that is not on a page yet (an element given events
    // before it is inserted) hears of them with the next frame, once it is there to listen.
    if (this.#listeners.size > 0) this.#frames.schedule(!this.#connection.suspended);
  }

  #buildSnapshot(): ProgressSessionSnapshot {
    return {
      state: this.state,
      connection: this.connection,
      statusDetail: this.#connection.binding.statusDetail,
      issues: this.#mapping.issues,
      awaitingCredentials: this.awaitingCredentials,
      recent: [...this.#recent.items],
      client: this.client,
      role: this.client?.role,
      control: this.#control.view(),
      typical: this.#history.typical,
    };
  }

  #notify(): void {
    this.#dirty = false;
    this.#snapshot = this.#buildSnapshot();
    for (const listener of [...this.#listeners]) listener();
    this.#clock.sync();
  }
}

/** A framework-neutral progress session (see `ProgressSession`). */
export function createProgressSession(options: ProgressSessionOptions = {}, callbacks: ProgressSessionCallbacks = {}): ProgressSession {
  return new ProgressSession(options, callbacks);
}
