// Listens to one client at a time and keeps the connection view its events describe.
import { MessageTarget, tapMessages } from '../client/message-target.js';
import type { StatusDetail, StreamErrorDetail, StreamMessage } from '../client/types.js';
import type { ConnectionView, ProgressClient } from './types.js';

export interface BindingHandlers {
  message(message: StreamMessage): void;
  status(detail: StatusDetail): void;
  error(error: StreamErrorDetail): void;
  /** A shared client's role changed. */
  role(): void;
}

const IDLE: ConnectionView = { status: 'idle', attempt: 0, retryAt: null, error: null };

export class ClientBinding {
  connection: ConnectionView = IDLE;
  /** The latest status change, as reported (null while nothing is attached). */
  statusDetail: StatusDetail | null = null;
  readonly #handlers: BindingHandlers;
  #client: ProgressClient | undefined;
  #owned = false;
  /** Stops the plain-call message path of a StreamClient (see message-target.ts). */
  #untap: (() => void) | undefined;

  constructor(handlers: BindingHandlers) {
    this.#handlers = handlers;
  }

  get client(): ProgressClient | undefined {
    return this.#client;
  }

  /** Listens to a client. `owned` clients are closed when detached. */
  attach(client: ProgressClient, owned: boolean): void {
    this.detach();
    this.#client = client;
    this.#owned = owned;
    // A StreamClient (a MessageTarget) hands its messages over by a plain call: no DOM event is
    // built for each message unless someone else listens (at high rates most of the cost).
    if (client instanceof MessageTarget) this.#untap = tapMessages(client, (message) => this.#handlers.message(message));
    else client.addEventListener('message', this.#onMessage);
    client.addEventListener('status', this.#onStatus);
    client.addEventListener('error', this.#onError);
    client.addEventListener('role', this.#onRole);
    this.connection = { status: client.status, attempt: 0, retryAt: null, error: null };
  }

  detach(): void {
    const client = this.#client;
    if (client === undefined) return;
    this.#untap?.();
    this.#untap = undefined;
    client.removeEventListener('message', this.#onMessage);
    client.removeEventListener('status', this.#onStatus);
    client.removeEventListener('error', this.#onError);
    client.removeEventListener('role', this.#onRole);
    if (this.#owned) client.close();
    this.#client = undefined;
    this.connection = IDLE;
    this.statusDetail = null;
  }

  applyStatus(detail: StatusDetail): void {
    this.statusDetail = detail;
    this.connection = {
      status: detail.status,
      attempt: detail.attempt,
      retryAt: detail.delayMs === undefined ? null : Date.now() + detail.delayMs,
      error: detail.status === 'open' ? null : (detail.error ?? this.connection.error),
    };
  }

  showError(error: StreamErrorDetail): void {
    this.connection = { ...this.connection, error };
  }

  readonly #onMessage = (event: Event): void => {
    this.#handlers.message((event as CustomEvent<StreamMessage>).detail);
  };

  readonly #onStatus = (event: Event): void => {
    this.#handlers.status((event as CustomEvent<StatusDetail>).detail);
  };

  readonly #onError = (event: Event): void => {
    this.#handlers.error((event as CustomEvent<StreamErrorDetail>).detail);
  };

  readonly #onRole = (): void => {
    this.#handlers.role();
  };
}
