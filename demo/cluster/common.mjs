// What the cluster demo's processes share.

/** The Redis hash where the worker writes each format's current job (`/api/jobs` reads it). */
export const JOBS_KEY = 'progress-stream-demo:jobs';

/**
 * Gives a node-redis client the `error` listener it needs (without one, a socket error crashes
 * the process) and logs one line per outage instead of one per reconnection attempt.
 */
export function reportRedisErrors(client, log) {
  let down = false;
  client.on('error', (error) => {
    if (down) return;
    down = true;
    log(`Redis: ${error?.message ?? error}`);
  });
  client.on('ready', () => {
    if (down) log('Redis: connected again');
    down = false;
  });
}
