// Cancel, pause and resume of the job a session shows: an app's own function, or a POST to a
// URL with the stream's headers. One request at a time; "Cancelling…" lasts until the stream
// itself says the job is cancelled, because a 2xx only means the server took the request.
import type { CredentialsMode, HeadersProvider } from '../client/types.js';
import type { ProgressState } from '../mapping/state.js';
import type * as JobRequest from './job-request.js';
import type { SessionText } from './types.js';

export type ControlAction = 'cancel' | 'pause' | 'resume';

/**
 * An app's own way to control the job (wins over the URLs). Each gets the current state; what
 * it returns is awaited: a resolved promise is an accepted request, a throw or a rejection is
 * the error shown (its message).
 */
export interface JobActions {
  cancel?(state: ProgressState): unknown;
  pause?(state: ProgressState): unknown;
  resume?(state: ProgressState): unknown;
}

export interface ControlError {
  action: ControlAction;
  /** "Could not cancel: HTTP 500 Internal Server Error". Server or app text: render it as text. */
  message: string;
  /** The HTTP status of a refused request. */
  status?: number;
}

export interface ControlView {
  /** What can be asked for now: all false while a request is pending, or once the job ended. */
  available: { cancel: boolean; pause: boolean; resume: boolean };
  /** Asked for and not yet confirmed by the stream. */
  pending: ControlAction | null;
  /** The latest refused request (cleared by the next one, or a new job). */
  error: ControlError | null;
}

/** What the control reads of the session's options (`ProgressSessionOptions` has them all). */
export interface ControlOptions {
  cancelUrl?: string | URL | undefined;
  pauseUrl?: string | URL | undefined;
  resumeUrl?: string | URL | undefined;
  actions?: JobActions | undefined;
  headers?: HeadersProvider | undefined;
  credentials?: CredentialsMode | undefined;
  fetch?: typeof fetch | undefined;
  baseUrl?: string | undefined;
}

/** The session texts the control uses; defaults for the ones a view does not give. */
export interface ControlText {
  cancelFailed: string;
  pauseFailed: string;
  resumeFailed: string;
  notConfirmed: string;
}

export const DEFAULT_CONTROL_TEXT: ControlText = {
  cancelFailed: 'Could not cancel',
  pauseFailed: 'Could not pause',
  resumeFailed: 'Could not resume',
  notConfirmed: 'The server did not confirm',
};

export interface JobControlEnv {
  options: () => ControlOptions;
  state: () => ProgressState;
  /** The view changed: the session schedules a notification. */
  changed: () => void;
  text: () => SessionText;
  /** How long a request, then its confirmation by the stream, may take. Tests shorten it. */
  confirmTimeoutMs?: number;
}

/** Default wait for an answer, and then for the stream to confirm. */
export const CONFIRM_TIMEOUT_MS = 30_000;
/** Error reasons are cut here: a server or an app may put a whole page in one. */
const REASON_LIMIT = 300;
const URL_OPTION = { cancel: 'cancelUrl', pause: 'pauseUrl', resume: 'resumeUrl' } as const;

/** What became of a request: accepted, or refused with a reason (any value: see reasonOf). */
export type Outcome = { ok: true } | { ok: false; reason: unknown; status?: number };

/**
 * The POST to a control URL (job-request.ts) is loaded by the first request that needs one:
 * most pages never cancel anything, and an app's own `actions` never need it. A chunk that
 * fails to load fails that request as the network would; the next one tries again.
 */
let requestCode: Promise<typeof JobRequest> | undefined;
function loadRequestCode(): Promise<typeof JobRequest> {
  const loading = (requestCode ??= import('./job-request.js'));
  loading.catch(() => (requestCode = undefined));
  return loading;
}

/**
 * The stream told of a job that has not started (a `queued` or `pending` status maps to idle):
 * it can be cancelled before it runs. A fresh state (no event yet, or after a reset) has no job
 * to cancel.
 */
function isQueued(state: ProgressState): boolean {
  return state.status === 'idle' && state.updatedAt !== null;
}

/** Whether the stream shows that `action` took effect (or made it moot: the job ended). */
export function isConfirmed(action: ControlAction, state: ProgressState): boolean {
  const status: string = state.status;
  if (status === 'complete' || status === 'failed' || status === 'cancelled') return true;
  if (action === 'pause') return status === 'paused';
  if (action === 'resume') return status === 'running';
  return false;
}

/** An error's text, without trusting its shape: anything can be thrown. */
function reasonOf(error: unknown): string {
  let text = '';
  if (error instanceof Error) text = error.message;
  else if (typeof error === 'string') text = error;
  text = String(text).trim();
  return text.length > REASON_LIMIT ? `${text.slice(0, REASON_LIMIT - 1)}…` : text;
}

function sameAvailable(a: ControlView['available'], b: ControlView['available']): boolean {
  return a.cancel === b.cancel && a.pause === b.pause && a.resume === b.resume;
}

