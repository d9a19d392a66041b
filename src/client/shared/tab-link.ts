// How one tab takes part in a shared stream across the tabs of its origin: a BroadcastChannel
// for the relay, a Web Lock to elect the one tab that holds the connection, and the Page
// Lifecycle events that make a holder give up at once when it is frozen or put in the
// back/forward cache (a frozen holder would otherwise keep the lock, and the stream, hostage).
import { readWire, type WireMessage } from './protocol.js';

export interface TabEvents {
  /** This tab was granted the lock: it holds the connection now. */
  granted(): void;
  /** The lock cannot be had here (an opaque origin, a sandboxed frame): share within the page only. */
  unavailable(): void;
  received(message: WireMessage): void;
  /** Frozen or hidden in the back/forward cache: stop holding, stop asking. */
  suspend(): void;
  /** Back from `suspend`. */
  resume(): void;
}

interface Page {
  locks: LockManager;
  document: EventTarget;
  window: EventTarget;
}

/**
 * Where tabs can share: a page with `BroadcastChannel` and `navigator.locks`. Not in Workers:
 * a Worker cannot see its page freeze or enter the back/forward cache, so as a holder it could
 * keep the lock while it cannot run; Workers (and Node) share within themselves only.
 */
export function pageSupport(): Page | undefined {
  const scope = globalThis as unknown as {
    BroadcastChannel?: unknown;
    document?: EventTarget;
    navigator?: { locks?: LockManager };
    addEventListener?: unknown;
  };
  const locks = scope.navigator?.locks;
  if (typeof scope.BroadcastChannel !== 'function' || typeof scope.addEventListener !== 'function') return undefined;
  if (typeof scope.document?.addEventListener !== 'function' || typeof locks?.request !== 'function') return undefined;
  return { locks, document: scope.document, window: globalThis as unknown as EventTarget };
}

export class TabLink {
  readonly #page: Page;
  readonly #name: string;
  readonly #events: TabEvents;
  readonly #channel: BroadcastChannel;
  /** Cancels the queued lock request (or tells a late grant to let go). */
  #request: AbortController | undefined;
  /** Releases the lock while this tab holds it. */
  #release: (() => void) | undefined;
  #suspended = false;

  constructor(page: Page, name: string, events: TabEvents) {
    this.#page = page;
    this.#name = name;
    this.#events = events;
    this.#channel = new BroadcastChannel(name);
    this.#channel.addEventListener('message', this.#onMessage);
    page.document.addEventListener('freeze', this.#onSuspend);
    page.document.addEventListener('resume', this.#onResume);
    page.window.addEventListener('pagehide', this.#onSuspend);
    page.window.addEventListener('pageshow', this.#onPageShow);
  }

  get suspended(): boolean {
    return this.#suspended;
  }

  post(message: WireMessage): void {
    this.#channel.postMessage(message);
  }

  /** Queues for the lock; `granted` is called when this tab gets it. */
  requestLock(): void {
    if (this.#request !== undefined || this.#suspended) return;
    const request = new AbortController();
    this.#request = request;
    this.#page.locks
      .request(this.#name, { signal: request.signal }, () => {
        // Granted after this tab stopped wanting it: let go at once.
        if (request.signal.aborted) return undefined;
        return new Promise<void>((release) => {
          this.#release = release;
          this.#events.granted();
        });
      })
      .catch(() => {
        // Cancelled (AbortError) is expected; anything else means no lock for this page, ever.
        if (!request.signal.aborted) this.#events.unavailable();
      });
  }

  /** Lets go of the lock, or of the place in its queue. */
  releaseLock(): void {
    this.#request?.abort();
    this.#request = undefined;
    this.#release?.();
    this.#release = undefined;
  }

  close(): void {
    this.releaseLock();
    this.#channel.removeEventListener('message', this.#onMessage);
    this.#channel.close();
    this.#page.document.removeEventListener('freeze', this.#onSuspend);
    this.#page.document.removeEventListener('resume', this.#onResume);
    this.#page.window.removeEventListener('pagehide', this.#onSuspend);
    this.#page.window.removeEventListener('pageshow', this.#onPageShow);
  }

  readonly #onMessage = (event: MessageEvent): void => {
    if (this.#suspended) return;
    const message = readWire(event.data);
    if (message !== undefined) this.#events.received(message);
  };

  readonly #onSuspend = (): void => {
    if (this.#suspended) return;
    this.#suspended = true;
    this.#events.suspend();
    this.releaseLock();
  };

  readonly #onResume = (): void => {
    if (!this.#suspended) return;
    this.#suspended = false;
    this.#events.resume();
  };

  readonly #onPageShow = (event: Event): void => {
    if ((event as PageTransitionEvent).persisted) this.#onResume();
  };
}
