// The StreamClient the element creates from its attributes. URLs are resolved against the
// element's own document (an element adopted into an iframe follows the iframe's <base>), and
// every number is the applied one (see numeric-attributes.ts), so what the element shows is
// what the client does.
import { StreamClient } from '../../client/stream-client.js';
import type { HeadersProvider, StreamMessage, UnauthorizedContext } from '../../client/types.js';
import type { CredentialsGate } from './credentials-gate.js';
import type { AppliedNumbers } from './numeric-attributes.js';

export interface OwnClientSettings {
  src: string;
  statusUrl: string | undefined;
  /** The base URL relative `src` and `status-url` are resolved against. */
  base: string;
  numbers: AppliedNumbers;
  withCredentials: boolean;
  resumeId: string | undefined;
  /** Read on every attempt: the latest `headers` and `onUnauthorized` apply. */
  headers: () => HeadersProvider | undefined;
  onUnauthorized: () => ((context: UnauthorizedContext) => boolean | Promise<boolean>) | undefined;
  isTerminal: (message: StreamMessage) => boolean;
  gate: CredentialsGate;
}

/** The element's base URL: its own document's, which may not be the main page's. */
export function baseUrlOf(element: Element): string {
  return element.ownerDocument?.baseURI ?? (typeof document === 'undefined' ? 'http://localhost/' : document.baseURI);
}

/** `src` as an http(s) URL, or undefined when it is anything else. */
export function streamUrl(src: string, base: string): URL | undefined {
  try {
    const url = new URL(src, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** A URL the client can judge itself: unparsable text is passed on for it to refuse. */
function resolved(ref: string, base: string): URL | string {
  try {
    return new URL(ref, base);
  } catch {
    return ref;
  }
}

export function createOwnClient(settings: OwnClientSettings, url: URL): StreamClient {
  const { numbers, gate } = settings;
  return new StreamClient({
    url,
    headers: () => {
      gate.noteAttempt();
      const headers = settings.headers();
      return typeof headers === 'function' ? headers() : (headers ?? {});
    },
    onUnauthorized: (context) => {
      // Headers set after this request left: retry with them at once.
      if (gate.retryUnauthorized()) return true;
      const hook = settings.onUnauthorized();
      // Same rule as the client's own: a headers function gets one refresh-and-retry on 401.
      return hook ? hook(context) : typeof settings.headers() === 'function';
    },
    credentials: settings.withCredentials ? 'include' : 'same-origin',
    heartbeatTimeoutMs: numbers.heartbeatTimeoutMs,
    maxRetries: numbers.maxRetries,
    retryDelayMs: numbers.retryDelayMs,
    maxRetryDelayMs: numbers.maxRetryDelayMs,
    ...(settings.resumeId !== undefined ? { lastEventId: settings.resumeId } : {}),
    ...(settings.statusUrl ? { polling: { url: resolved(settings.statusUrl, settings.base), intervalMs: numbers.pollIntervalMs } } : {}),
    isTerminal: settings.isTerminal,
  });
}
