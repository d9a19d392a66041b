// What only requests with the caller's `headers` need: checking those headers, and keeping them
// from other origins a redirect leads to. One chunk, loaded by the first such request, so that a
// client without headers never loads it (see request-sender.ts).
export { buildRequestHeaders, InvalidHeaderError } from './request-headers.js';
export { fetchWithRedirects } from './redirects.js';
