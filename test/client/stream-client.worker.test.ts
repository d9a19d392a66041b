// StreamClient in a dedicated Web Worker: the shared behaviour suite runs inside a module Worker
// (test/client/behaviour/worker-entry.ts). This page registers the same suite with mocha, so
// every test is listed and fails on its own, and each one asks the Worker to run it by name.
import { expect } from '@open-wc/testing';
import { defineStreamClientSuite, portableAssert } from './behaviour/stream-client-suite.js';
import { testTitle, type FromWorker, type ToWorker } from './behaviour/worker-protocol.js';

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (message: FromWorker) => void; reject: (error: Error) => void }>();

function startWorker(): Worker {
  const started = new Worker(new URL('./behaviour/worker-entry.ts', import.meta.url), { type: 'module' });
  started.addEventListener('message', (event: MessageEvent<FromWorker>) => {
    pending.get(event.data.id)?.resolve(event.data);
    pending.delete(event.data.id);
  });
  // A Worker that fails to load or throws outside a test fails every test waiting on it.
  started.addEventListener('error', (event) => {
    for (const waiting of pending.values()) waiting.reject(new Error(`Worker error: ${event.message || 'failed to load'}`));
    pending.clear();
  });
  return started;
}

/** A request without its id (which `ask` adds); distributes over the union. */
type Request = ToWorker extends infer T ? (T extends unknown ? Omit<T, 'id'> : never) : never;

function ask(request: Request): Promise<FromWorker> {
  worker ??= startWorker();
  const id = nextId++;
  const answer = new Promise<FromWorker>((resolve, reject) => pending.set(id, { resolve, reject }));
  worker.postMessage({ ...request, id } as ToWorker);
  return answer;
}

async function runInWorker(title: string): Promise<void> {
  const result = await ask({ type: 'run', title });
  if (result.type === 'result' && result.error) {
    const error = new Error(`${result.error.message} (in the Worker)`);
    if (result.error.stack) error.stack = result.error.stack;
    throw error;
  }
}

after(() => worker?.terminate());

const path: string[] = [];
defineStreamClientSuite({
  runtime: 'worker',
  origin: location.origin,
  assert: portableAssert,
  describe(name, body) {
    describe(name, () => {
      path.push(name);
      try {
        body();
      } finally {
        path.pop();
      }
    });
  },
  it(name) {
    const title = testTitle(path, name);
    it(name, () => runInWorker(title));
  },
  // The Worker runs the suite's hooks after each of its tests.
  afterEach() {},
});

describe('StreamClient, Worker only', () => {
  it('has neither document nor window to lean on', async () => {
    const probe = await ask({ type: 'probe' });
    expect(probe).to.include({ type: 'probe', hasDocument: false, hasWindow: false });
  });
});
