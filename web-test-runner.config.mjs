// Browser tests: Debian's Chromium, headless, TypeScript through esbuild, and the scriptable
// SSE test server mounted on the same origin (see test/support/sse-test-server.mjs).
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fileURLToPath } from 'node:url';
import { sseTestMiddleware, startSseTestServer } from './test/support/sse-test-server.mjs';
import { handleChaosRequest } from './test/support/chaos-server.mjs';
import { reactAsEsm } from './test/react/react-esm-plugin.mjs';
import { HEADLESS_FLAGS, UNTHROTTLED_FLAGS } from './test/support/chromium-flags.mjs';

const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/**
 * Two more origins for the tests, each the same scripted SSE server on another port of
 * 127.0.0.1, with CORS (scenarios are shared: a scenario made through the test origin is served
 * on every origin):
 * - `crossOrigin`, also serving the chaos suite's fault-injecting server: cross-origin requests
 *   are what credential rules apply to, and its own port gives the chaos suite its own six
 *   HTTP/1.1 connections instead of sharing the test pages' ones.
 * - `isolatedOrigin`, for the suites that churn through connections (the resource-hygiene
 *   cycles): an aborted stream stays open on the server for a second or two after the page let
 *   go of it, so a thousand cycles keep all six connections of their origin busy. Measured on
 *   the test origin, that starved the other page running meanwhile (concurrency 2): its
 *   requests waited seconds, and timing-sensitive tests there failed.
 * Test pages find them, and the chaos suite's settings (from `npm run chaos`), at /__test/config.
 */
function moreOrigins() {
  /** @type {Array<{ origin: string, close: () => Promise<void> }>} */
  let servers = [];
  const chaos = {
    schedules: Number(process.env.CHAOS_SCHEDULES ?? 200),
    seed: Number(process.env.CHAOS_SEED ?? 0x20261121),
    lanes: Number(process.env.CHAOS_LANES ?? 4),
    only: (process.env.CHAOS_ONLY ?? '').split(',').filter(Boolean).map(Number),
  };
  return {
    name: 'more-origins',
    async serverStart() {
      servers = [
        await startSseTestServer({ crossOrigin: true, handlers: [handleChaosRequest] }),
        await startSseTestServer({ crossOrigin: true }),
      ];
    },
    async serverStop() {
      for (const server of servers) await server.close();
    },
    serve(context) {
      if (context.path !== '/__test/config') return undefined;
      const [cross, isolated] = servers;
      return { body: JSON.stringify({ crossOrigin: cross?.origin, isolatedOrigin: isolated?.origin, chaos }), type: 'json' };
    },
  };
}

export default {
  // Tests live by layer under test/ (Node ones under test/node, run by scripts/test-node.mjs).
  files: ['test/**/*.test.ts', '!test/node/**'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  hostname: '127.0.0.1',
  concurrency: 2,
  // `npm run chaos` runs thousands of schedules in one file, and raises this.
  testsFinishTimeout: Number(process.env.WTR_FINISH_TIMEOUT ?? 300_000),
  testFramework: { config: { timeout: 10_000 } },
  middleware: [sseTestMiddleware()],
  plugins: [
    moreOrigins(),
    reactAsEsm(),
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: [
          ...HEADLESS_FLAGS,
          '--disable-quic',
          // Test files run in parallel pages.
          ...UNTHROTTLED_FLAGS,
          // The resource-hygiene tests force garbage collection and read exact heap sizes.
          '--js-flags=--expose-gc',
          '--enable-precise-memory-info',
        ],
      },
    }),
  ],
};
