// Runs inside a dedicated module Worker (no window, no document): registers the behaviour suite,
// then runs the test the page asks for, one at a time, each followed by the suite's afterEach
// hooks, and answers with the outcome.
import { defineStreamClientSuite, portableAssert } from './stream-client-suite.js';
import { testTitle, type Failure, type FromWorker, type ToWorker } from './worker-protocol.js';

const tests = new Map<string, () => Promise<void>>();
const hooks: Array<() => void | Promise<void>> = [];
const path: string[] = [];

defineStreamClientSuite({
  runtime: 'worker',
  origin: self.location.origin,
  assert: portableAssert,
  describe(name, body) {
    path.push(name);
    try {
      body();
    } finally {
      path.pop();
    }
  },
  it(name, body) {
    tests.set(testTitle(path, name), body);
  },
  // The suite registers its hooks inside its outer describe, so they cover every test here.
  afterEach(hook) {
    hooks.push(hook);
  },
});

async function run(title: string): Promise<Failure | undefined> {
  const test = tests.get(title);
  if (!test) return { message: `The Worker has no test named "${title}"` };
  let failure: Failure | undefined;
  try {
    await test();
  } catch (error) {
    failure = error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
  }
  for (const hook of hooks) await hook();
  return failure;
}

// One test at a time, in arrival order, even when the page gave up waiting for the last one.
let queue: Promise<unknown> = Promise.resolve();
const reply = (message: FromWorker) => self.postMessage(message);

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const request = event.data;
  if (request.type === 'probe') {
    const scope = self as unknown as { document?: unknown; window?: unknown };
    reply({ type: 'probe', id: request.id, hasDocument: scope.document !== undefined, hasWindow: scope.window !== undefined });
    return;
  }
  queue = queue.then(async () => {
    const error = await run(request.title);
    reply(error ? { type: 'result', id: request.id, error } : { type: 'result', id: request.id });
  });
});
