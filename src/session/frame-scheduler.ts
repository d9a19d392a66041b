/** Where there are no animation frames (Node), about one frame's time. */
const FRAME_MS = 16;
/** Browsers pause animation frames in hidden tabs: this timer then stands in for them. */
const HIDDEN_TAB_DELAY_MS = 250;
/**
 * Callbacks (and the renders they cause) run one after another until this much time went by in
 * one go (half a frame: the other half is for style, layout and paint); the others wait for the
 * next frame. 50 elements that all get their first event at once then fill a few frames instead
 * of holding the page in one long task.
 */
const BUDGET_MS = 8;

/** What every scheduler of the page shares: one frame request, and the frame count. */
const page = {
  /** Frame boundaries seen so far (animation frames, or the timer standing in for them). */
  frame: 0,
  /** Schedulers whose callback runs in the next microtask, the first change of their frame. */
  leading: new Set<FrameScheduler>(),
  leadingQueued: false,
  /** Schedulers whose callback waits for the next frame. */
  due: new Set<FrameScheduler>(),
  /** Schedulers that ran in this frame: the next boundary makes their next change leading again. */
  ran: new Set<FrameScheduler>(),
  requested: false,
  /** The last boundary was an animation frame (or the timer where there are none), not the fallback of a hidden tab. */
  frames: true,
  frameId: 0,
  timer: undefined as ReturnType<typeof setTimeout> | undefined,
};

/**
 * Coalesces any number of `schedule()` calls into at most one callback per animation frame, so
 * that a burst of thousands of events per second renders at most once per frame.
 *
 * The first change of a frame runs at once (in a microtask, so that a synchronous burst is
 * still one callback): an event that arrives while the page is idle reaches the DOM without
 * waiting up to a frame for the next animation frame. A second change in the same frame waits
 * for the next one. All schedulers of a page share ONE animation-frame request, so 50 elements
 * cost one frame callback and one timer, not 50 of each, and share a time budget (BUDGET_MS).
 *
 * Browsers pause animation frames in hidden tabs; a slower timer then takes over so that state
 * and framework events still advance in the background. Where there are no frames at all (Node,
 * some Workers), the timer stands in for them.
 */
export class FrameScheduler {
  readonly #callback: () => void;
  #pending = false;
  /** The frame in which the callback last ran. */
  #ranIn = -1;

  constructor(callback: () => void) {
    this.#callback = callback;
  }

  /** Runs the callback once, at once if `atOnce` and it is the first change of this frame. */
  schedule(atOnce = true): void {
    if (this.#pending) return;
    this.#pending = true;
    // Asked for at once, whichever way the callback runs: a view that goes away before it ran
    // finds a frame request to cancel (and leaves none behind).
    requestFrame();
    if (atOnce && this.#ranIn !== page.frame) {
      page.leading.add(this);
      if (!page.leadingQueued) {
        page.leadingQueued = true;
        queueMicrotask(runLeading);
      }
    } else {
      page.due.add(this);
    }
  }

  /** A callback waits to run. */
  get pending(): boolean {
    return this.#pending;
  }

  /** Runs a pending callback now (e.g. before a view goes away). */
  flush(): void {
    if (!this.#pending) return;
    this.#pending = false;
    page.leading.delete(this);
    page.due.delete(this);
    this.#ranIn = page.frame;
    // Watch for the next frame boundary: a change after it is the first of its frame again,
    // and runs at once.
    // Not in a hidden tab, whose fallback timer throttles to one change every 250 ms anyway:
    // watching would only keep a timer alive there after the last change.
    if (page.frames) {
      page.ran.add(this);
      requestFrame();
    }
    this.#callback();
  }

  cancel(): void {
    this.#pending = false;
    page.leading.delete(this);
    page.due.delete(this);
    page.ran.delete(this);
    // Nothing on the page waits for the frame any more: no request outlives the last view.
    if (page.leading.size === 0 && page.due.size === 0 && page.ran.size === 0) cancelFrame();
  }
}

function runLeading(): void {
  page.leadingQueued = false;
  const batch = [...page.leading];
  page.leading.clear();
  void runWithinBudget(batch);
}

/** One frame boundary for the whole page: the callbacks that waited for it run. */
function frameBoundary(animationFrame: boolean): void {
  page.frames = animationFrame;
  cancelFrame();
  page.frame++;
  page.ran.clear();
  // Only those due now: one that runs here and changes again waits for the next frame.
  const batch = [...page.due];
  page.due.clear();
  void runWithinBudget(batch);
}

/**
 * Runs the callbacks in order, each followed by a microtask turn (a view's render, queued by the
 * callback, runs there and counts). Past the budget, the rest waits for the next frame.
 */
async function runWithinBudget(batch: readonly FrameScheduler[]): Promise<void> {
  const start = performance.now();
  for (const [i, scheduler] of batch.entries()) {
    if (i > 0 && performance.now() - start > BUDGET_MS) {
      // Those still pending (not flushed or cancelled in between) wait for the next frame.
      for (const rest of batch.slice(i)) if (rest.pending) page.due.add(rest);
      requestFrame();
      return;
    }
    try {
      scheduler.flush();
    } catch (error) {
      reportLater(error);
    }
    await undefined;
  }
}

function cancelFrame(): void {
  page.requested = false;
  if (page.frameId !== 0 && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(page.frameId);
  page.frameId = 0;
  if (page.timer !== undefined) clearTimeout(page.timer);
  page.timer = undefined;
}

function requestFrame(): void {
  if (page.requested) return;
  page.requested = true;
  const frames = typeof requestAnimationFrame === 'function';
  if (frames) page.frameId = requestAnimationFrame(() => frameBoundary(true));
  page.timer = setTimeout(() => frameBoundary(!frames), frames ? HIDDEN_TAB_DELAY_MS : FRAME_MS);
}

/** Rethrows outside the frame callback, as the browser would report an uncaught error. */
function reportLater(error: unknown): void {
  setTimeout(() => {
    throw error;
  });
}
