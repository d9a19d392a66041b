// Loaded by the first poll only (see lazy-poller.ts).
import { timerOption } from './timers.js';
import { CLIENT_DEFAULTS } from './defaults.js';
import type { RequestSender } from './request-sender.js';
import { checkHttpUrl } from './url-policy.js';
import type { PollingOptions, StreamErrorDetail, StreamMessage } from './types.js';

/** What the poller needs from its client. */
export interface PollerHost {
  /** Makes the client's requests: its headers, fetch and redirect rules. */
  sender: RequestSender;
  dispatch(message: StreamMessage): void;
  emitError(error: StreamErrorDetail): void;
  /** Whether to keep polling (the stream is still down). */
  stillDown(): boolean;
}

/**
 * Fallback polling: while the stream is down, GETs a JSON status URL every `intervalMs` and
 * dispatches what it returns as a message. A URL the client may not fetch (not http(s), or with
 * credentials) is never polled, and reported once as a non-fatal `config` error.
 */
export class StatusPoller {
  readonly #options: PollingOptions;
  readonly #host: PollerHost;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #controller: AbortController | undefined;
  #refusalReported = false;

  constructor(options: PollingOptions, host: PollerHost) {
    this.#options = options;
    this.#host = host;
  }

  start(): void {
    if (this.#timer !== undefined || this.#controller !== undefined) return;
    const checked = checkHttpUrl(this.#options.url, 'The status poll URL');
    if (!checked.ok) {
      if (!this.#refusalReported) this.#host.emitError({ kind: 'config', message: checked.message, fatal: false });
      this.#refusalReported = true;
      return;
    }
    void this.#poll(checked.url);
  }

  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#controller?.abort();
    this.#controller = undefined;
  }

  async #poll(url: URL): Promise<void> {
    this.#timer = undefined;
    const controller = new AbortController();
    this.#controller = controller;
    try {
      const headers = await this.#host.sender.headers({ accept: 'application/json' });
      if ('failure' in headers) throw new Error('No headers for the status poll');
      const response = await this.#host.sender.fetch(url, { signal: controller.signal }, headers);
      const text = await response.text();
      if (controller.signal.aborted) return;
      if (!response.ok) {
        this.#host.emitError({
          kind: 'polling',
          status: response.status,
          message: `The status poll answered HTTP ${response.status}`,
          fatal: false,
        });
      } else {
        JSON.parse(text); // only well-formed JSON reaches listeners (a parse error lands below)
        this.#host.dispatch({ event: this.#options.event ?? 'message', data: text });
      }
    } catch {
      if (controller.signal.aborted) return;
      this.#host.emitError({ kind: 'polling', message: 'The status poll failed', fatal: false });
    }
    if (this.#controller !== controller) return;
    this.#controller = undefined;
    if (this.#host.stillDown()) {
      this.#timer = setTimeout(() => void this.#poll(url), timerOption(this.#options.intervalMs, CLIENT_DEFAULTS.pollIntervalMs));
    }
  }
}
