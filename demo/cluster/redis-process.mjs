// A throwaway redis-server for the cluster demo (and the fan-out benchmark): the binary from the
// PATH, on a free port of 127.0.0.1, without persistence, in a temporary directory that goes
// away with it. What the demo shows needs a real Redis, never a stand-in.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BINARY = process.env.REDIS_SERVER ?? 'redis-server';

export const REDIS_INSTALL_HINT = 'sudo apt-get install -y redis-server';

/** Why redis-server cannot run (a sentence naming the install command), or undefined when it can. */
export function redisServerMissing() {
  const probe = spawnSync(BINARY, ['--version'], { encoding: 'utf8' });
  if (probe.error === undefined && probe.status === 0) return undefined;
  return `redis-server was not found on the PATH (${BINARY}). Install it: ${REDIS_INSTALL_HINT}`;
}

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(host = '127.0.0.1') {
  const server = createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once `PING` on `port` answers `PONG`; rejects after `timeoutMs`. */
async function waitForPong(port, child, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`redis-server exited at start (port ${port})`);
    const ok = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.setTimeout(1000, () => socket.destroy());
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
      socket.once('close', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Starts redis-server. `stop()` shuts it down without saving (SIGKILL if it lingers) and
 * removes its directory.
 * @returns {Promise<{ port: number, url: string, pid: number, stop(): Promise<void> }>}
 */
export async function startRedisProcess({ port } = {}) {
  const missing = redisServerMissing();
  if (missing !== undefined) throw new Error(missing);
  const chosen = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'progress-stream-cluster-redis-'));
  const child = spawn(BINARY, ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    await waitForPong(chosen, child);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    cleanup();
    throw error;
  }
  let stopping;
  return {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}`,
    pid: child.pid,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          // SIGTERM: redis-server shuts down at once (nothing to save with `--save ''`).
          child.kill('SIGTERM');
          const force = setTimeout(() => child.kill('SIGKILL'), 3000);
          await exited;
          clearTimeout(force);
        }
        cleanup();
      })();
      return stopping;
    },
  };
}
