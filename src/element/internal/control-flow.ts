// What happens between a press of Cancel / Pause / Resume and the session's request: the
// cancelable DOM event (the app may take over), the inline confirmation before a cancel, and
// where keyboard focus goes when the control it was on goes away. The request itself, its
// pending state and its error belong to the session (`session.cancel()` and `session.control`).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ProgressSession } from '../../session/progress-session.js';
import type { ControlAction } from '../../session/job-control.js';
import type { ProgressStreamEventMap } from '../events.js';

type Host = ReactiveControllerHost & HTMLElement;

const EVENT_TYPES = {
  cancel: 'progress-cancel',
  pause: 'progress-pause',
  resume: 'progress-resume',
} as const satisfies Record<ControlAction, keyof ProgressStreamEventMap>;

export interface ControlFlowEnv {
  session: () => ProgressSession;
  /** The confirmation question; '' means cancel at once. */
  question: () => string;
}

/** Where focus goes after the next render, when a control moved it on purpose. */
type FocusTarget = 'confirm-no' | 'cancel-button';

/** The parts that may hold focus when a control disappears, in the order they are tried. */
const FALLBACK_PARTS = ['control-status', 'control-error', 'confirm-no', 'cancel-button', 'pause-button', 'resume-button', 'bar'];

export class ControlFlow implements ReactiveController {
  readonly #host: Host;
  readonly #env: ControlFlowEnv;
  #confirming = false;
  #focusTarget: FocusTarget | null = null;
  /** Focus was inside the controls before this render (see hostUpdated). */
  #focusWasInControls = false;

  constructor(host: Host, env: ControlFlowEnv) {
    this.#host = host;
    this.#env = env;
    host.addController(this);
  }

  /** The inline "Cancel this job?" is open. */
  get confirming(): boolean {
    return this.#confirming;
  }

  /** A button was pressed: the event first; then confirmation (cancel) or the request. */
  press(action: ControlAction): void {
    const session = this.#env.session();
    const event = new CustomEvent(EVENT_TYPES[action], {
      detail: { state: session.state },
      bubbles: true,
      composed: true,
      cancelable: true,
    });
    // preventDefault(): the app handles it, and the element does nothing more.
    if (!this.#host.dispatchEvent(event)) return;
    if (action === 'cancel' && this.#env.question() !== '') {
      this.#confirming = true;
      // The safe answer first: a held or doubled Enter on Cancel must not cancel the job.
      this.#focusTarget = 'confirm-no';
      this.#host.requestUpdate();
      return;
    }
    this.#run(action);
  }

  /** "Yes, cancel". */
  confirm(): void {
    this.#confirming = false;
    this.#run('cancel');
    this.#host.requestUpdate();
  }

  /** "Keep running" or Escape: nothing is sent, focus goes back to Cancel. */
  keep(): void {
    if (!this.#confirming) return;
    this.#confirming = false;
    this.#focusTarget = 'cancel-button';
    this.#host.requestUpdate();
  }

  hostUpdate(): void {
    // The job ended (or became uncancellable) while the question was open: there is nothing
    // left to confirm.
    if (this.#confirming && !this.#env.session().control.available.cancel) this.#confirming = false;
    const active = this.#host.shadowRoot?.activeElement;
    this.#focusWasInControls = active?.closest('[part~="controls"]') != null;
  }

  hostUpdated(): void {
    const root = this.#host.shadowRoot;
    if (!root) return;
    const target = this.#focusTarget;
    this.#focusTarget = null;
    if (target && this.#focusPart(root, [target])) return;
    // The focused button went away (the request is pending, the job ended): keep focus in the
    // element rather than let it fall to <body>, where a keyboard user would start over.
    if (this.#focusWasInControls && root.activeElement === null) this.#focusPart(root, FALLBACK_PARTS);
  }

  #focusPart(root: ShadowRoot, names: readonly string[]): boolean {
    for (const name of names) {
      const node = root.querySelector<HTMLElement>(`[part~="${name}"]`);
      if (!node) continue;
      node.focus();
      if (root.activeElement === node) return true;
    }
    return false;
  }

  #run(action: ControlAction): void {
    // The session shows a refusal as `control.error`; nothing is left to handle here.
    this.#env
      .session()
      [action]()
      .catch(() => false);
  }
}
