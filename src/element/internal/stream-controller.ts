import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConnectionStatus, StatusDetail, StreamErrorDetail, StreamMessage } from '../../client/types.js';
import { createInitialState, type ProgressState } from '../../mapping/state.js';
import { FrameScheduler } from './frame-scheduler.js';

/** What the element needs from a transport: `StreamClient`, or any object shaped like it. */
export interface ProgressClient extends EventTarget {
  readonly status: ConnectionStatus;
  readonly lastEventId?: string | undefined;
  connect(): void;
  close(): void;
  retry?(): void;
}

export type StateReducer = ((state: ProgressState, message: StreamMessage) => ProgressState) & {
  /** A state to start from (e.g. with the mapping's declared steps pending). */
  initialState?: () => ProgressState;
};

export interface ConnectionView {
  status: ConnectionStatus;
  attempt: number;
  /** Epoch ms of the next reconnection try, while waiting for it. */
  retryAt: number | null;
  /** The latest error, cleared when the stream is live again. */
  error: StreamErrorDetail | null;
}

type Host = ReactiveControllerHost & EventTarget;

/** Something to announce in the polite status region. */
export type Announcement =
  | { key: 'live' | 'reconnecting' | 'offline' | 'complete' }
  | { key: 'failed'; reason: string }
  | { key: 'stepComplete' | 'stepFailed'; step: string };

const RECENT_LIMIT = 30;
const RECENT_DATA_LIMIT = 2000;
/** `aria-valuenow` changes at most this often, so screen readers are not flooded. */
const ARIA_INTERVAL_MS = 1000;

/**
 * Binds a client to a reducer and the host's rendering: messages go through the reducer as
 * they arrive (state is never lost), but the host re-renders and `progress-update` fires at
 * most once per animation frame. Also keeps what the accessibility layer needs: a throttled
 * percent for `aria-valuenow` and the text of the polite status region.
 */
export class StreamController implements ReactiveController {
  state: ProgressState = createInitialState();
  connection: ConnectionView = { status: 'idle', attempt: 0, retryAt: null, error: null };
  /** Text for the single polite live region. */
  announcement = '';
  /** The percent exposed as aria-valuenow (throttled). */
  ariaPercent: number | null = null;
  /**
   * The most recent raw messages, newest last, their data cut to `RECENT_DATA_LIMIT`
   * characters: kept only while `keepRecent()` says so (the debug panel is open), so that
   * large events are not held in memory for a panel nobody looks at.
   */
  readonly recent: StreamMessage[] = [];
  keepRecent: () => boolean = () => false;
  /** Set by the host: may soften a client's error before it is shown and dispatched. */
  reviseError: (error: StreamErrorDetail) => StreamErrorDetail = (error) => error;

  readonly #host: Host;
  readonly #describe: (announcement: Announcement) => string;
  readonly #frames = new FrameScheduler(() => this.#commit());
  #ariaTimer: ReturnType<typeof setTimeout> | undefined;
  #pendingAnnouncements: string[] = [];
  #reducer: StateReducer | undefined;
  #client: ProgressClient | undefined;
  #ownsClient = false;
  #committed: ProgressState = this.state;
  #ariaAt = 0;

  constructor(host: Host, describe: (announcement: Announcement) => string) {
    this.#host = host;
    this.#describe = describe;
    host.addController(this);
  }

