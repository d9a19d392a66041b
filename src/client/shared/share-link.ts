// What every shared StreamClient carries: its membership of a shared stream. The sharing
// machinery itself (registry, connection, cross-tab relay) is imported on the first join only,
// so that a client that does not share pays nothing for it.
import type * as RegistryModule from './registry.js';
import type { ShareRole, StatusDetail, StreamClientOptions, StreamErrorDetail, StreamMessage } from '../types.js';

/** What a shared stream calls on each of its members; the member dispatches it as its own. */
export interface Member {
  readonly options: StreamClientOptions;
  /** Where the member resumes: a newcomer is replayed only what came after this id. */
  resumeId(): string | undefined;
  message(message: StreamMessage): void;
  status(detail: StatusDetail): void;
  error(error: StreamErrorDetail): void;
  role(role: ShareRole | undefined): void;
}

/** A shared stream as its members use it. */
export interface SharedStreamHandle {
  leave(member: Member): void;
  retry(): void;
}

type Registry = typeof RegistryModule;
let registry: Promise<Registry> | undefined;

export class ShareLink {
  readonly #member: Member;
  #stream: SharedStreamHandle | undefined;
  #state: 'out' | 'joining' | 'in' | 'left' = 'out';

  constructor(member: Member) {
    this.#member = member;
  }

  /** Joins the shared stream (once the sharing code is loaded). */
  join(): void {
    if (this.#state !== 'out') return;
    this.#state = 'joining';
    registry ??= import('./registry.js');
    registry.then(
      (loaded) => {
        if (this.#state !== 'joining') return; // left while loading
        this.#state = 'in';
        this.#stream = loaded.joinSharedStream(this.#member);
      },
      () => {
        // A chunk that failed to load (a deploy replaced it): try again on the next connect().
        registry = undefined;
        if (this.#state !== 'joining') return;
        this.#state = 'out';
        const error: StreamErrorDetail = { kind: 'network', message: 'The stream sharing code could not be loaded', fatal: true };
        this.#member.error(error);
        this.#member.status({ status: 'offline', previous: 'connecting', attempt: 1, error });
      },
    );
  }

  /** Final: this member is gone (the last one out closes the connection). */
  leave(): void {
    const stream = this.#stream;
    this.#state = 'left';
    this.#stream = undefined;
    stream?.leave(this.#member);
  }

  /** Asks the shared connection to retry (skip a wait, or start again after `offline`). */
  retry(): void {
    if (this.#state === 'out') this.join();
    else this.#stream?.retry();
  }
}
