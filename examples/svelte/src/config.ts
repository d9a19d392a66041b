// Which stream the page shows, and the token it sends. `?src=/jobs/42/events` picks another
// stream. The token is read from the page's fragment (`#token=…`), which browsers never send to
// a server, and it reaches the stream only as an `Authorization` header, never in its URL.
export const streamUrl = new URLSearchParams(location.search).get('src') ?? '/api/jobs/demo/events';
const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? 'demo-token';

/** Asked before every connection attempt, so a refreshed token is picked up on reconnect. */
export const authHeaders = (): HeadersInit => ({ Authorization: `Bearer ${token}` });
