// npm run start:cluster: the live demo on several server instances. Starts a local redis-server
// (from the PATH), the job simulations in a worker process that publishes through the Redis
// broker, two server instances, and a round-robin proxy that serves the page. Kill an instance
// from the page and watch its streams continue on the other one. Ctrl-C stops everything.
//
//   npm run start:cluster [-- --port 5180] [--host 127.0.0.1] [--speed 1] [--no-build]
//
// Builds dist/ first when it is missing or older than src/, like `npm start` (`--no-build`
// skips that: the tests build once, before they start).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startCluster } from '../demo/cluster/cluster.mjs';
import { redisServerMissing } from '../demo/cluster/redis-process.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outputs = ['dist/progress-stream.iife.js', 'dist/server/index.js', 'dist/server/redis/index.js'];
const say = (line) => console.log(`progress-stream cluster: ${line}`);
const USAGE = `Usage: npm run start:cluster [-- --port 5180] [--host 127.0.0.1] [--speed 1] [--no-build]
Environment: PORT, HOST, DEMO_SPEED, DEMO_FAILURE_RATE (0-1, default 0.25)`;

/** The flags of `npm start` (and its environment), on another default port so that both can run at once. */
function parseOptions(argv, env) {
  const flags = {
    port: { type: 'string' },
    host: { type: 'string' },
    speed: { type: 'string' },
    'no-build': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  };
  const { values } = parseArgs({ args: argv, options: flags });
  const port = Number(values.port ?? env.PORT ?? 5180);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port: ${values.port ?? env.PORT}`);
  const speed = Number(values.speed ?? env.DEMO_SPEED ?? 1);
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`Invalid speed: ${values.speed ?? env.DEMO_SPEED}`);
  const failureRate = Number(env.DEMO_FAILURE_RATE ?? 0.25);
  if (!(failureRate >= 0 && failureRate <= 1)) throw new Error(`Invalid DEMO_FAILURE_RATE: ${env.DEMO_FAILURE_RATE}`);
  return {
    help: values.help === true,
    build: values['no-build'] !== true,
    port,
    host: values.host ?? env.HOST ?? '127.0.0.1',
    speed,
    failureRate,
  };
}

function needsBuild() {
  let built = Infinity;
  for (const output of outputs) {
    try {
      built = Math.min(built, statSync(join(root, output)).mtimeMs);
    } catch {
      return true;
    }
  }
  for (const entry of readdirSync(join(root, 'src'), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs > built) return true;
  }
  return false;
}

function build() {
  say('building dist/ (npm run build)…');
  const npmCli = process.env.npm_execpath;
  const result = npmCli
    ? spawnSync(process.execPath, [npmCli, 'run', 'build'], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  return result.status === 0;
}

async function main() {
  let options;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`progress-stream cluster: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const missing = redisServerMissing();
  if (missing !== undefined) {
    console.error(`progress-stream cluster: ${missing}`);
    return 1;
  }
  if (options.build && needsBuild() && !build()) {
    console.error('progress-stream cluster: the build failed; see above.');
    return 1;
  }
  let cluster;
  try {
    const { port, host, speed, failureRate } = options;
    cluster = await startCluster({ port, host, speed, failureRate, log: say });
  } catch (error) {
    const reason = error?.code === 'EADDRINUSE' ? `port ${options.port} is in use (set PORT or --port)` : error?.message;
    console.error(`progress-stream cluster: cannot start: ${reason}`);
    return 1;
  }
  say(`${cluster.url} (two instances behind a round-robin proxy; kill one from the page)`);
  if (options.speed !== 1) say(`jobs run at ${options.speed}x speed`);
  say('press Ctrl-C to stop (Redis included)');
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}, stopping the instances, the worker and Redis`);
    cluster.close().then(
      () => process.exit(0),
      (error) => {
        console.error('progress-stream cluster: error while stopping:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  return undefined;
}

const code = await main();
if (code !== undefined) process.exitCode = code;
