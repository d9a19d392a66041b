// Small HTTP pieces every route shares: reading the request defensively (a malformed request is
// the client's error, answered 400, never a stack trace) and answering with safe headers.

/** A request the server cannot make sense of: answered 400, not a stack trace. */
export class BadRequest extends Error {}

/** Path segments, percent-decoded; a malformed escape (`%ZZ`, a cut UTF-8 sequence) is the client's error. */
export function pathSegments(path) {
  try {
    return path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw new BadRequest('Malformed percent-escape in the path');
  }
}

/** The request target as a URL; Node passes some targets (`http://[`) that are no URL at all. */
export function requestUrl(req) {
  try {
    return new URL(req.url ?? '/', 'http://demo.invalid');
  } catch {
    throw new BadRequest('Malformed request target');
  }
}

/** `table[key]` for the table's own entries only: `__proto__` or `constructor` are no stream names. */
export function own(table, key) {
  return typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;
}

export function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

export function sendText(res, status, text, headers = {}) {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

/** The request body as JSON (`{}` when empty); rejects past `limit` bytes so nobody can fill memory. */
export function readJsonBody(req, limit = 4096) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new Error('the body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}
