// A cluster for the cross-process tests, started by the test process: server instances
// (instance.ts) and one job worker (worker.ts), each a real `node --import tsx` process on a
// real redis-server, and the round-robin proxy (proxy.ts) in front of the instances. Instances
// can be SIGKILLed and started again on the same port; anything a child reports as escaped (an
// unhandled rejection, an uncaught exception, an exit nobody asked for) is kept in `problems`.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { JOB_EVENTS } from '../../../chaos/job.mjs';
import type { RedisServer } from '../../support/redis-server.js';
import type { InstanceMessage, JobCommand, RedisLibraryName, WorkerMessage } from './protocol.js';
import { startProxy, type Proxy } from './proxy.js';

const root = fileURLToPath(new URL('../../../..', import.meta.url));
const script = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
const STARTUP_TIMEOUT_MS = 30_000; // tsx compiles on first start; the machine is shared

function spawnChild(file: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script(file), ...args], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Resolves with the first IPC message that `accept` takes; rejects if the child exits first. */
function firstMessage<T, M>(child: ChildProcess, what: string, accept: (message: M) => T | undefined): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`${what} did not start within ${STARTUP_TIMEOUT_MS} ms`)), STARTUP_TIMEOUT_MS);
    const onMessage = (message: M): void => {
      const value = accept(message);
      if (value !== undefined) finish(undefined, value);
    };
    const onExit = (code: number | null, signal: string | null): void =>
      finish(new Error(`${what} exited (${code ?? signal}) before it started`));
    function finish(error: Error | undefined, value?: T): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error === undefined) resolve(value as T);
      else reject(error);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export interface InstanceHandle {
  readonly name: string;
  readonly port: number;
  readonly alive: boolean;
  /** SIGKILL: the process dies at once, its connections with it. */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
}

export interface JobRecord {
  readonly jobId: string;
  /** Ids Redis gave events 1 … 499, in publish order (index n - 1). */
  readonly ids: string[];
  /** Rejected publish attempts (retried). */
  rejections: number;
  /** The errors of the rejected attempts, by event number. */
  readonly errors: Map<number, string[]>;
  ended: boolean;
  /** Resolves once event `n` was published (`JOB_EVENTS`: once the stream ended). */
  reached(n: number): Promise<void>;
}

export interface Cluster {
  readonly proxy: Proxy;
  readonly instances: readonly InstanceHandle[];
  instance(name: string): InstanceHandle;
  /** Starts a job in the worker; resolves once its first event is in Redis. */
  startJob(jobId: string, intervalMs: number): Promise<JobRecord>;
  /** What escaped in a child process, or exits nobody asked for. */
  readonly problems: string[];
  /** Connections an instance could not start (answered 503), by instance. */
  readonly streamErrors: string[];
  close(): Promise<void>;
}

export interface ClusterOptions {
  redis: RedisServer;
  instances: ReadonlyArray<{ name: string; library?: RedisLibraryName }>;
  workerLibrary?: RedisLibraryName;
}

function createInstance(
  name: string,
  library: RedisLibraryName,
  redisUrl: string,
  problems: string[],
  streamErrors: string[],
): InstanceHandle & { boot(): Promise<void>; stop(): Promise<void> } {
  let child: ChildProcess | undefined;
  let port = 0;
  let expectedExit = false;
  const boot = async (): Promise<void> => {
    expectedExit = false;
    const started = spawnChild('./instance.ts', ['--name', name, '--port', String(port), '--redis', redisUrl, '--library', library]);
    child = started;
    started.on('message', (message: InstanceMessage) => {
      if (message.type === 'fatal') problems.push(message.message);
      if (message.type === 'stream-error') streamErrors.push(`${name}: ${message.message}`);
    });
    started.on('exit', (code, signal) => {
      if (!expectedExit) problems.push(`instance ${name} exited unexpectedly (${code ?? signal})`);
    });
    port = await firstMessage(started, `instance ${name}`, (message: InstanceMessage) =>
      message.type === 'listening' ? message.port : undefined,
    );
  };
  return {
    name,
    get port() {
      return port;
    },
    get alive() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    boot,
    start: boot,
    kill: async () => {
      expectedExit = true;
      await stopChild(child, 'SIGKILL');
    },
    stop: async () => {
      expectedExit = true;
      await stopChild(child, 'SIGTERM');
    },
  };
}

function createJobRecord(
  jobId: string,
): JobRecord & { onPublished(n: number, id: string, errors: string[]): void; onEnded(errors: string[]): void } {
  const waiters = new Map<number, Array<() => void>>();
  const record = {
    jobId,
    ids: [] as string[],
    rejections: 0,
    errors: new Map<number, string[]>(),
    ended: false,
    reached(n: number): Promise<void> {
      if (record.ids.length >= n || record.ended) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.set(n, [...(waiters.get(n) ?? []), resolve]));
    },
    onPublished(n: number, id: string, errors: string[]): void {
      record.ids[n - 1] = id;
      record.rejections += errors.length;
      if (errors.length > 0) record.errors.set(n, errors);
      for (const resolve of waiters.get(n) ?? []) resolve();
      waiters.delete(n);
    },
    onEnded(errors: string[]): void {
      record.ended = true;
      record.rejections += errors.length;
      if (errors.length > 0) record.errors.set(JOB_EVENTS, errors);
      for (const list of waiters.values()) for (const resolve of list) resolve();
      waiters.clear();
    },
  };
  return record;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const problems: string[] = [];
  const streamErrors: string[] = [];
  const instances = options.instances.map(({ name, library }) =>
    createInstance(name, library ?? 'node-redis', options.redis.url, problems, streamErrors),
  );
  const worker = spawnChild('./worker.ts', ['--redis', options.redis.url, '--library', options.workerLibrary ?? 'node-redis']);
  let closing = false;
  worker.on('exit', (code, signal) => {
    if (!closing) problems.push(`the worker exited unexpectedly (${code ?? signal})`);
  });
  const jobs = new Map<string, ReturnType<typeof createJobRecord>>();
  worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'fatal') problems.push(message.message);
    if (message.type === 'published') jobs.get(message.jobId)?.onPublished(message.n, message.id, message.errors);
    if (message.type === 'ended') jobs.get(message.jobId)?.onEnded(message.errors);
  });
  // The children start side by side: each pays tsx's start-up on its own.
  try {
    await Promise.all([
      firstMessage(worker, 'the worker', (m: WorkerMessage) => (m.type === 'ready' ? true : undefined)),
      ...instances.map((i) => i.boot()),
    ]);
  } catch (error) {
    // Those that did start would keep the test process alive.
    closing = true;
    await Promise.all([...instances.map((i) => i.stop()), stopChild(worker, 'SIGKILL')]);
    throw error;
  }
  const proxy = await startProxy(instances);

  return {
    proxy,
    instances,
    instance(name) {
      const found = instances.find((i) => i.name === name);
      if (found === undefined) throw new Error(`no instance ${name}`);
      return found;
    },
    async startJob(jobId, intervalMs) {
      const record = createJobRecord(jobId);
      jobs.set(jobId, record);
      const command: JobCommand = { type: 'job', jobId, intervalMs };
      worker.send(command);
      await record.reached(1);
      return record;
    },
    problems,
    streamErrors,
    async close() {
      closing = true;
      await proxy.close();
      await Promise.all([...instances.map((i) => i.stop()), stopChild(worker, 'SIGTERM')]);
    },
  };
}
