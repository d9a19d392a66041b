// The command line of `npm start` / `node demo/server.mjs`: flags and environment, a usage
// line instead of a stack trace for a bad flag, and a clean stop on Ctrl-C or SIGTERM.
import { startDemoServer } from './start-demo-server.mjs';

/** Reads `--port`, `--host`, `--speed` (also `--port=…`), falling back to the environment. */
export function parseOptions(argv, env) {
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      flags.help = true;
      continue;
    }
    const match = /^--(port|host|speed)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`Unknown argument: ${arg}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`${arg} needs a value`);
    flags[match[1]] = value;
  }
  const port = Number(flags.port ?? env.PORT ?? 5173);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port: ${flags.port ?? env.PORT}`);
  const speed = Number(flags.speed ?? env.DEMO_SPEED ?? 1);
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`Invalid speed: ${flags.speed ?? env.DEMO_SPEED}`);
  const failureRate = Number(env.DEMO_FAILURE_RATE ?? 0.25);
  if (!(failureRate >= 0 && failureRate <= 1)) throw new Error(`Invalid DEMO_FAILURE_RATE: ${env.DEMO_FAILURE_RATE}`);
  return { help: flags.help === true, port, host: flags.host ?? env.HOST ?? '127.0.0.1', speed, failureRate };
}

const USAGE = `Usage: npm start [-- --port 5173] [--host 127.0.0.1] [--speed 1]
Environment: PORT, HOST, DEMO_SPEED, DEMO_FAILURE_RATE (0-1, default 0.25)`;

/** The command line: starts the server, prints its URL, stops cleanly on Ctrl-C or SIGTERM. */
export async function main(argv = process.argv.slice(2), env = process.env) {
  let options;
  try {
    options = parseOptions(argv, env);
  } catch (error) {
    console.error(`progress-stream demo: ${error.message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  let demo;
  try {
    demo = await startDemoServer({ ...options, log: (line) => console.log(`progress-stream demo: ${line}`) });
  } catch (error) {
    const reason = error?.code === 'EADDRINUSE' ? `port ${options.port} is in use (set PORT or --port)` : error?.message;
    console.error(`progress-stream demo: cannot start: ${reason}`);
    process.exitCode = 1;
    return;
  }
  console.log(`progress-stream demo: ${demo.url}`);
  if (options.speed !== 1) console.log(`progress-stream demo: jobs run at ${options.speed}x speed`);
  console.log('progress-stream demo: press Ctrl-C to stop');
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`progress-stream demo: ${signal}, closing streams`);
    const force = setTimeout(() => process.exit(0), 3000);
    force.unref();
    demo.close().then(
      () => process.exit(0),
      (error) => {
        console.error('progress-stream demo: error while closing:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
