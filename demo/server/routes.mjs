// The demo's URL space: the streams, a small JSON API for the page (status, tokens, faults) and
// the fixed list of static files. Anything else is a 404; a request it cannot parse is a 400.
import { controlTarget, serveControl } from './control-endpoint.mjs';
import { applyFault, parseFault } from './faults.mjs';
import { BadRequest, own, pathSegments, readJsonBody, requestUrl, sendJson, sendText } from './http.mjs';
import { serveStatic, STATIC_FILES } from './static-files.mjs';
import { serveStream } from './stream-endpoint.mjs';
import { STREAMS } from './streams.mjs';

const notAllowed = (res, allow) => sendText(res, 405, 'Method not allowed', { allow });

/** What GET /api/jobs reports per stream: its current job and its connection history. */
function describeStreams({ states, jobs }) {
  return Object.fromEntries(
    Object.entries(STREAMS).map(([name, def]) => {
      const s = states[name];
      return [
        name,
        {
          kind: def.kind,
          auth: def.auth,
          ...jobs.describe(name),
          connections: s.connections.size,
          lastEventId: s.lastEventId,
          responses: s.responses,
          unavailableForMs: Math.max(0, s.unavailableUntil - Date.now()),
          unauthorizedOnce: s.unauthorizedOnce,
        },
      ];
    }),
  );
}

/** POST /api/faults/<name> with `{ type, seconds? }`. */
async function postFault(demo, name, req, res) {
  const def = own(STREAMS, name);
  if (def === undefined) return sendJson(res, 404, { error: `No stream "${name}"` });
  let body;
  try {
    body = await readJsonBody(req);
  } catch (error) {
    return sendJson(res, 400, { error: error.message });
  }
  const fault = parseFault(name, def, body);
  if ('error' in fault) return sendJson(res, 400, { error: fault.error });
  const { type, seconds } = fault;
  const message = applyFault(demo.states[name], () => demo.jobs.restart(name), type, seconds);
  demo.log(`fault ${type} on ${name}: ${message}`);
  return sendJson(res, 200, { ok: true, stream: name, type, seconds, message, ...describeStreams(demo)[name] });
}

/**
 * GET /streams/<name> (a channel) or /streams/<name>/<jobId> (a per-job format); POST to
 * either with /cancel, /pause or /resume appended controls its job.
 */
function routeStream(demo, method, parts, req, res) {
  const def = own(STREAMS, parts[1]);
  const control = controlTarget(parts);
  if (control !== undefined) {
    if (method !== 'POST') return notAllowed(res, 'POST');
    return serveControl(demo, control, req, res);
  }
  if (method !== 'GET') return notAllowed(res, 'GET');
  if (def.kind === 'channel' && parts.length === 2) return serveStream(demo, parts[1], req, res, undefined);
  if (def.kind === 'job' && parts.length === 3) return serveStream(demo, parts[1], req, res, parts[2]);
  return sendText(res, 404, 'Not found');
}

async function handle(demo, req, res) {
  const url = requestUrl(req);
  const path = url.pathname;
  const method = req.method ?? 'GET';
  const parts = pathSegments(path);

  if (parts[0] === 'streams' && own(STREAMS, parts[1]) !== undefined) return routeStream(demo, method, parts, req, res);
  if (path === '/api/jobs') {
    if (method !== 'GET') return notAllowed(res, 'GET');
    return sendJson(res, 200, {
      speed: demo.speed,
      heartbeatMs: demo.heartbeatMs,
      tokensIssued: demo.tokens.issued,
      streams: describeStreams(demo),
    });
  }
  if (path === '/api/token') {
    if (method !== 'POST') return notAllowed(res, 'POST');
    // A real application checks the user's session here; the demo hands a token to anyone.
    return sendJson(res, 200, demo.tokens.issue());
  }
  if (parts[0] === 'api' && parts[1] === 'faults' && parts.length === 3) {
    if (method !== 'POST') return notAllowed(res, 'POST');
    return postFault(demo, parts[2], req, res);
  }
  const staticPath = own(STATIC_FILES, path);
  if (staticPath !== undefined) {
    if (method !== 'GET' && method !== 'HEAD') return notAllowed(res, 'GET, HEAD');
    return serveStatic(req, res, staticPath);
  }
  if (path === '/favicon.ico') return sendText(res, 204, '');
  if (path === '/examples/plain-html') return sendText(res, 308, 'Moved', { location: '/examples/plain-html/' });
  return sendText(res, 404, 'Not found');
}

/**
 * The `http.createServer` listener over what `startDemoServer` built.
 * @param {{ states, jobs, tokens, speed: number, heartbeatMs: number, log(line: string): void }} demo
 */
export function createRequestListener(demo) {
  return (req, res) => {
    handle(demo, req, res).catch((error) => {
      if (error instanceof BadRequest) {
        if (!res.headersSent) sendText(res, 400, `Bad request: ${error.message}`);
        return;
      }
      // One line, no stack: whatever a client sends must not fill the server's log.
      console.error(`progress-stream demo: request failed: ${String(error)}`);
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  };
}
