// Counts what a page holds on to: pending timers, intervals and animation frames, and event
// listeners, per target. Installed by wrapping the page's globals, so it sees the library's
// own calls (test frameworks keep references to the originals and are not counted).

type Target = EventTarget;
type Listener = EventListenerOrEventListenerObject | null;

export interface ResourceCounts {
  timeouts: number;
  intervals: number;
  frames: number;
  /** Listeners still registered on `window` and `document`. */
  globalListeners: number;
  /** Listeners still registered on objects that `isTracked` selects (e.g. clients). */
  trackedListeners: number;
}

export interface ResourceTracker {
  counts(): ResourceCounts;
  /** Restores the page's originals. */
  uninstall(): void;
}

const capture = (options: boolean | AddEventListenerOptions | EventListenerOptions | undefined) =>
  typeof options === 'boolean' ? options : (options?.capture ?? false);

export function trackResources(isTracked: (target: Target) => boolean): ResourceTracker {
  const timeouts = new Set<number>();
  const intervals = new Set<number>();
  const frames = new Set<number>();
  // Weak, so that counting keeps nothing alive (the heap is measured too).
  const listeners = new WeakMap<Target, Set<string>>();
  let globalListeners = 0;
  let trackedListeners = 0;
  const bucket = (target: Target): 'global' | 'tracked' | undefined =>
    target === window || target === document ? 'global' : isTracked(target) ? 'tracked' : undefined;
  const adjust = (target: Target, by: number) => {
    const kind = bucket(target);
    if (kind === 'global') globalListeners += by;
    else if (kind === 'tracked') trackedListeners += by;
  };
  const keys = new WeakMap<object, number>();
  let nextKey = 1;
  const keyOf = (listener: Listener) => {
    if (listener === null) return 0;
    let key = keys.get(listener);
    if (key === undefined) keys.set(listener, (key = nextKey++));
    return key;
  };

  type Schedule = (handler: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => number;
  type Clear = (id?: number) => void;
  const original = {
    setTimeout: window.setTimeout as unknown as Schedule,
    clearTimeout: window.clearTimeout as Clear,
    setInterval: window.setInterval as unknown as Schedule,
    clearInterval: window.clearInterval as Clear,
    requestAnimationFrame: window.requestAnimationFrame,
    cancelAnimationFrame: window.cancelAnimationFrame,
    add: EventTarget.prototype.addEventListener,
    remove: EventTarget.prototype.removeEventListener,
  };

  const setTimeoutTracked: Schedule = (handler, delay, ...args) => {
    if (typeof handler !== 'function') throw new TypeError('string timers are not allowed');
    const id = original.setTimeout.call(
      window,
      (...a: unknown[]) => {
        timeouts.delete(id);
        handler(...a);
      },
      delay,
      ...args,
    );
    timeouts.add(id);
    return id;
  };
  const clearTimeoutTracked: Clear = (id) => {
    if (id !== undefined) timeouts.delete(id);
    original.clearTimeout.call(window, id);
  };
  const setIntervalTracked: Schedule = (handler, delay, ...args) => {
    const id = original.setInterval.call(window, handler, delay, ...args);
    intervals.add(id);
    return id;
  };
  const clearIntervalTracked: Clear = (id) => {
    if (id !== undefined) intervals.delete(id);
    original.clearInterval.call(window, id);
  };
  Object.assign(window, {
    setTimeout: setTimeoutTracked,
    clearTimeout: clearTimeoutTracked,
    setInterval: setIntervalTracked,
    clearInterval: clearIntervalTracked,
  });
  window.requestAnimationFrame = (callback: FrameRequestCallback) => {
    const id = original.requestAnimationFrame.call(window, (time) => {
      frames.delete(id);
      callback(time);
    });
    frames.add(id);
    return id;
  };
  window.cancelAnimationFrame = (id: number) => {
    frames.delete(id);
    original.cancelAnimationFrame.call(window, id);
  };
  EventTarget.prototype.addEventListener = function (
    this: Target,
    type: string,
    listener: Listener,
    options?: boolean | AddEventListenerOptions,
  ) {
    if (listener !== null && !(typeof options === 'object' && options.once)) {
      const set = listeners.get(this) ?? new Set<string>();
      const key = `${type}|${keyOf(listener)}|${String(capture(options))}`;
      if (!set.has(key)) adjust(this, 1);
      set.add(key);
      listeners.set(this, set);
    }
    original.add.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (
    this: Target,
    type: string,
    listener: Listener,
    options?: boolean | EventListenerOptions,
  ) {
    const set = listeners.get(this);
    if (set?.delete(`${type}|${keyOf(listener)}|${String(capture(options))}`)) adjust(this, -1);
    original.remove.call(this, type, listener, options);
  };

  return {
    counts() {
      return { timeouts: timeouts.size, intervals: intervals.size, frames: frames.size, globalListeners, trackedListeners };
    },
    uninstall() {
      Object.assign(window, {
        setTimeout: original.setTimeout,
        clearTimeout: original.clearTimeout,
        setInterval: original.setInterval,
        clearInterval: original.clearInterval,
        requestAnimationFrame: original.requestAnimationFrame,
        cancelAnimationFrame: original.cancelAnimationFrame,
      });
      EventTarget.prototype.addEventListener = original.add;
      EventTarget.prototype.removeEventListener = original.remove;
    },
  };
}
