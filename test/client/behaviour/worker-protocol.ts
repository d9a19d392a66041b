// The messages between test/client/stream-client.worker.test.ts (the page) and the Worker that
// runs the behaviour suite (worker-entry.ts). Both sides register the same suite and name each
// test by its describe path, so the page can list every test on its own and ask for it by name.

/** A failed test, as the Worker saw it. */
export interface Failure {
  message: string;
  stack?: string;
}

export type ToWorker = { type: 'run'; id: number; title: string } | { type: 'probe'; id: number };

export type FromWorker =
  { type: 'result'; id: number; error?: Failure } | { type: 'probe'; id: number; hasDocument: boolean; hasWindow: boolean };

/** A test's full name: its describe path and its own name. */
export const testTitle = (path: readonly string[], name: string): string => [...path, name].join(' › ');
