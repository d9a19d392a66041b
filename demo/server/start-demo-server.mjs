// Builds the demo (jobs, tokens, per-stream state), listens, and starts the jobs only once the
// server is up, so that no job runs for a server that failed to start (a port in use).
import http from 'node:http';
import { createClock } from '../simulations.mjs';
import { createTokenStore } from './auth.mjs';
import { createJobs } from './jobs.mjs';
import { createRequestListener } from './routes.mjs';
import { createStreamStates } from './stream-endpoint.mjs';

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
 * Starts the demo server. Resolves once it listens.
 * @returns {Promise<{ url: string, port: number, host: string, close(): Promise<void> }>}
 */
export async function startDemoServer(options = {}) {
  const { port = 5173, host = '127.0.0.1', speed = 1, failureRate = 0.25, heartbeatMs = 2000, log = () => undefined } = options;
  if (!(speed > 0)) throw new RangeError(`speed must be a positive number, got ${speed}`);
  const states = createStreamStates();
  const onPublished = (name, stored) => {
    states[name].lastEventId = stored.id;
  };
  const jobs = createJobs({ clock: createClock(speed), failureRate, heartbeatMs, onPublished });
  const tokens = createTokenStore();
  const server = http.createServer(createRequestListener({ states, jobs, tokens, speed, heartbeatMs, log }));

  await listen(server, port, host);
  jobs.start();

  const address = server.address();
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing;
  return {
    url: `http://${shownHost}:${address.port}/`,
    port: address.port,
    host: address.address,
    /** Stops the jobs, closes every stream and connection. */
    close() {
      closing ??= (async () => {
        for (const s of Object.values(states)) for (const connection of s.connections) clearTimeout(connection.timer);
        await jobs.close();
        await new Promise((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
