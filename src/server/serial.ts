// Work that may be synchronous or asynchronous (a replay store may answer either way), run one
// task at a time: publishes reach clients in the order they were made, and with a synchronous
// store everything happens at once, with no promise in between.

export type MaybePromise<T> = T | Promise<T>;

export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** Applies `fn` at once to a plain value, or after a promise settles. */
export function then<T, U>(value: MaybePromise<T>, fn: (value: T) => U): MaybePromise<U> {
  return isPromise(value) ? value.then(fn) : fn(value);
}

/** Runs tasks one at a time, in call order; synchronously while nothing asynchronous is pending. */
export class SerialQueue {
  /** The last task in flight. */
  #tail: Promise<unknown> | undefined;

  run<T>(task: () => MaybePromise<T>): Promise<T> {
    if (this.#tail === undefined) {
      const result = task();
      if (!isPromise(result)) return Promise.resolve(result);
      return this.#track(result);
    }
    return this.#track(this.#tail.then(task));
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    const tail: Promise<unknown> = promise.then(
      () => undefined,
      () => undefined,
    );
    this.#tail = tail;
    void tail.then(() => {
      if (this.#tail === tail) this.#tail = undefined;
    });
    return promise;
  }
}
