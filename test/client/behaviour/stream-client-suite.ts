// The StreamClient behaviour suite, written once and run in three runtimes (issue 16):
//   page    test/client/stream-client.page.test.ts    (web-test-runner, mocha)
//   Worker  test/client/stream-client.worker.test.ts  (a module Worker; results per test)
//   Node    test/node/client/stream-client.node.test.ts (node:test)
// Every behaviour the client promises wherever fetch exists belongs here, against the real
// scripted SSE server (test/support/sse-test-server.mjs) on 127.0.0.1. What only one runtime
// has (sessionStorage, the `online` event, visibility, the absence of a DOM) stays in that
// runtime's file. Nothing here may use document or window: the Worker and Node runs prove it.
import { authentication, closing } from './auth-and-close.js';
import { createContext, type SuiteHarness } from './context.js';
import { fallbackPolling, floods, maxEventSize } from './limits-and-polling.js';
import { openingAndMessages, resume } from './opening-and-resume.js';
import { httpOutcomes, terminalEvents } from './outcomes.js';
import { backoffAndRetries, heartbeat } from './retries.js';

export { portableAssert } from './portable-assert.js';

export function defineStreamClientSuite(harness: SuiteHarness): void {
  harness.describe(`StreamClient behaviour (${harness.runtime})`, () => {
    const context = createContext(harness);
    openingAndMessages(context);
    resume(context);
    terminalEvents(context);
    heartbeat(context);
    httpOutcomes(context);
    backoffAndRetries(context);
    authentication(context);
    closing(context);
    fallbackPolling(context);
    floods(context);
    maxEventSize(context);
  });
}
