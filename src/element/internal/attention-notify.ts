// The part of `notify` that talks to the browser: the "Notify me" button and its permission
// prompt, the Notification and the page title mark when a job ends in a hidden page. Loaded by
// the first element with `notify` (see attention-controller.ts): most pages never notify.
import { nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { ProgressState } from '../../mapping/state.js';
import { renderNotifyButton } from '../render/notify-button.js';
import { fill, type ProgressStreamStrings } from '../strings.js';
import { capName, capText } from './cap-text.js';
import { markTitle } from './page-title.js';

type Host = ReactiveControllerHost & HTMLElement;

/** Notification bodies are a line or two on screen; the rest would be cut by the system anyway. */
const BODY_LIMIT = 300;

/** Numbers the elements of this page: each gets a tag of its own (see #tag). */
let elements = 0;
/** Tells this page's tags from another tab's (whose first element is numbered 1 too). Random, not secret. */
const PAGE_ID = Math.random().toString(36).slice(2, 10);

/** One element's notifications: its tag and the state of its permission prompt. */
export class Notifier {
  readonly #host: Host;
  /**
   * The notification's tag: one per element, so two elements ending do not replace each other's
   * notification (nor another tab's). A random page id and a counter: nothing from the page
   * (URLs, headers) goes to the system.
   */
  readonly #tag = `progress-stream-${PAGE_ID}-${++elements}`;
  #asking = false;
  /** Permission was granted from this element's button: it says "You will be notified". */
  #granted = false;

  constructor(host: Host) {
    this.#host = host;
  }

  /** The button while a job runs (the caller checks that) and the browser has not been asked yet. */
  renderButton(strings: ProgressStreamStrings): TemplateResult | typeof nothing {
    const api = notificationApi(this.#host.ownerDocument);
    if (api === undefined) return nothing;
    // While the prompt is open the permission may already read as answered: keep the node.
    if (this.#asking) return renderNotifyButton({ mode: 'asking', strings, onClick: ignore });
    const permission = api.permission;
    if (this.#granted && permission === 'granted') return renderNotifyButton({ mode: 'on', strings, onClick: ignore });
    if (permission !== 'default') return nothing; // denied: asking again is not possible
    return renderNotifyButton({ mode: 'ask', strings, onClick: (event) => this.#ask(event) });
  }

  /** A job this element saw running ended: a title mark and a notification, in a hidden page. */
  ended(state: ProgressState, label: string, strings: ProgressStreamStrings): void {
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
