// `notify`: getting someone's attention back when a job ends while they look elsewhere. A
// Notification (permission asked only from the "Notify me" button, i.e. on a user gesture,
// never on load) and a ✓ / ✗ prefix on the page title until the page is visible again.
import { nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { ProgressState } from '../../mapping/state.js';
import { isEnded } from '../../mapping/statuses.js';
import { renderNotifyButton } from '../render/notify-button.js';
import { fill, type ProgressStreamStrings } from '../strings.js';
import { capName, capText } from './cap-text.js';
import { markTitle } from './page-title.js';

export interface AttentionInput {
  notify: boolean;
  state: ProgressState;
  /** The element's label (the notification's title names it). */
  label: string;
  strings: ProgressStreamStrings;
}

type Host = ReactiveControllerHost & HTMLElement;

/** Notification bodies are a line or two on screen; the rest would be cut by the system anyway. */
const BODY_LIMIT = 300;

/** Numbers the elements of this page: each gets a tag of its own (see #tag). */
let elements = 0;

export class AttentionController implements ReactiveController {
  readonly #host: Host;
  readonly #read: () => AttentionInput;
  /**
   * The notification's tag: one per element, so two elements ending do not replace each other's
   * notification. Only a counter: nothing from the page (URLs, headers) goes to the system.
   */
  readonly #tag = `progress-stream-${++elements}`;
  /**
   * The job was seen running (or paused) since the element connected: its end is news. A job
   * that had already ended when the element connected (replayed history) never arms it.
   */
  #armed = false;
  #asking = false;
  /** Permission was granted from this element's button: it says "You will be notified". */
  #granted = false;

  constructor(host: Host, read: () => AttentionInput) {
    this.#host = host;
    this.#read = read;
    host.addController(this);
  }

  hostConnected(): void {
    this.#armed = false;
  }

  hostUpdated(): void {
    const { notify, state, label, strings } = this.#read();
    if (isActive(state)) {
      this.#armed = true;
      return;
    }
    if (!isEnded(state.status)) {
      this.#armed = false; // reset to idle: the next job arms it again
      return;
    }
    if (!this.#armed) return;
    this.#armed = false;
    if (notify) this.#ended(state, label, strings);
  }

  /** The "Notify me" button while a job runs and the browser has not been asked yet; else nothing. */
  renderButton(): TemplateResult | typeof nothing {
    const { notify, state, strings } = this.#read();
    const api = notificationApi(this.#host.ownerDocument);
    if (!notify || !isActive(state) || api === undefined) return nothing;
    // While the prompt is open the permission may already read as answered: keep the node.
    if (this.#asking) return renderNotifyButton({ mode: 'asking', strings, onClick: ignore });
    const permission = api.permission;
    if (this.#granted && permission === 'granted') return renderNotifyButton({ mode: 'on', strings, onClick: ignore });
    if (permission !== 'default') return nothing; // denied: asking again is not possible
    return renderNotifyButton({ mode: 'ask', strings, onClick: (event) => this.#ask(event) });
  }

  #ask(event: MouseEvent): void {
    const api = notificationApi(this.#host.ownerDocument);
    // Only a person's click (or Enter / Space on the button) asks: never a script's click().
    if (!event.isTrusted || api === undefined || api.permission !== 'default') return;
    this.#asking = true;
    this.#host.requestUpdate();
    // Called synchronously in the click handler: the browser ties the prompt to the gesture.
    void requestPermission(api)
      .then((permission) => {
        this.#granted = permission === 'granted';
      })
      .finally(() => {
        this.#asking = false;
        this.#host.requestUpdate();
      });
  }

  #ended(state: ProgressState, label: string, strings: ProgressStreamStrings): void {
    const doc = this.#host.ownerDocument;
    if (doc.visibilityState !== 'hidden') return;
    markTitle(doc, state.status === 'complete' ? 'complete' : 'failed');
    const api = notificationApi(doc);
    if (api === undefined || api.permission !== 'granted') return;
    const template =
      state.status === 'complete' ? strings.notifyComplete : state.status === 'failed' ? strings.notifyFailed : strings.notifyCancelled;
    const reason = state.status === 'failed' && state.error ? state.error : state.message;
    try {
      const notification = new api(fill(template, { label: capName(label) }), { body: capText(reason, BODY_LIMIT), tag: this.#tag });
      notification.onclick = () => {
        doc.defaultView?.focus();
        notification.close();
      };
    } catch {
      // Some browsers (Chrome on Android) only show notifications from a service worker.
    }
  }
}

function isActive(state: ProgressState): boolean {
  return state.status === 'running' || state.status === 'paused';
}

function ignore(): void {}

/** The page's Notification class, if it has one (old browsers, some webviews do not). */
function notificationApi(doc: Document): typeof Notification | undefined {
  const view = (doc.defaultView ?? globalThis) as { Notification?: typeof Notification };
  return typeof view.Notification === 'function' ? view.Notification : undefined;
}

/**
 * The answer. Browsers from before the promise form (Safari < 15) return nothing: the prompt
 * still shows, and the button follows `Notification.permission` at its next render.
 */
async function requestPermission(api: typeof Notification): Promise<NotificationPermission> {
  try {
    return (await (api.requestPermission() as Promise<NotificationPermission> | undefined)) ?? api.permission;
  } catch {
    return api.permission;
  }
}
