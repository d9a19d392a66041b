// `notify`: getting someone's attention back when a job ends while they look elsewhere. A
// Notification (permission asked only from the "Notify me" button, i.e. on a user gesture,
// never on load) and a ✓ / ✗ prefix on the page title until the page is visible again.
//
// This part only follows the job (which end is news, see #armed) and is always there; the
// browser-facing part (attention-notify.ts) is loaded by the first element with `notify`, so the
// button appears one update after the code does, and an end seen before that waits for it.
import { nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { ProgressState } from '../../mapping/state.js';
import { isEnded } from '../../mapping/statuses.js';
import type { ProgressStreamStrings } from '../strings.js';
import type * as AttentionNotify from './attention-notify.js';

export interface AttentionInput {
  notify: boolean;
  state: ProgressState;
  /** The element's label (the notification's title names it). */
  label: string;
  /** A cancel asked for on this page (button, `cancel()` or `actions`) is waiting for the stream. */
  cancelling: boolean;
  strings: ProgressStreamStrings;
}

type Host = ReactiveControllerHost & HTMLElement;

/** How long a job must have been seen running for its end to be news (not a replay). */
export const MIN_WATCHED_MS = 1000;
type NotifyCode = typeof AttentionNotify;

/** The notification code once loaded (shared by the page's elements), and its loading. */
let loaded: NotifyCode | undefined;
let loading: Promise<NotifyCode> | undefined;

function loadNotifyCode(): Promise<NotifyCode> {
  if (loading === undefined) {
    loading = import('./attention-notify.js').then((code) => (loaded = code));
    loading.catch(() => (loading = undefined)); // the next update tries again
  }
  return loading;
}

export class AttentionController implements ReactiveController {
  readonly #host: Host;
  readonly #read: () => AttentionInput;
  /**
   * When the job was first seen running (or paused) since the element connected. Its end is
   * news only if it was watched running for MIN_WATCHED_MS: a job that had already ended when
   * the element connected never arms it, and neither does a finished job's history replayed in
   * a few chunks (running, then ended, within moments).
   */
  #activeSince: number | undefined;
  /**
   * This page asked to cancel the job being watched: its cancellation is what the person asked
   * for, not news to call them back for (a failure or a completion still is).
   */
  #cancelAsked = false;
  #notifier: AttentionNotify.Notifier | undefined;
  /** This element waits for the code to render its button. */
  #waiting = false;

  constructor(host: Host, read: () => AttentionInput) {
    this.#host = host;
    this.#read = read;
    host.addController(this);
  }

  hostConnected(): void {
    this.#activeSince = undefined;
    this.#cancelAsked = false;
  }

  hostUpdated(): void {
    const { notify, state, label, strings, cancelling } = this.#read();
    if (isActive(state)) {
      this.#activeSince ??= Date.now();
      if (cancelling) this.#cancelAsked = true;
      return;
    }
    const since = this.#activeSince;
    const asked = this.#cancelAsked || cancelling;
    this.#activeSince = undefined; // ended or back to idle: the next job arms it again
    this.#cancelAsked = false;
    if (!isEnded(state.status) || since === undefined || Date.now() - since < MIN_WATCHED_MS) return;
    if (!notify || (state.status === 'cancelled' && asked)) return;
    const notifier = this.#loadedNotifier();
    if (notifier !== undefined) notifier.ended(state, label, strings);
    else void loadNotifyCode().then((code) => this.#notifierOf(code).ended(state, label, strings), ignore);
  }

  /** The "Notify me" button while a job runs and the browser has not been asked yet; else nothing. */
  renderButton(): TemplateResult | typeof nothing {
    const { notify, state, strings } = this.#read();
    if (!notify) return nothing;
    const notifier = this.#loadedNotifier();
    if (notifier === undefined) {
      this.#await();
      return nothing;
    }
    return isActive(state) ? notifier.renderButton(strings) : nothing;
  }

  #loadedNotifier(): AttentionNotify.Notifier | undefined {
    return loaded === undefined ? undefined : this.#notifierOf(loaded);
  }

  #notifierOf(code: NotifyCode): AttentionNotify.Notifier {
    return (this.#notifier ??= new code.Notifier(this.#host));
  }

  /** Renders again once the code is there (asked for by the first render with `notify`). */
  #await(): void {
    if (this.#waiting) return;
    this.#waiting = true;
    void loadNotifyCode()
      .then(() => this.#host.requestUpdate(), ignore)
      .finally(() => (this.#waiting = false));
  }
}

function isActive(state: ProgressState): boolean {
  return state.status === 'running' || state.status === 'paused';
}

function ignore(): void {}
