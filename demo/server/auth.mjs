// Bearer tokens for the authenticated streams. A real application checks the user's session
// before issuing one; the demo hands one to anyone, because what it shows is the client side:
// the token travels in a header (never the URL) and is asked for again after a 401.
import { randomBytes } from 'node:crypto';

const TOKEN_TTL_MS = 15 * 60_000;
/** At this many tokens the oldest are dropped, so a client looping on POST /api/token cannot fill memory. */
const MAX_TOKENS = 10_000;

/** What a 401 from a stream says, as RFC 6750 asks. */
export const BEARER_CHALLENGE = 'Bearer realm="progress-stream demo", error="invalid_token"';

export function createTokenStore() {
  const tokens = new Map(); // token -> expiry (ms since the epoch)
  let issued = 0;
  return {
    /** How many tokens were handed out since the server started (GET /api/jobs shows it). */
    get issued() {
      return issued;
    },
    issue() {
      const now = Date.now();
      issued++;
      for (const [token, expires] of tokens) if (expires <= now || tokens.size >= MAX_TOKENS) tokens.delete(token);
      const token = `demo-token-${randomBytes(16).toString('hex')}`;
      tokens.set(token, now + TOKEN_TTL_MS);
      return { token, expiresIn: TOKEN_TTL_MS / 1000 };
    },
    /** Whether the request carries `Authorization: Bearer <a live token>`. */
    authorized(req) {
      const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      const expires = match ? tokens.get(match[1]) : undefined;
      return expires !== undefined && expires > Date.now();
    },
  };
}