export class JobControl {
  readonly #env: JobControlEnv;
  #pending: ControlAction | null = null;
  /** The request was accepted: only the stream's confirmation is awaited. */
  #accepted = false;
  #error: ControlError | null = null;
  #view: ControlView | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #request: AbortController | undefined;
  /** Bumped by reset, close and the timeout: an answer for an older run is ignored. */
  #run = 0;

  constructor(env: JobControlEnv) {
    this.#env = env;
  }

  /** The same object until something in it changes. */
  view(): ControlView {
    const available = this.#available();
    const view = this.#view;
    if (view && view.pending === this.#pending && view.error === this.#error && sameAvailable(view.available, available)) return view;
    return (this.#view = { available, pending: this.#pending, error: this.#error });
  }

  /**
   * Asks for `action`. True when the server (2xx) or the app's function accepted it. False, and
   * nothing sent, when it is not available now (another one pending, the job not in a state it
   * applies to, no way to do it); false with `error` set when it was refused.
   */
  async run(action: ControlAction): Promise<boolean> {
    if (!this.view().available[action]) return false;
    const run = this.#begin(action);
    const outcome = await this.#send(action, this.#request!.signal);
    if (run !== this.#run) return false; // reset, closed or timed out meanwhile
    this.#request = undefined;
    if (!outcome.ok) {
      this.#fail(action, reasonOf(outcome.reason), outcome.status);
      return false;
    }
    this.#accepted = true;
    if (isConfirmed(action, this.#env.state())) this.#settle();
    else this.#arm(action); // a new wait, for the stream this time
    return true;
  }

  /** After every state change: the stream confirming an accepted request ends "pending". */
  observe(state: ProgressState): void {
    if (this.#pending !== null && this.#accepted && isConfirmed(this.#pending, state)) this.#settle();
  }

  /** A new job or stream: forget what was pending and the last error. */
  reset(): void {
    const had = this.#pending !== null || this.#error !== null;
    this.#stop();
    this.#error = null;
    if (had) this.#env.changed();
  }

  close(): void {
    this.#stop();
  }

  #available(): ControlView['available'] {
    if (this.#pending !== null) return { cancel: false, pause: false, resume: false };
    const options = this.#env.options();
    const can = (action: ControlAction): boolean => {
      const url = options[URL_OPTION[action]];
      // An unusable URL still counts: the click then shows why, instead of a button that never appears.
      return typeof options.actions?.[action] === 'function' || (url !== undefined && url !== null && String(url) !== '');
    };
    const state = this.#env.state();
    const status: string = state.status;
    return {
      cancel: (status === 'running' || status === 'paused' || isQueued(state)) && can('cancel'),
      pause: status === 'running' && can('pause'),
      resume: status === 'paused' && can('resume'),
    };
  }

  #begin(action: ControlAction): number {
    this.#stop();
    this.#pending = action;
    this.#error = null;
    this.#request = new AbortController();
    this.#arm(action); // a server that never answers must not leave "Cancelling…" forever
    this.#env.changed();
    return this.#run;
  }

  async #send(action: ControlAction, signal: AbortSignal): Promise<Outcome> {
    const options = this.#env.options();
    const actions = options.actions;
    const fn = actions?.[action];
    if (typeof fn === 'function') {
      try {
        await fn.call(actions, this.#env.state());
        return { ok: true };
      } catch (error) {
        return { ok: false, reason: error };
      }
    }
    const url = options[URL_OPTION[action]];
    if (url === undefined || url === null) return { ok: false, reason: '' }; // not reached: run() checked `available`
    try {
      const { post } = await loadRequestCode();
      return await post(options, url, signal);
    } catch (error) {
      return { ok: false, reason: error };
    }
  }

  #arm(action: ControlAction): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#fail(action, this.#text().notConfirmed), this.#env.confirmTimeoutMs ?? CONFIRM_TIMEOUT_MS);
  }

  #settle(): void {
    this.#stop();
    this.#env.changed();
  }

  #fail(action: ControlAction, reason: string, status?: number): void {
    this.#stop();
    const failed = this.#text()[`${action}Failed`];
    const error: ControlError = { action, message: reason === '' ? failed : `${failed}: ${reason}` };
    if (status !== undefined) error.status = status;
    this.#error = error;
    this.#env.changed();
  }

  /** Ends the current run: no timer, no request, nothing pending. */
  #stop(): void {
    this.#run++;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#request?.abort();
    this.#request = undefined;
    this.#pending = null;
    this.#accepted = false;
  }

  #text(): ControlText {
    // The session's text gains these fields; a view that gives an older set gets the defaults.
    const given = this.#env.text() as SessionText & Partial<ControlText>;
    return {
      cancelFailed: given.cancelFailed ?? DEFAULT_CONTROL_TEXT.cancelFailed,
      pauseFailed: given.pauseFailed ?? DEFAULT_CONTROL_TEXT.pauseFailed,
      resumeFailed: given.resumeFailed ?? DEFAULT_CONTROL_TEXT.resumeFailed,
      notConfirmed: given.notConfirmed ?? DEFAULT_CONTROL_TEXT.notConfirmed,
    };
  }
}
