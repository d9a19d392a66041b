// The connection half of a progress session: which client feeds it (one it creates from the
// options, or one it is given), when that client opens, restarts and closes, where it resumes,
// and the credentials gate. The session owns the state; this owns the transport.
import type { StreamClient } from '../client/stream-client.js';
import type { StatusDetail, StreamErrorDetail, StreamMessage } from '../client/types.js';
import { pageBase } from '../client/url-policy.js';
import { ClientBinding } from './client-binding.js';
import { CredentialsGate } from './credentials-gate.js';
import { appliedNumbers } from './numbers.js';
import { connectionKey, createOwnClient, streamUrl } from './own-client.js';
import type { ProgressClient, ProgressSessionOptions, SessionText } from './types.js';

/** The stream's URL as text; absent, null and '' all mean "no stream". */
export function sourceOf(options: ProgressSessionOptions): string | undefined {
  const { src } = options;
  return src === null || src === undefined || src === '' ? undefined : String(src);
}

export interface ConnectionHost {
  options(): ProgressSessionOptions;
  text(): SessionText;
  /** The mapping could not be built: no own connection. */
  mappingInvalid(): boolean;
  isTerminal(message: StreamMessage): boolean;
  message(message: StreamMessage): void;
  status(detail: StatusDetail): void;
  error(error: StreamErrorDetail): void;
  changed(): void;
}

export class SessionConnection {
  readonly binding: ClientBinding;
  readonly gate: CredentialsGate;
  readonly #host: ConnectionHost;
  #own: StreamClient | undefined;
  #external: ProgressClient | undefined;
  #connectionKey = '';
  /** The connection settings whose `src` was refused: reported once, not on every update. */
  #refusedKey: string | undefined;
  /** Where the next own connection resumes (kept across restarts of the same stream). */
  #resumeId: string | undefined;
  #wantConnected = true;
  /** `connect()` was called (what `manual` waits for). */
  #connectRequested = false;
  /** Not active (yet): the first update says whether it is. */
  suspended = true;

  constructor(host: ConnectionHost) {
    this.#host = host;
    this.gate = new CredentialsGate(() => {
      const { headers, onUnauthorized } = host.options();
      return headers !== undefined || onUnauthorized !== undefined;
    });
    this.binding = new ClientBinding({
      message: (message) => host.message(message),
      status: (detail) => host.status(detail),
      error: (error) => host.error(this.#reviseError(error)),
      role: () => host.changed(),
    });
  }

  get client(): ProgressClient | undefined {
    return this.#external ?? this.#own;
  }

  /** A different stream is a different job: it resumes nothing. */
  forgetStream(): void {
    this.closeOwnClient();
    this.#resumeId = undefined;
  }

  /** The credentials the server asked for have arrived: connect again, resuming. */
  credentialsChanged(): void {
    if (!this.gate.waiting) return;
    this.gate.reset();
    this.closeOwnClient();
  }

  useExternal(client: ProgressClient | undefined): void {
    if (client === this.#external) return;
    this.closeOwnClient();
    this.#external = client;
    if (client === undefined) {
      this.binding.detach();
      return;
    }
    // Listened to at once, even before the view is on a page: whoever set it may open it
    // right away, and its first status must not be missed. It is opened only once active.
    this.binding.attach(client, false);
    if (!this.suspended && this.#host.options().active !== false && this.#wantConnected && client.status === 'idle') client.connect();
  }

  setActive(active: boolean): void {
    if (active === !this.suspended) return;
    this.suspended = !active;
    if (active) {
      if (this.#external) this.binding.attach(this.#external, false);
      return;
    }
    // Closing keeps the resume point: becoming active again resumes from the last id.
    this.closeOwnClient();
    if (this.#external) this.binding.detach();
    this.#refusedKey = undefined;
  }

  connect(): void {
    this.#wantAgain();
    if (this.#external) this.#external.connect();
    else if (this.#own?.status === 'offline') this.#own.connect();
    else this.sync();
  }

  disconnect(): void {
    this.#wantConnected = false;
    this.#connectRequested = false;
    if (this.#external) this.#external.close();
    else this.closeOwnClient();
  }

  retry(): void {
    this.#wantAgain();
    const client = this.client;
    if (client === undefined) {
      this.sync();
    } else if (client.status === 'closed' && client === this.#own) {
      this.closeOwnClient();
      this.sync();
    } else if (typeof client.retry === 'function') {
      client.retry();
    } else {
      client.connect();
    }
  }

  /** Opens, keeps or closes the own client so that it matches the options. */
  sync(): void {
    if (this.suspended) return;
    const options = this.#host.options();
    const wanted = options.manual ? this.#connectRequested : this.#wantConnected;
    const external = this.#external;
    if (external) {
      // A client given before the view was ready starts once it is.
      if (wanted && external.status === 'idle') external.connect();
      return;
    }
    const src = sourceOf(options);
    const should = options.ready !== false && wanted && src !== undefined && !this.#host.mappingInvalid();
    const numbers = appliedNumbers(options);
    const base = options.baseUrl ?? pageBase();
    const key = connectionKey(options, numbers, base);
    // A changed option restarts the connection, resuming from the last event id.
    if (this.#own && (!should || key !== this.#connectionKey)) this.closeOwnClient();
    if (!should || this.#own || src === undefined) return;
    this.#connectionKey = key;
    const url = streamUrl(src, base);
    if (url === undefined) {
      // Reported once: reporting re-renders, and every update comes back here.
      if (this.#refusedKey === key) return;
      this.#refusedKey = key;
      this.#host.error({ kind: 'config', message: this.#host.text().invalidSource, fatal: true });
      this.#host.status({ status: 'offline', previous: this.binding.connection.status, attempt: 0 });
      return;
    }
    this.#refusedKey = undefined;
    this.gate.reset();
    const client = createOwnClient({
      url,
      numbers,
      resumeId: this.#resumeId,
      latest: () => this.#host.options(),
      isTerminal: (message) => this.#host.isTerminal(message),
      gate: this.gate,
    });
    this.#own = client;
    this.binding.attach(client, true);
    this.#host.changed();
    client.connect();
  }

  closeOwnClient(): void {
    const client = this.#own;
    if (client === undefined) return;
    this.#resumeId = client.lastEventId;
    this.#own = undefined;
    this.binding.detach();
    this.#host.changed();
  }

  #wantAgain(): void {
    this.#wantConnected = true;
    this.#connectRequested = true;
    this.#refusedKey = undefined;
    this.gate.reset();
  }

  /**
   * With `awaitCredentials`, a 401/403 to a request sent before any credentials were
   * configured is not final: the session waits for `headers`/`onUnauthorized` (or retries now
   * if they came meanwhile).
   */
  #reviseError(error: StreamErrorDetail): StreamErrorDetail {
    if (!this.#host.options().awaitCredentials || this.#own === undefined || this.binding.client !== this.#own) return error;
    const outcome = this.gate.classify(error);
    if (outcome === 'fatal') return error;
    if (outcome === 'reconnect') {
      queueMicrotask(() => {
        this.closeOwnClient();
        this.sync();
      });
    }
    return { ...error, fatal: false };
  }
}
