// The element's view of a progress session: a Reactive Controller that hands the session the
// host's properties in every update cycle and turns what the session reports into the
// element's DOM events, its polite announcements and a throttled `aria-valuenow`. (The job
// control events, progress-cancel and the others, come from a button: internal/control-flow.ts.)
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConnectionStatus, StatusDetail } from '../../client/types.js';
import { createInitialState, type ProgressState } from '../../mapping/state.js';
import { isEnded } from '../../mapping/statuses.js';
import { createProgressSession, type ProgressSession } from '../../session/progress-session.js';
import type { ControlAction } from '../../session/job-control.js';
import type { ProgressSessionOptions } from '../../session/types.js';
import type { ProgressStreamEventMap } from '../events.js';
import type { ProgressStreamStrings } from '../strings.js';
import type { Announcement } from './stream-controller.js';

type Host = ReactiveControllerHost & HTMLElement;

/** `aria-valuenow` changes at most this often, so screen readers are not flooded. */
const ARIA_INTERVAL_MS = 1000;

export class SessionController implements ReactiveController {
  readonly session: ProgressSession;
  /** Text for the single polite live region. */
  announcement = '';
  /** The percent exposed as aria-valuenow (throttled). */
  ariaPercent: number | null = null;

  readonly #host: Host;
  readonly #getProperties: () => ProgressSessionOptions;
  readonly #describe: (announcement: Announcement) => string;
  readonly #strings: () => ProgressStreamStrings;
  /** The state of the last notification; a fresh object first, so the first one is announced. */
  #committed: ProgressState = createInitialState();
  /** The control request pending at the last notification ("Cancelling…" is said once). */
  #committedPending: ControlAction | null = null;
  #pendingAnnouncements: string[] = [];
  #ariaTimer: ReturnType<typeof setTimeout> | undefined;
  #ariaAt = 0;

  constructor(
    host: Host,
    getProperties: () => ProgressSessionOptions,
    describe: (announcement: Announcement) => string,
    strings: () => ProgressStreamStrings,
  ) {
    this.#host = host;
    this.#getProperties = getProperties;
    this.#describe = describe;
    this.#strings = strings;
    // Inactive until the host is on a page; the properties are read from the first update on.
    this.session = createProgressSession(
      { active: false },
      {
        status: (detail, previous) => this.#onStatus(detail, previous),
        error: (detail) => this.#dispatch('stream-error', detail),
        reset: () => {
          this.ariaPercent = null;
          this.announcement = '';
        },
      },
    );
    this.session.subscribe(() => this.#commit());
    host.addController(this);
  }

  /** Hands the session the host's current properties (what changed restarts, nothing else). */
  sync(): void {
    this.session.update(this.#getProperties());
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.session.flush();
    if (this.#ariaTimer !== undefined) clearTimeout(this.#ariaTimer);
    this.#ariaTimer = undefined;
    // The host reports itself inactive now: removing it closes its connection, resumably.
    this.sync();
  }

  #onStatus(detail: StatusDetail, previous: ConnectionStatus): void {
    this.#dispatch('connection-change', detail);
    if (detail.status === previous) return;
    if (detail.status === 'open' && previous === 'reconnecting') this.#announce({ key: 'live' });
    else if (detail.status === 'reconnecting' && previous === 'open') this.#announce({ key: 'reconnecting' });
    else if (detail.status === 'offline') this.#announce({ key: 'offline' });
  }

  #announce(announcement: Announcement): void {
    this.#pendingAnnouncements.push(this.#describe(announcement));
  }

  /** One notification of the session (at most once per frame): events, announcements, render. */
  #commit(): void {
    const previous = this.#committed;
    const state = this.session.state;
    if (state !== previous) {
      this.#committed = state;
      this.#announceSteps(previous, state);
      this.#dispatch('progress-update', state);
      if (state.status !== previous.status) this.#onJobStatus(state);
      // Said once when it starts, not again while it lasts.
      if (state.stalled && !previous.stalled) this.#pendingAnnouncements.push(this.#strings().announceStalled);
    }
    this.#announceControl();
    this.#updateAria(state);
    if (this.#pendingAnnouncements.length > 0) {
      // One region, one message per frame: several changes in one frame are read together.
      this.announcement = this.#pendingAnnouncements.join('. ');
      this.#pendingAnnouncements = [];
    }
    this.#host.requestUpdate();
  }

  #onJobStatus(state: ProgressState): void {
    if (state.status === 'complete') {
      this.#announce({ key: 'complete' });
      this.#dispatch('progress-complete', state);
    } else if (state.status === 'failed') {
      this.#announce({ key: 'failed', reason: state.error ?? '' });
      this.#dispatch('progress-failed', state);
    } else if (state.status === 'paused') {
      this.#pendingAnnouncements.push(this.#strings().announcePaused);
    } else if (state.status === 'cancelled') {
      this.#pendingAnnouncements.push(this.#strings().announceCancelled);
    }
  }

  /** "Cancelling…" / "Pausing…" / "Resuming…", once, when the request is accepted. */
  #announceControl(): void {
    const pending = this.session.control.pending;
    if (pending === this.#committedPending) return;
    this.#committedPending = pending;
    if (pending === null) return;
    const strings = this.#strings();
    this.#pendingAnnouncements.push(pending === 'cancel' ? strings.cancelling : pending === 'pause' ? strings.pausing : strings.resuming);
  }

  #announceSteps(previous: ProgressState, state: ProgressState): void {
    if (state.steps === previous.steps) return;
    const before = new Map(previous.steps.map((s) => [s.id, s.status]));
    for (const step of state.steps) {
      const was = before.get(step.id);
      if (step.status === was) continue;
      if (step.status === 'complete') this.#announce({ key: 'stepComplete', step: step.label });
      else if (step.status === 'failed') this.#announce({ key: 'stepFailed', step: step.label });
    }
  }

  #updateAria(state: ProgressState): void {
    const rounded = state.percent === null ? null : Math.round(state.percent);
    if (rounded === this.ariaPercent) return;
    const now = Date.now();
    const wait = ARIA_INTERVAL_MS - (now - this.#ariaAt);
    if (isEnded(state.status) || rounded === null || this.ariaPercent === null || wait <= 0) {
      this.ariaPercent = rounded;
      this.#ariaAt = now;
    } else if (this.#ariaTimer === undefined) {
      // Catch up once the interval has passed, even if no further event arrives.
      this.#ariaTimer = setTimeout(() => {
        this.#ariaTimer = undefined;
        this.#commit();
      }, wait);
    }
  }

  #dispatch<K extends keyof ProgressStreamEventMap>(type: K, detail: ProgressStreamEventMap[K]['detail']): void {
    this.#host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}
