// POST /streams/<name>/<jobId>/cancel|pause|resume (a per-job format's job) and
// POST /streams/<name>/cancel|pause|resume (a channel's current job: typed-json). What
// <progress-stream cancel-url pause-url resume-url> sends: no body, the stream's own headers.
// The authenticated streams want the same bearer token for these as for the stream itself.
import { BEARER_CHALLENGE } from './auth.mjs';
import { sendJson } from './http.mjs';
import { STREAMS } from './streams.mjs';

export const CONTROL_ACTIONS = Object.freeze(['cancel', 'pause', 'resume']);

/**
 * The control request `parts` (the path's segments) names, or undefined: the action, and the
 * job id for per-job formats.
 */
export function controlTarget(parts) {
  const def = STREAMS[parts[1]];
  const action = parts.at(-1);
  if (!CONTROL_ACTIONS.includes(action)) return undefined;
  if (def.kind === 'job' && parts.length === 4) return { name: parts[1], jobId: parts[2], action };
  if (def.kind === 'channel' && parts.length === 3) return { name: parts[1], jobId: undefined, action };
  return undefined;
}

/**
 * Whether a browser sent this from another site. Such a POST needs no preflight (no body, only
 * safelisted headers), so without this check any page could cancel the demo's open jobs.
 */
function fromAnotherSite(req) {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  if (origin === undefined) return false; // not a browser: curl, a test, another server
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

/**
 * 202 when the job takes the request (the stream then says so: paused, resumed, cancelled),
 * 200 when it changes nothing (pausing a paused job), 409 when the job has ended, 404 when the
 * stream has no such job (or no single job to control: workflow-stages), 401 without a live token.
 * @param {{ jobs, tokens, log(line: string): void }} demo
 */
export function serveControl({ jobs, tokens, log }, { name, jobId, action }, req, res) {
  if (fromAnotherSite(req)) return sendJson(res, 403, { error: 'Cross-site requests cannot control jobs' });
  if (STREAMS[name].auth && !tokens.authorized(req)) {
    return sendJson(res, 401, { error: 'Unauthorized' }, { 'www-authenticate': BEARER_CHALLENGE });
  }
  const run = jobs.run(name, jobId);
  if (run === undefined) return sendJson(res, 404, { error: 'No such running job' });
  const result = run[action]();
  if (result === 'ended') return sendJson(res, 409, { error: 'The job has ended' });
  log(`${action} ${name}${jobId === undefined ? '' : `/${jobId}`}: ${result}`);
  return sendJson(res, result === 'done' ? 202 : 200, { ok: true, action, changed: result === 'done' });
}
