// The POST that asks a server to cancel, pause or resume (see job-control.ts, which loads this
// on the first request to a control URL): the URL checked, the stream's headers and credentials
// mode, the body never read.
import { RequestSender } from '../client/request-sender.js';
import { checkHttpUrl, pageBase, type UrlCheck } from '../client/url-policy.js';
import type { ControlOptions, Outcome } from './job-control.js';

/** The URL resolved against `baseUrl` (else the page), http(s) only, no credentials in it. */
function checkControlUrl(url: string | URL, baseUrl: string | undefined): UrlCheck {
  let resolved: URL;
  try {
    resolved = new URL(url, baseUrl ?? pageBase());
  } catch {
    return { ok: false, message: 'The control URL is not a valid URL' };
  }
  return checkHttpUrl(resolved, 'The control URL');
}

/** POSTs to `url` with the caller's headers and credentials mode; the body is never read. */
export async function post(options: ControlOptions, url: string | URL, signal: AbortSignal): Promise<Outcome> {
  const checked = checkControlUrl(url, options.baseUrl);
  if (!checked.ok) return { ok: false, reason: checked.message };
  // The stream's own request code: the same header checks, and caller headers kept from other
  // origins a redirect leads to.
  const sender = new RequestSender({ url: checked.url, headers: options.headers, credentials: options.credentials, fetch: options.fetch });
  const headers = await sender.headers({ accept: 'application/json' }); // a throw: a refusal (JobControl#send)
  if ('failure' in headers) return { ok: false, reason: headers.failure === 'provider' ? 'The headers function failed' : headers.message };
  try {
    const response = await sender.fetch(checked.url, { method: 'POST', body: null, signal }, headers);
    // Nothing in the body is needed: a huge or endless one must not be downloaded.
    response.body?.cancel().catch(() => undefined);
    if (response.ok) return { ok: true };
    return { ok: false, status: response.status, reason: `HTTP ${response.status} ${response.statusText}` };
  } catch (error) {
    return { ok: false, reason: error };
  }
}
