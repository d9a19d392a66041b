// One stream shared by the clients of this tab (or Worker, or process) that opted in, and, where
// the page allows (see tab-link.ts), by the other tabs of the origin: one tab holds the real
// connection and relays it; the others follow. Every tab keeps its own members, its own history
// and its own set of applied messages, so a hand-over (the holder closed, navigated, was frozen)
// skips what was applied and resumes from the newest id any tab saw.
import { StreamClient } from '../stream-client.js';
import type { ShareRole, StatusDetail, StreamClientOptions, StreamErrorDetail, StreamMessage } from '../types.js';
import { wireEntry, wireError, wireStatus, type WireMessage } from './protocol.js';
import type { Member, SharedStreamHandle } from './share-link.js';
import { StreamLog, type LoggedMessage } from './stream-log.js';
import { pageSupport, TabLink } from './tab-link.js';

/** How long a newcomer waits for the holder's history before it asks again (no holder yet). */
const HELLO_INTERVAL_MS = 500;
const HELLO_TRIES = 10;

const isTerminalFor = (options: StreamClientOptions, message: StreamMessage): boolean =>
  (options.terminalEvents?.includes(message.event) ?? false) || (options.isTerminal?.(message) ?? false);

export class SharedStream implements SharedStreamHandle {
  /** Insertion order: the first is the oldest, whose settings the connection uses. */
  readonly #members = new Set<Member>();
  readonly #first: Member;
  readonly #onEmpty: () => void;
  readonly #log: StreamLog;
  #tabs: TabLink | undefined;
  /** Names this tab in `hello`/`history`. */
  readonly #tabId = Math.random().toString(36).slice(2);
  #detail: StatusDetail | undefined;
  #role: ShareRole | undefined;
  #connection: StreamClient | undefined;
  /** The stream was live once: a later first request is a reconnection. */
  #everOpen = false;
  /** Waiting for the holder's history: live relays wait too, so that order is kept. */
  #awaiting: { buffered: LoggedMessage[]; timer: ReturnType<typeof setTimeout> | undefined; tries: number } | undefined;
  #emptyTimer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  /**
   * The connection's latest message is terminal for a member. Judged before the members see it:
   * they close (and leave) on it, and the connection must close too, not reconnect.
   */
  #terminal = false;

