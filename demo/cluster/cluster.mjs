// Puts the cluster demo together: a local redis-server, the worker that runs the jobs, two server
// instances, and the round-robin proxy the page is served through. An instance that dies (the
// page's "kill this instance") is started again after `restartDelayMs`; `close()` stops every
// process it started, Redis included.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createProxy } from './proxy.mjs';
import { freePort, startRedisProcess } from './redis-process.mjs';

const WORKER = fileURLToPath(new URL('./worker.mjs', import.meta.url));
const INSTANCE = fileURLToPath(new URL('./instance.mjs', import.meta.url));
const READY_TIMEOUT_MS = 15_000;

/** Starts a Node child with an IPC channel; resolves once it sends `{ ready: true }`. */
function startChild(file, args, env) {
  const child = fork(file, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env });
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    child.on('message', (message) => {
      if (message?.ready !== true) return;
      clearTimeout(timer);
      resolve(message);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited at start (${signal ?? `code ${code}`})`));
    });
  });
  return { child, ready };
}

function exited(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Stops a child: SIGTERM, then SIGKILL if it is still there after 3 s. */
async function stopChild(child) {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited(child);
  clearTimeout(force);
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * @param {{ port?: number, host?: string, speed?: number, failureRate?: number, restartDelayMs?: number, log?(line: string): void }} options
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function startCluster(options = {}) {
  const { port = 5180, host = '127.0.0.1', speed = 1, failureRate = 0.25, restartDelayMs = 3000, log = () => undefined } = options;
  const env = { ...process.env, DEMO_FAILURE_RATE: String(failureRate) };
  let closing = false;
  const timers = new Set();
  const instances = [];
  let worker;
  let proxy;

  const redis = await startRedisProcess();
  log(`redis-server pid ${redis.pid} on port ${redis.port}`);

  const startInstance = async (instance) => {
    const started = startChild(INSTANCE, ['--name', instance.name, '--port', String(instance.port), '--redis-url', redis.url], env);
    instance.child = started.child;
    started.child.once('exit', (code, signal) => {
      instance.alive = false;
      if (closing) return;
      log(`instance ${instance.name} stopped (${signal ?? `exit code ${code}`}); starting it again in ${restartDelayMs / 1000} s`);
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!closing) startInstance(instance).catch((error) => log(`instance ${instance.name} did not start again: ${error.message}`));
      }, restartDelayMs);
      timers.add(timer);
    });
    await started.ready;
    instance.alive = true;
  };

  const close = async () => {
    closing = true;
    for (const timer of timers) clearTimeout(timer);
    if (proxy !== undefined) {
      proxy.close();
      proxy.closeAllConnections();
    }
    await Promise.all([...instances.map((instance) => stopChild(instance.child)), stopChild(worker)]);
    await redis.stop();
  };

  try {
    const started = startChild(WORKER, ['--redis-url', redis.url, '--speed', String(speed)], env);
    worker = started.child;
    worker.once('exit', (code, signal) => {
      if (!closing) log(`the worker stopped (${signal ?? `exit code ${code}`}); restart the demo to run jobs again`);
    });
    await started.ready;
    for (const name of ['a', 'b']) instances.push({ name, port: await freePort(), alive: false, child: undefined });
    await Promise.all(instances.map(startInstance));
    proxy = createProxy({ instances: () => instances, log });
    await listen(proxy, port, host);
  } catch (error) {
    await close();
    throw error;
  }
  const address = proxy.address();
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${shownHost}:${address.port}/`, close };
}
