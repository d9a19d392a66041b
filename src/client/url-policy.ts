/**
 * Which URLs the client fetches: the stream's and the status poll's. Only http(s), because
 * `fetch` of `data:`, `blob:` or `javascript:` would either fail or hand the client content that
 * no server sent; and never one with credentials in it (`http://user:pass@host/`), which
 * `fetch` refuses to request at all, and which would leak into logs and proxies anyway.
 */
export type UrlCheck = { ok: true; url: URL } | { ok: false; message: string };

/** The page URL relative URLs resolve against; undefined outside a page (Workers without one, Node). */
export function pageBase(): string | undefined {
  return (globalThis as { location?: { href: string } }).location?.href;
}

/**
 * Resolves `url` against the page and checks it. `what` names it in the message ("The stream
 * URL"). The message never repeats the URL: it may carry the very credentials it is refused for.
 */
export function checkHttpUrl(url: string | URL, what: string): UrlCheck {
  let resolved: URL;
  try {
    resolved = new URL(url, pageBase());
  } catch {
    return { ok: false, message: `${what} is not a valid URL (a relative URL needs a page to resolve against)` };
  }
  if (resolved.protocol !== 'http:' && resolved.protocol !== 'https:') {
    return { ok: false, message: `${what} must be an http(s) URL` };
  }
  if (resolved.username !== '' || resolved.password !== '') {
    return { ok: false, message: `${what} must not contain credentials (user:password@): send them in headers` };
  }
  return { ok: true, url: resolved };
}