  constructor(channelName: string, first: Member, onEmpty: () => void) {
    this.#first = first;
    this.#onEmpty = onEmpty;
    this.#log = new StreamLog(first.resumeId());
    const page = pageSupport();
    try {
      this.#tabs =
        page &&
        new TabLink(page, channelName, {
          granted: () => this.#holdConnection(),
          unavailable: () => this.#alone(),
          received: (message) => this.#received(message),
          suspend: () => this.#suspend(),
          resume: () => this.#join(),
        });
    } catch {
      this.#tabs = undefined; // a BroadcastChannel this page may not open
    }
    if (this.#tabs === undefined) this.#holdConnection();
    else this.#join();
  }

  join(member: Member): void {
    if (this.#emptyTimer !== undefined) clearTimeout(this.#emptyTimer);
    this.#emptyTimer = undefined;
    this.#members.add(member);
    if (this.#detail !== undefined) member.status(this.#detail);
    if (this.#role !== undefined) member.role(this.#role);
    // Shown as a fresh connection would show it: the stream so far (after its resume point).
    for (const entry of this.#log.after(member.resumeId())) {
      if (!this.#members.has(member)) return; // a terminal message closed it
      member.message(entry.m);
    }
    // A newcomer to a stream that gave up starts it again, as a fresh client would.
    if (this.#detail?.status === 'offline') this.retry();
  }

  leave(member: Member): void {
    if (!this.#members.delete(member) || this.#members.size > 0) return;
    // Closed at the next task, not now: a view that restarts its client (new options, a
    // framework's double mount) joins again at once and keeps the connection.
    this.#emptyTimer ??= setTimeout(() => {
      this.#emptyTimer = undefined;
      if (this.#members.size === 0) this.#stop();
    }, 0);
  }

  retry(): void {
    if (this.#tabs === undefined || this.#role === 'holder') this.#retryConnection();
    else this.#tabs.post({ t: 'retry' });
  }

  // --- holding the connection --------------------------------------------------------------------

  #holdConnection(): void {
    if (this.#stopped) return;
    this.#setRole('holder');
    this.#endAwaiting();
    // A stream that gave up stays given up until someone retries, whoever holds it.
    if (this.#detail?.status !== 'offline' && this.#detail?.status !== 'closed') this.#open();
  }

  #open(): void {
    this.#drop();
    const connection = new StreamClient(this.#connectionOptions());
    this.#connection = connection;
    connection.addEventListener('message', this.#onMessage);
    connection.addEventListener('status', this.#onStatus);
    connection.addEventListener('error', this.#onError);
    connection.connect();
  }

  /** The first member's settings; its `headers` and hooks are read when needed, from the oldest member present. */
  #connectionOptions(): StreamClientOptions {
    const first = this.#first.options;
    const current = (): StreamClientOptions => (this.#members.values().next().value ?? this.#first).options;
    // Not `persistKey`, `lastEventId` or `share`: the members keep their own resume points.
    const options: StreamClientOptions = {
      url: first.url,
      method: first.method,
      credentials: first.credentials,
      heartbeatTimeoutMs: first.heartbeatTimeoutMs,
      maxRetries: first.maxRetries,
      retryDelayMs: first.retryDelayMs,
      maxRetryDelayMs: first.maxRetryDelayMs,
      maxEventSize: first.maxEventSize,
      reconnectOnOnline: first.reconnectOnOnline,
      polling: first.polling,
      crossOriginRedirectHeaders: first.crossOriginRedirectHeaders,
      fetch: first.fetch,
      random: first.random,
      headers: () => {
        const headers = current().headers;
        return typeof headers === 'function' ? headers() : headers;
      },
      onUnauthorized: (context) => {
        // The client's own rule, for the member whose headers are in use.
        const { onUnauthorized, headers } = current();
        return onUnauthorized ? onUnauthorized(context) : typeof headers === 'function';
      },
      isTerminal: () => this.#terminal,
    };
    if (first.body !== undefined) {
      options.body = () => {
        const latest = current().body;
        return typeof latest === 'function' ? latest() : (latest ?? null);
      };
    }
    if (this.#log.newestId !== undefined) options.lastEventId = this.#log.newestId;
    return options;
  }

  #retryConnection(): void {
    const connection = this.#connection;
    if (connection === undefined || connection.status === 'closed') this.#open();
    else connection.retry();
  }

  /** Ends this tab's connection without telling anyone: another tab (or nobody) goes on. */
  #drop(): void {
    const connection = this.#connection;
    if (connection === undefined) return;
    this.#connection = undefined;
    connection.removeEventListener('message', this.#onMessage);
    connection.removeEventListener('status', this.#onStatus);
    connection.removeEventListener('error', this.#onError);
    connection.close();
  }

  readonly #onMessage = (event: CustomEvent<StreamMessage>): void => {
    const entry = this.#log.entryFor(event.detail);
    this.#terminal = [...this.#members].some((member) => isTerminalFor(member.options, entry.m));
    if (!this.#log.accept(entry)) return;
    this.#tabs?.post({ t: 'msg', e: wireEntry(entry) });
    this.#deliver(entry.m);
  };

  readonly #onStatus = (event: CustomEvent<StatusDetail>): void => {
    let detail = wireStatus(event.detail);
    // A new holder's first request continues a stream that was live: a reconnection.
    if (detail.status === 'connecting' && this.#everOpen)
      detail = { ...detail, status: 'reconnecting', attempt: Math.max(1, detail.attempt) };
    this.#tabs?.post({ t: 'status', d: detail });
    this.#applyStatus(detail);
  };

  readonly #onError = (event: CustomEvent<StreamErrorDetail>): void => {
    const error = wireError(event.detail);
    this.#tabs?.post({ t: 'error', e: error });
    for (const member of [...this.#members]) member.error(error);
  };

  /** No sharing across tabs after all: this tab holds its own connection. */
  #alone(): void {
    this.#tabs?.close();
    this.#tabs = undefined;
    this.#holdConnection();
  }

  // --- following another tab ---------------------------------------------------------------------

  /** Joins the tabs (again): asks for the lock, and for the stream so far. */
  #join(): void {
    this.#setRole(undefined);
    this.#awaiting = { buffered: [], timer: undefined, tries: 0 };
    this.#hello();
    this.#tabs?.requestLock();
  }

  #hello(): void {
    const awaiting = this.#awaiting;
    if (awaiting === undefined || this.#tabs === undefined) return;
    if (awaiting.tries >= HELLO_TRIES) {
      this.#endAwaiting();
      return;
    }
    awaiting.tries += 1;
    this.#tabs.post({ t: 'hello', from: this.#tabId });
    awaiting.timer = setTimeout(() => this.#hello(), HELLO_INTERVAL_MS);
  }

  /** Applies what was held back while waiting for the history. */
  #endAwaiting(): void {
    const awaiting = this.#awaiting;
    if (awaiting === undefined) return;
    this.#awaiting = undefined;
    clearTimeout(awaiting.timer);
    for (const entry of awaiting.buffered) if (this.#log.accept(entry)) this.#deliver(entry.m);
  }

  #received(message: WireMessage): void {
    if (this.#role === 'holder') {
      if (message.t === 'hello') {
        const log = this.#log.entries.map(wireEntry);
        this.#tabs?.post({ t: 'history', to: message.from, log, d: this.#detail ?? null });
      } else if (message.t === 'retry') {
        this.#retryConnection();
      } else if (message.t === 'msg') {
        // The lock and the channel keep no order between them: the previous holder's last relay
        // (the terminal event, say) can arrive after this tab was granted the lock. Apply it, or
        // this tab would miss it when the server no longer replays a finished job.
        if (this.#log.accept(message.e)) this.#deliver(message.e.m);
      }
      return;
    }
    switch (message.t) {
      case 'msg':
        this.#setRole('follower');
        if (this.#awaiting !== undefined) this.#awaiting.buffered.push(message.e);
        else if (this.#log.accept(message.e)) this.#deliver(message.e.m);
        return;
      case 'status':
        this.#setRole('follower');
        this.#applyStatus(message.d);
        return;
      case 'error':
        for (const member of [...this.#members]) member.error(message.e);
        return;
      case 'history':
        if (message.to !== this.#tabId || this.#awaiting === undefined) return;
        this.#setRole('follower');
        if (message.d !== null) this.#applyStatus(message.d);
        for (const entry of this.#log.catchUp(message.log)) this.#deliver(entry.m);
        this.#endAwaiting();
        return;
      default:
        return; // hello and retry are for the holder
    }
  }

  /** Frozen or in the back/forward cache: whoever is next takes over now, not after timeouts. */
  #suspend(): void {
    this.#drop();
    if (this.#awaiting !== undefined) clearTimeout(this.#awaiting.timer);
    this.#awaiting = undefined;
    this.#setRole('follower');
  }

  // --- this tab's members --------------------------------------------------------------------------

  #deliver(message: StreamMessage): void {
    for (const member of [...this.#members]) if (this.#members.has(member)) member.message(message);
  }

  #applyStatus(detail: StatusDetail): void {
    if (detail.status === 'open') this.#everOpen = true;
    // The history reply and a relayed status can say the same thing: an unshared client never
    // reports one status twice in a row, and neither do members.
    const last = this.#detail;
    if (last !== undefined && last.status === detail.status && last.attempt === detail.attempt && last.delayMs === detail.delayMs) return;
    this.#detail = detail;
    for (const member of [...this.#members]) if (this.#members.has(member)) member.status(detail);
  }

  #setRole(role: ShareRole | undefined): void {
    if (role === this.#role) return;
    this.#role = role;
    for (const member of [...this.#members]) member.role(role);
  }

  #stop(): void {
    this.#stopped = true;
    this.#drop();
    if (this.#awaiting !== undefined) clearTimeout(this.#awaiting.timer);
    this.#awaiting = undefined;
    this.#tabs?.close();
    this.#onEmpty();
  }
}
