// A real redis-server for the tests: started on a free port of 127.0.0.1 with no persistence
// unless asked, in its own temporary directory, and stopped (SIGKILL if it does not stop) at the
// end. Never a mock. When the binary is missing the tests fail with the command that installs it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops the server. `save`: write its data first (SHUTDOWN SAVE), so a restart loads it. */
  stop(options?: { save?: boolean }): Promise<void>;
  /** Starts it again on the same port (with the data of a saved stop, if any); nothing if it runs. */
  start(): Promise<void>;
  /** Kills it (SIGKILL): the data is lost. */
  kill(): Promise<void>;
}

const BINARY = process.env.REDIS_SERVER ?? 'redis-server';

export function assertRedisInstalled(): void {
  const probe = spawnSync(BINARY, ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(
      `redis-server is needed by the Redis broker tests and was not found (${BINARY}). Install it: sudo apt-get install -y redis-server`,
    );
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.write('PING\r\n');
        socket.once('data', (data) => {
          socket.destroy();
          resolve(data.toString().startsWith('+PONG'));
        });
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Sends one inline command on a fresh socket (used to stop the server). */
function sendRaw(port: number, command: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => socket.write(`${command}\r\n`));
    socket.once('close', () => resolve());
    socket.once('error', () => resolve());
    socket.setTimeout(5000, () => socket.destroy());
  });
}

export async function startRedisServer(): Promise<RedisServer> {
  assertRedisInstalled();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'progress-stream-redis-'));
  let child: ChildProcess | undefined;

  const running = (): boolean => child !== undefined && child.exitCode === null && child.signalCode === null;
  const start = async (): Promise<void> => {
    // Already running: a second server could not bind the port, and this one would be lost track of.
    if (running()) return;
    mkdirSync(dir, { recursive: true });
    child = spawn(
      BINARY,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--dbfilename', 'dump.rdb'],
      {
        stdio: 'ignore',
      },
    );
    await waitForPort(port);
  };
  const exited = (): Promise<void> =>
    new Promise((resolve) => {
      if (child === undefined || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
    });
  const kill = async (): Promise<void> => {
    child?.kill('SIGKILL');
    await exited();
  };
  const stop = async (options: { save?: boolean } = {}): Promise<void> => {
    if (!running()) return;
    await sendRaw(port, options.save === true ? 'SHUTDOWN SAVE' : 'SHUTDOWN NOSAVE');
    const timer = setTimeout(() => child?.kill('SIGKILL'), 5000);
    await exited();
    clearTimeout(timer);
  };

  await start();
  process.once('exit', () => child?.kill('SIGKILL'));
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    kill,
    stop: async (options) => {
      await stop(options);
      // Nothing to keep: the directory goes (start() makes it again).
      if (options?.save !== true) rmSync(dir, { recursive: true, force: true });
    },
  };
}
