// The job worker of the cluster tests, in a process of its own with NO HTTP server: it publishes
// jobs through `hub.stream(jobId).publish` / `end` on a hub whose broker is Redis, and every
// instance's clients get the events. Told what to run over IPC (`JobCommand`); reports each
// event Redis accepted, with the id it got, so the test can compare what clients applied.
//
// A publish that Redis refuses (it is restarting or unreachable) is retried with a growing
// delay until it succeeds, and the job goes on in order: what a real worker does with the
// rejected promise the broker gives it.
//
//   node --import tsx worker.ts --redis redis://127.0.0.1:6379 [--library ioredis]
import { parseArgs } from 'node:util';
import { createEventStreamHub, type EventStream } from '../../../../src/server/index.js';
import { redisBroker } from '../../../../src/server/redis/index.js';
import { JOB_EVENTS, jobEvent } from '../../../chaos/job.mjs';
import { CLUSTER_PREFIX, type JobCommand, type RedisLibraryName, type WorkerMessage } from './protocol.js';
import { connectRedis } from './redis-clients.js';

const { values } = parseArgs({
  options: { redis: { type: 'string' }, library: { type: 'string', default: 'node-redis' } },
});
const tell = (message: WorkerMessage): void => {
  process.send?.(message);
};
process.on('unhandledRejection', (reason) => {
  tell({ type: 'fatal', message: `worker: unhandled rejection: ${String(reason)}` });
  process.exitCode = 1;
});

if (values.redis === undefined) throw new Error('--redis <url> is required');
const redis = await connectRedis(values.library as RedisLibraryName, values.redis, 'worker');
const broker = redisBroker({ client: redis.client, prefix: CLUSTER_PREFIX });
const hub = createEventStreamHub({ broker });

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` until it resolves; returns its value and the errors of the rejected attempts. */
async function untilAccepted<T>(attempt: () => Promise<T>): Promise<{ value: T; errors: string[] }> {
  const errors: string[] = [];
  for (;;) {
    try {
      return { value: await attempt(), errors };
    } catch (error) {
      // After end() nothing can be published: retrying would only loop.
      if (error instanceof TypeError) throw error;
      errors.push(String(error));
      await sleep(Math.min(400, 25 * 2 ** Math.min(errors.length - 1, 4)));
    }
  }
}

async function runJob(command: JobCommand): Promise<void> {
  const stream: EventStream = hub.stream(command.jobId);
  for (let n = 1; n < JOB_EVENTS; n++) {
    const { event, data } = jobEvent(n);
    const { value, errors } = await untilAccepted(() => stream.publish({ event, data }));
    tell({ type: 'published', jobId: command.jobId, n, id: value.id, errors });
    if (command.intervalMs > 0) await sleep(command.intervalMs);
  }
  const { event, data } = jobEvent(JOB_EVENTS);
  const { errors } = await untilAccepted(() => stream.end({ event, data }));
  tell({ type: 'ended', jobId: command.jobId, errors });
}

process.on('message', (message: JobCommand) => {
  if (message.type !== 'job') return;
  runJob(message).catch((error: unknown) => tell({ type: 'fatal', message: `worker: job ${message.jobId} failed: ${String(error)}` }));
});
process.once('SIGTERM', () => {
  void hub.close().finally(() => {
    broker.close();
    redis.close();
    process.exit(0);
  });
});
process.once('disconnect', () => process.exit(0));
tell({ type: 'ready' });
