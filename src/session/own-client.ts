// The StreamClient a session creates from its options. Every number is the applied one (see
// numbers.ts), so what a view shows is what the client does; headers and onUnauthorized are
// read on each attempt, so changing them never reconnects.
import { StreamClient } from '../client/stream-client.js';
import type { StreamClientOptions, StreamMessage } from '../client/types.js';
import type { CredentialsGate } from './credentials-gate.js';
import type { AppliedNumbers } from './numbers.js';
import type { ProgressSessionOptions } from './types.js';

/** `src` as an http(s) URL, or undefined when it is anything else. */
export function streamUrl(src: string | URL, base: string | undefined): URL | undefined {
  try {
    const url = new URL(src, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** A URL the client can judge itself: unparsable text is passed on for it to refuse. */
function resolved(ref: string, base: string | undefined): URL | string {
  try {
    return new URL(ref, base);
  } catch {
    return ref;
  }
}

/** The options that, when changed, restart the connection (resuming from the last id). */
export function connectionKey(options: ProgressSessionOptions, numbers: AppliedNumbers, base: string | undefined): string {
  const { polling } = options;
  return JSON.stringify([
    options.src === null || options.src === undefined ? undefined : String(options.src),
    base,
    numbers,
    options.credentials,
    options.statusUrl,
    polling === undefined ? undefined : [String(polling.url), polling.intervalMs, polling.event],
    options.method,
    options.persistKey,
    options.reconnectOnOnline,
    options.terminalEvents,
    options.lastEventId,
    options.share ?? false,
  ]);
}

export interface OwnClientSettings {
  url: URL;
  numbers: AppliedNumbers;
  resumeId: string | undefined;
  /** The latest options (read on every attempt). */
  latest: () => ProgressSessionOptions;
  isTerminal: (message: StreamMessage) => boolean;
  gate: CredentialsGate;
}

export function createOwnClient(settings: OwnClientSettings): StreamClient {
  const { numbers, gate, latest } = settings;
  const options = latest();
  const polling =
    options.polling ??
    (options.statusUrl ? { url: resolved(options.statusUrl, options.baseUrl), intervalMs: numbers.pollIntervalMs } : undefined);
  const init: StreamClientOptions = {
    url: settings.url,
    headers: () => {
      gate.noteAttempt();
      const headers = latest().headers;
      return typeof headers === 'function' ? headers() : (headers ?? {});
    },
    onUnauthorized: (context) => {
      // Headers set after this request left: retry with them at once.
      if (gate.retryUnauthorized()) return true;
      const { onUnauthorized, headers } = latest();
      // Same rule as the client's own: a headers function gets one refresh-and-retry on 401.
      return onUnauthorized ? onUnauthorized(context) : typeof headers === 'function';
    },
    credentials: options.credentials ?? 'same-origin',
    heartbeatTimeoutMs: numbers.heartbeatTimeoutMs,
    maxRetries: numbers.maxRetries,
    retryDelayMs: numbers.retryDelayMs,
    maxRetryDelayMs: numbers.maxRetryDelayMs,
    isTerminal: settings.isTerminal,
  };
  const resumeId = settings.resumeId ?? options.lastEventId;
  if (resumeId !== undefined) init.lastEventId = resumeId;
  if (polling !== undefined) init.polling = polling;
  if (options.body !== undefined) {
    init.body = () => {
      const body = latest().body;
      return typeof body === 'function' ? body() : (body ?? null);
    };
  }
  if (options.method !== undefined) init.method = options.method;
  if (options.persistKey !== undefined) init.persistKey = options.persistKey;
  if (options.reconnectOnOnline !== undefined) init.reconnectOnOnline = options.reconnectOnOnline;
  if (options.fetch !== undefined) init.fetch = options.fetch;
  if (options.share) init.share = options.share;
  return new StreamClient(init);
}
