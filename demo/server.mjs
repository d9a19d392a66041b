// The progress-stream live demo: serves demo/index.html with the built IIFE bundle, runs
// simulated jobs for the five wire formats through `@progress-stream/core/server`, and lets the page
// break the network on purpose (drop, stall, 503, 401, restart) to watch the element recover.
//
//   node demo/server.mjs [--port 5173] [--host 127.0.0.1] [--speed 1]
//
// Environment: PORT, HOST, DEMO_SPEED (pacing factor: 20 runs jobs twenty times faster),
// DEMO_FAILURE_RATE (0–1, how often a nightly import fails, default 0.25; purchase orders fail
// half as often).
// Plain Node ESM on purpose: it imports the built helper from dist/ (run `npm run build`).
//
// This file is the entry (scripts/start.mjs and the demo tests use it); the server lives in
// demo/server/: start-demo-server.mjs puts it together, routes.mjs maps URLs, stream-endpoint.mjs
// serves the streams, faults.mjs and connection.mjs break them on request, auth.mjs issues
// tokens, static-files.mjs serves the page, jobs.mjs and its series and channels run the
// simulations, cli.mjs reads the command line.
import { pathToFileURL } from 'node:url';
import { main } from './server/cli.mjs';

export { main, parseOptions } from './server/cli.mjs';
export { startDemoServer } from './server/start-demo-server.mjs';
export { CONTENT_SECURITY_POLICY } from './server/static-files.mjs';
export { STREAMS } from './server/streams.mjs';

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