  get client(): ProgressClient | undefined {
    return this.#client;
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.#frames.flush();
    if (this.#ariaTimer !== undefined) clearTimeout(this.#ariaTimer);
    this.#ariaTimer = undefined;
  }

  /**
   * Uses a new reducer. The state starts over unless `keepState` (the same mapping rebuilt with
   * other options), since a state built by one mapping means nothing to another.
   */
  useReducer(reducer: StateReducer | undefined, keepState = false): void {
    this.#reducer = reducer;
    if (!keepState) this.reset();
  }

  /** Forgets the state (not the connection). */
  reset(): void {
    this.state = this.#reducer?.initialState?.() ?? createInitialState();
    this.ariaPercent = null;
    this.announcement = '';
    this.recent.length = 0;
    this.#schedule();
  }

  /** Listens to a client. `owned` clients are closed when detached. */
  attach(client: ProgressClient, owned: boolean): void {
    this.detach();
    this.#client = client;
    this.#ownsClient = owned;
    client.addEventListener('message', this.#onMessage);
    client.addEventListener('status', this.#onStatus);
    client.addEventListener('error', this.#onError);
    this.connection = { status: client.status, attempt: 0, retryAt: null, error: null };
    this.#schedule();
  }

  detach(): void {
    const client = this.#client;
    if (client === undefined) return;
    client.removeEventListener('message', this.#onMessage);
    client.removeEventListener('status', this.#onStatus);
    client.removeEventListener('error', this.#onError);
    if (this.#ownsClient) client.close();
    this.#client = undefined;
    this.connection = { status: 'idle', attempt: 0, retryAt: null, error: null };
    this.#schedule();
  }

  /**
   * Set by the host: a message that says the server could not resume the stream (an unknown
   * or expired Last-Event-ID) and starts over. Returns the feed line to show, or undefined.
   */
  startsOver: ((message: StreamMessage) => string | undefined) | undefined;

  /** Applies one message, from the client or pushed by hand. */
  push(message: StreamMessage): void {
    if (this.keepRecent()) {
      const { data } = message;
      this.recent.push(data.length > RECENT_DATA_LIMIT ? { ...message, data: `${data.slice(0, RECENT_DATA_LIMIT)}…` } : message);
      if (this.recent.length > RECENT_LIMIT) this.recent.shift();
    }
    const restart = this.startsOver?.(message);
    if (restart !== undefined) {
      // Never mix the old job's state with what the server sends next: start over, visibly.
      const fresh = this.#reducer?.initialState?.() ?? createInitialState();
      this.state = { ...fresh, activity: [{ seq: 1, at: Date.now(), level: 'warning', message: restart }] };
      this.#schedule();
      return;
    }
    const reducer = this.#reducer;
    if (reducer !== undefined) {
      try {
        this.state = reducer(this.state, message);
      } catch (error) {
        // A function mapping threw: keep the last good state and say so.
        this.reportError({
          kind: 'mapping',
          message: `The mapping failed on a "${message.event}" event${error instanceof Error ? `: ${error.message}` : ''}`,
          fatal: false,
        });
      }
    }
    this.#schedule();
  }

  /** Dispatches `stream-error` and shows the error. */
  reportError(error: StreamErrorDetail): void {
    this.connection = { ...this.connection, error };
    this.#dispatch('stream-error', error);
    this.#schedule();
  }

  /** Sets the connection view directly (used when no client is attached, e.g. in stories). */
  setConnection(detail: StatusDetail): void {
    this.#applyStatus(detail);
  }

  readonly #onMessage = (event: Event): void => {
    this.push((event as CustomEvent<StreamMessage>).detail);
  };

  readonly #onStatus = (event: Event): void => {
    this.#applyStatus((event as CustomEvent<StatusDetail>).detail);
  };

  readonly #onError = (event: Event): void => {
    this.reportError(this.reviseError((event as CustomEvent<StreamErrorDetail>).detail));
  };

  #applyStatus(detail: StatusDetail): void {
    const previous = this.connection.status;
    this.connection = {
      status: detail.status,
      attempt: detail.attempt,
      retryAt: detail.delayMs === undefined ? null : Date.now() + detail.delayMs,
      error: detail.status === 'open' ? null : (detail.error ?? this.connection.error),
    };
    this.#dispatch('connection-change', detail);
    if (detail.status !== previous) {
      if (detail.status === 'open' && previous === 'reconnecting') this.#announce({ key: 'live' });
      else if (detail.status === 'reconnecting' && previous === 'open') this.#announce({ key: 'reconnecting' });
      else if (detail.status === 'offline') this.#announce({ key: 'offline' });
    }
    this.#schedule();
  }

  #announce(announcement: Announcement): void {
    this.#pendingAnnouncements.push(this.#describe(announcement));
  }

  #schedule(): void {
    this.#frames.schedule();
  }

  #commit(): void {
    const previous = this.#committed;
    const state = this.state;
    if (state !== previous) {
      this.#committed = state;
      this.#announceSteps(previous, state);
      this.#dispatch('progress-update', state);
      if (state.status !== previous.status) {
        if (state.status === 'complete') {
          this.#announce({ key: 'complete' });
          this.#dispatch('progress-complete', state);
        } else if (state.status === 'failed') {
          this.#announce({ key: 'failed', reason: state.error ?? '' });
          this.#dispatch('progress-failed', state);
        }
      }
    }
    this.#updateAria(state);
    if (this.#pendingAnnouncements.length > 0) {
      // One region, one message per frame: several changes in one frame are read together.
      this.announcement = this.#pendingAnnouncements.join('. ');
      this.#pendingAnnouncements = [];
    }
    this.#host.requestUpdate();
  }

  #announceSteps(previous: ProgressState, state: ProgressState): void {
    if (state.steps === previous.steps) return;
    const before = new Map(previous.steps.map((s) => [s.id, s.status]));
    for (const step of state.steps) {
      const was = before.get(step.id);
      if (step.status === was) continue;
      if (step.status === 'complete') this.#announce({ key: 'stepComplete', step: step.label });
      else if (step.status === 'failed') this.#announce({ key: 'stepFailed', step: step.label });
    }
  }

  #updateAria(state: ProgressState): void {
    const rounded = state.percent === null ? null : Math.round(state.percent);
    if (rounded === this.ariaPercent) return;
    const now = Date.now();
    const ended = state.status === 'complete' || state.status === 'failed' || state.status === 'cancelled';
    const wait = ARIA_INTERVAL_MS - (now - this.#ariaAt);
    if (ended || rounded === null || this.ariaPercent === null || wait <= 0) {
      this.ariaPercent = rounded;
      this.#ariaAt = now;
    } else if (this.#ariaTimer === undefined) {
      // Catch up once the interval has passed, even if no further event arrives.
      this.#ariaTimer = setTimeout(() => {
        this.#ariaTimer = undefined;
        this.#frames.schedule();
      }, wait);
    }
  }

  #dispatch(type: string, detail: unknown): void {
    this.#host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}
