// What the cluster's child processes (instance.ts, worker.ts) and the test process tell each
// other over Node's IPC channel. Plain JSON: the children are separate programs, as a real
// deployment's API servers and job workers are.

/** Which Redis client library a child uses (both are supported by the broker). */
export type RedisLibraryName = 'node-redis' | 'ioredis';

/** Prefix of the broker's keys in the cluster tests (the test reads and trims them). */
export const CLUSTER_PREFIX = 'cluster:';

/** The log key of a job in Redis, as the broker names it. */
export const logKeyOf = (jobId: string): string => `${CLUSTER_PREFIX}{${jobId}}:log`;

/** From an instance. */
export type InstanceMessage =
  | { type: 'listening'; port: number }
  /** The broker failed a connection (answered 503); the client retries. */
  | { type: 'stream-error'; message: string }
  /** Something escaped: an unhandled rejection or an uncaught exception (the process exits). */
  | { type: 'fatal'; message: string };

/** To the worker. */
export interface JobCommand {
  type: 'job';
  /** The job of test/chaos/job.mjs (500 events, the last one published with `end()`). */
  jobId: string;
  /** Pause between two publishes. */
  intervalMs: number;
}

/** From the worker. */
export type WorkerMessage =
  | { type: 'ready' }
  /** Event `n` was accepted by Redis, after the rejected attempts whose errors are `errors`. */
  | { type: 'published'; jobId: string; n: number; id: string; errors: string[] }
  /** The job's terminal event was recorded and the stream ended. */
  | { type: 'ended'; jobId: string; errors: string[] }
  | { type: 'fatal'; message: string };
