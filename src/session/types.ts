// The shapes a progress session takes and gives: its options, its snapshot, its callbacks.
import type {
  ConnectionStatus,
  HeadersProvider,
  PollingOptions,
  ShareRole,
  StatusDetail,
  StreamClientOptions,
  StreamErrorDetail,
  StreamMessage,
  UnauthorizedContext,
} from '../client/types.js';
import type { MappingIssue } from '../mapping/mapping-types.js';
import type { ProgressState } from '../mapping/state.js';
import type { ControlView, JobActions } from './job-control.js';
import type { MappingChoice } from './mapping-choice.js';
import type { NumericOptions } from './numbers.js';
import type { HistoryStorage } from './run-history.js';
import type { TypicalDuration } from './typical-duration.js';

export type { ControlAction, ControlError, ControlView, JobActions } from './job-control.js';
export type { HistoryStorage } from './run-history.js';
export type { TypicalDuration } from './typical-duration.js';

/** What a session needs from a transport: `StreamClient`, or any object shaped like it. */
export interface ProgressClient extends EventTarget {
  readonly status: ConnectionStatus;
  readonly lastEventId?: string | undefined;
  connect(): void;
  close(): void;
  retry?(): void;
  /** A shared client's place: `holder` (this tab makes the request) or `follower` (see `share`). */
  readonly role?: ShareRole | undefined;
}

export interface ConnectionView {
  status: ConnectionStatus;
  attempt: number;
  /** Epoch ms of the next reconnection try, while waiting for it. */
  retryAt: number | null;
  /** The latest error, cleared when the stream is live again. */
  error: StreamErrorDetail | null;
}

/** User-visible text the session produces (a view passes its localised strings). */
export interface SessionText {
  /** Prefix of the error reported for a mapping that cannot be built. */
  invalidMapping: string;
  /** The feed line shown when the server starts the stream over (see `resetEvent`). */
  startingOver: string;
  /** The error reported for a `src` that is not an http(s) URL. */
  invalidSource: string;
  /** The start of a refused cancel's error ("Could not cancel: HTTP 500 …"). */
  cancelFailed: string;
  pauseFailed: string;
  resumeFailed: string;
  /** The reason given when the stream did not confirm an accepted request within 30 s. */
  notConfirmed: string;
}

/**
 * Everything a session runs on. `update()` takes the whole set each time (like a view's props):
 * an option left out goes back to its default.
 */
export interface ProgressSessionOptions
  extends
    NumericOptions,
    Pick<
      StreamClientOptions,
      'method' | 'body' | 'persistKey' | 'reconnectOnOnline' | 'fetch' | 'terminalEvents' | 'isTerminal' | 'share'
    > {
  /** The event stream (http or https). Absent: no own connection. */
  src?: string | URL | null | undefined;
  /** What a relative `src` or `statusUrl` is resolved against. Default: the page's URL. */
  baseUrl?: string | undefined;
  /** How events become progress. Default `step-percent`. */
  mapping?: MappingChoice | undefined;
  /** A client to listen to instead of creating one (never closed by the session). */
  client?: ProgressClient | undefined;
  /** Read on every attempt: the latest value applies from the next one, without reconnecting. */
  headers?: HeadersProvider | undefined;
  /** Called on 401 (read when it happens, like `headers`). */
  onUnauthorized?: ((context: UnauthorizedContext) => boolean | Promise<boolean>) | undefined;
  credentials?: RequestCredentials | undefined;
  /** A JSON status URL polled while the stream is down (every `pollIntervalMs`). */
  statusUrl?: string | undefined;
  /** Full polling options (wins over `statusUrl`). */
  polling?: PollingOptions | undefined;
  /** The resume point of the first connection. */
  lastEventId?: string | undefined;
  /** Keep the recent raw messages and the mapping's diagnostics (for a debug panel). */
  debug?: boolean | undefined;
  /** The event that says the server cannot resume and starts over. Default `reset`; '' turns it off. */
  resetEvent?: string | undefined;
  /** Do not connect until `connect()` is called. */
  manual?: boolean | undefined;
  /** False holds the own connection back (closed if open, resuming later). Default true. */
  ready?: boolean | undefined;
  /** False suspends everything: own client closed (resumable), external client no longer listened to. Default true. */
  active?: boolean | undefined;
  /**
   * A 401/403 to a request sent before any `headers`/`onUnauthorized` existed waits for them
   * instead of being final. Default false.
   */
  awaitCredentials?: boolean | undefined;
  /**
   * A running job without progress for this long is `stalled` (its ETA then null). Default
   * 30000; 0 = never. Garbage (NaN, negative) is the default, as for the other durations.
   */
  stallAfterMs?: number | undefined;
  /**
   * Where the durations of completed runs are kept (`progress-stream:history:<key>`): they make
   * `typical` and the early ETA. Absent or '': no history.
   */
  historyKey?: string | undefined;
  /** The storage for `historyKey`. Default: `localStorage` when usable; null: none. */
  historyStorage?: HistoryStorage | null | undefined;
  /** POSTed (with `headers` and `credentials`, no body) by `cancel()`; resolved against `baseUrl`. */
  cancelUrl?: string | URL | undefined;
  pauseUrl?: string | URL | undefined;
  resumeUrl?: string | URL | undefined;
  /** The app's own cancel/pause/resume (a function wins over the URL). */
  actions?: JobActions | undefined;
  text?: Partial<SessionText> | undefined;
}

/** What the session looks like at its latest notification (stable between notifications). */
export interface ProgressSessionSnapshot {
  readonly state: ProgressState;
  readonly connection: ConnectionView;
  /** The latest status change, as the client reported it. */
  readonly statusDetail: StatusDetail | null;
  /** Why the mapping could not be built (empty when it could). */
  readonly issues: readonly MappingIssue[];
  /** A 401/403 came before credentials were set: waiting for them (see `awaitCredentials`). */
  readonly awaitingCredentials: boolean;
  /** The most recent raw messages (only while `debug` is on), newest last. */
  readonly recent: readonly StreamMessage[];
  readonly client: ProgressClient | undefined;
  /** With `share`: whether this tab holds the shared connection or follows another tab's. */
  readonly role: ShareRole | undefined;
  /** What cancel/pause/resume can do now, what is pending, the last refusal. */
  readonly control: ControlView;
  /** How long runs under `historyKey` usually take (null without a key or any recorded run). */
  readonly typical: TypicalDuration | null;
}

/** Called at once, as things happen (not coalesced). */
export interface ProgressSessionCallbacks {
  /** A message was applied (`state` is the state after it). */
  message?(message: StreamMessage, state: ProgressState, previous: ProgressState): void;
  /** The connection status changed (`previous`: the status the session showed before). */
  status?(detail: StatusDetail, previous: ConnectionStatus): void;
  /** The client or the mapping reported an error. */
  error?(detail: StreamErrorDetail): void;
  /** The state was forgotten (new stream, new mapping, `reset()`), not a server's reset event. */
  reset?(): void;
}

export type SessionListener = () => void;
