// GET /streams/<name>[/<jobId>]: the one place where a stream request meets the faults the page
// switched on (503 for a while, 401 once) and the bearer token, and where open connections are
// tracked so that the faults can drop or stall them.
import { BEARER_CHALLENGE } from './auth.mjs';
import { trackConnection } from './connection.mjs';
import { sendText } from './http.mjs';
import { STREAMS } from './streams.mjs';

/** Per stream: open connections, active faults and what was answered (GET /api/jobs shows it). */
export function createStreamStates() {
  return Object.fromEntries(
    Object.keys(STREAMS).map((name) => [
      name,
      { connections: new Set(), unavailableUntil: 0, unauthorizedOnce: false, responses: {}, lastEventId: undefined },
    ]),
  );
}

function count(s, status) {
  s.responses[status] = (s.responses[status] ?? 0) + 1;
}

/**
 * Answers one stream request: 503 while unavailable, 401 without a live token (or once after the
 * "401" fault), 404 for an unknown job, else the event stream itself.
 * @param {{ states, jobs, tokens }} demo what `startDemoServer` built
 */
export async function serveStream({ states, jobs, tokens }, name, req, res, jobId) {
  const s = states[name];
  const answer = (status, headers, text) => {
    count(s, status);
    sendText(res, status, text, headers);
  };
  if (Date.now() < s.unavailableUntil) {
    return answer(503, { 'retry-after': String(Math.ceil((s.unavailableUntil - Date.now()) / 1000)) }, 'Service unavailable (simulated)');
  }
  if (STREAMS[name].auth && (s.unauthorizedOnce || !tokens.authorized(req))) {
    s.unauthorizedOnce = false;
    return answer(401, { 'www-authenticate': BEARER_CHALLENGE }, 'Unauthorized');
  }
  const stream = jobs.stream(name, jobId);
  if (stream === undefined) return answer(404, {}, 'No such job');
  count(s, 200);
  const connection = trackConnection(res);
  s.connections.add(connection);
  res.on('close', () => {
    clearTimeout(connection.timer);
    s.connections.delete(connection);
  });
  await stream.handleNode(req, connection.response).catch(() => undefined);
}
