// What every part of the client behaviour suite shares: the harness a runner hands in, the
// scripted SSE server reached through its absolute origin, and the clients a test made (closed
// after it). Nothing here may touch a DOM: the same code runs in a page, a Worker and Node.
import { StreamClient, type StreamClientOptions } from '../../../src/client/index.js';
import { record, type ClientRecorder } from '../../support/client-recorder.js';
import type { RecordedRequest, Scenario, ScenarioPlan, Step } from '../../support/sse-server.js';
import type { SuiteAssert } from './portable-assert.js';
import { show } from './portable-assert.js';

export type Runtime = 'page' | 'worker' | 'node';

/** What a runner hands the suite: its test framework, an assertion set, and the test server. */
export interface SuiteHarness {
  runtime: Runtime;
  /** The scripted SSE test server (test/support/sse-test-server.mjs), e.g. `http://127.0.0.1:8000`. */
  origin: string;
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>): void;
  afterEach(hook: () => void | Promise<void>): void;
  assert: SuiteAssert;
}

/** The assertions the suite uses, built on the harness's three. */
export interface Checks extends SuiteAssert {
  /** Every key of `expected` has that value on `actual` (other keys are ignored). */
  includes(actual: object | undefined, expected: Record<string, unknown>, message?: string): void;
  atLeast(actual: number, least: number, message?: string): void;
  below(actual: number | undefined, bound: number, message?: string): void;
  lengthOf(actual: readonly unknown[], length: number, message?: string): void;
}

export interface Setup {
  server: Scenario;
  client: StreamClient;
  rec: ClientRecorder;
}

export interface SuiteContext {
  runtime: Runtime;
  describe: SuiteHarness['describe'];
  it: SuiteHarness['it'];
  check: Checks;
  /** Registers a scenario on the test server. */
  scenario(plan: ScenarioPlan): Promise<Scenario>;
  /** A client with test-friendly defaults (no heartbeat, 10 ms retries, no jitter), closed after the test. */
  client(options: StreamClientOptions): StreamClient;
  /** A scenario, a client of its stream, and a recorder of what the client dispatches. */
  setup(plan: ScenarioPlan, options?: Partial<StreamClientOptions>): Promise<Setup>;
}

function checks(assert: SuiteAssert): Checks {
  const prefix = (message: string | undefined) => (message ? `${message}: ` : '');
  return {
    equal: (actual, expected, message) => assert.equal(actual, expected, message),
    deepEqual: (actual, expected, message) => assert.deepEqual(actual, expected, message),
    ok: (value, message) => assert.ok(value, message),
    includes(actual, expected, message) {
      const picked = Object.fromEntries(Object.keys(expected).map((key) => [key, (actual as Record<string, unknown> | undefined)?.[key]]));
      assert.deepEqual(picked, expected, `${prefix(message)}${show(actual)} should include ${show(expected)}`);
    },
    atLeast(actual, least, message) {
      assert.ok(actual >= least, `${prefix(message)}expected at least ${least}, got ${actual}`);
    },
    below(actual, bound, message) {
      assert.ok(actual !== undefined && actual < bound, `${prefix(message)}expected below ${bound}, got ${show(actual)}`);
    },
    lengthOf(actual, length, message) {
      assert.equal(actual.length, length, `${prefix(message)}length of ${show(actual)}`);
    },
  };
}

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** The scenario API of test/support/sse-server.ts, against an absolute origin (no `location` in Node). */
function scenarioAt(origin: string) {
  return async (plan: ScenarioPlan): Promise<Scenario> => {
    const created = await json<{ id: string; url: string }>(
      await fetch(`${origin}/__sse/scenarios`, { method: 'POST', body: JSON.stringify(plan) }),
    );
    const base = `${origin}/__sse/scenarios/${created.id}`;
    return {
      id: created.id,
      url: `${origin}${created.url}`,
      requests: async () => json<RecordedRequest[]>(await fetch(`${base}/requests`)),
      async waitFor({ requests = 0, closed = 0, timeoutMs = 5000 }) {
        const response = await fetch(`${base}/wait?requests=${requests}&closed=${closed}&timeout=${timeoutMs}`);
        const seen = await json<RecordedRequest[]>(response);
        if (!response.ok) {
          const closedCount = seen.filter((r) => r.closedAt !== null).length;
          throw new Error(`SSE test server: wanted ${requests} requests/${closed} closed, saw ${seen.length}/${closedCount}`);
        }
        return seen;
      },
      async push(...steps: Step[]) {
        await fetch(`${base}/push`, { method: 'POST', body: JSON.stringify(steps) });
      },
      async dispose() {
        await fetch(base, { method: 'DELETE' });
      },
    };
  };
}

export function createContext(harness: SuiteHarness): SuiteContext {
  const clients: StreamClient[] = [];
  harness.afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  const scenario = scenarioAt(harness.origin);
  const client = (options: StreamClientOptions) => {
    const c = new StreamClient({ heartbeatTimeoutMs: 0, retryDelayMs: 10, random: () => 1, ...options });
    clients.push(c);
    return c;
  };
  return {
    runtime: harness.runtime,
    describe: harness.describe,
    it: harness.it,
    check: checks(harness.assert),
    scenario,
    client,
    async setup(plan, options = {}) {
      const server = await scenario(plan);
      const c = client({ url: server.url, ...options });
      return { server, client: c, rec: record(c) };
    },
  };
}
