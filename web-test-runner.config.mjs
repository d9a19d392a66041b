// Browser tests: Debian's Chromium, headless, TypeScript through esbuild, and the scriptable
// SSE test server mounted on the same origin (see test/support/sse-test-server.mjs).
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fileURLToPath } from 'node:url';
import { sseTestMiddleware, startSseTestServer } from './test/support/sse-test-server.mjs';
import { handleChaosRequest } from './test/support/chaos-server.mjs';
import { reactAsEsm } from './test/react/react-esm-plugin.mjs';

const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/**
 * A second origin for the tests: the same scripted SSE server plus the chaos suite's
 * fault-injecting server, on another port of 127.0.0.1, with CORS. Cross-origin requests are
 * what credential rules apply to, and its own port gives the chaos suite its own six
 * HTTP/1.1 connections instead of sharing the test pages' ones. Test pages find it, and the
 * chaos suite's settings (from `npm run chaos`), at /__test/config.
 */
function secondOrigin() {
  /** @type {{ origin: string, close: () => Promise<void> } | undefined} */
  let server;
  const chaos = {
    schedules: Number(process.env.CHAOS_SCHEDULES ?? 200),
    seed: Number(process.env.CHAOS_SEED ?? 0x20261121),
    lanes: Number(process.env.CHAOS_LANES ?? 4),
    only: (process.env.CHAOS_ONLY ?? '').split(',').filter(Boolean).map(Number),
  };
  return {
    name: 'second-origin',
    async serverStart() {
      server = await startSseTestServer({ crossOrigin: true, handlers: [handleChaosRequest] });
    },
    async serverStop() {
      await server?.close();
    },
    serve(context) {
      if (context.path !== '/__test/config') return undefined;
      return { body: JSON.stringify({ crossOrigin: server?.origin, chaos }), type: 'json' };
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
    secondOrigin(),
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
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-quic',
          '--no-first-run',
          // Test files run in parallel pages; without these, every page but one counts as a
          // background tab whose animation frames and timers are throttled or paused.
          '--disable-renderer-backgrounding',
          '--disable-background-timer-throttling',
          '--disable-backgrounding-occluded-windows',
          // The resource-hygiene tests force garbage collection and read exact heap sizes.
          '--js-flags=--expose-gc',
          '--enable-precise-memory-info',
        ],
      },
    }),
  ],
};
