import type { PollerHost, StatusPoller } from './status-poller.js';
import type { PollingOptions } from './types.js';

/**
 * Fallback polling as the client drives it: `start()` while the stream is down, `stop()` once it
 * is back. The poller itself (status-poller.ts) is loaded by the first `start()`, so that a
 * client without `polling` never loads it. A chunk that fails to load is a failed poll.
 */
export class LazyPoller {
  readonly #options: PollingOptions;
  readonly #host: PollerHost;
  #poller: StatusPoller | undefined;
  #loading = false;
  /** Whether the client wants polling now (it may change while the code loads). */
  #wanted = false;

  constructor(options: PollingOptions, host: PollerHost) {
    this.#options = options;
    this.#host = host;
  }

  start(): void {
    this.#wanted = true;
    if (this.#poller) {
      this.#poller.start();
      return;
    }
    if (this.#loading) return;
    this.#loading = true;
    import('./status-poller.js').then(
      ({ StatusPoller }) => {
        this.#loading = false;
        this.#poller = new StatusPoller(this.#options, this.#host);
        if (this.#wanted) this.#poller.start();
      },
      () => {
        this.#loading = false;
        if (this.#wanted) this.#host.emitError({ kind: 'polling', message: 'The status poll failed', fatal: false });
      },
    );
  }

  stop(): void {
    this.#wanted = false;
    this.#poller?.stop();
  }
}
