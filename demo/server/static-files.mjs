// The demo's static files: a fixed list of URL -> file, so nothing else on disk (the server's
// own sources, .git, ../) can ever be read through it.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sendText } from './http.mjs';

const root = new URL('../../', import.meta.url);
const file = (path) => fileURLToPath(new URL(path, root));

/** What the server answers besides the streams: a fixed list, nothing else is read from disk. */
export const STATIC_FILES = {
  '/': 'demo/index.html',
  '/index.html': 'demo/index.html',
  '/demo.js': 'demo/demo.js',
  '/demo.css': 'demo/demo.css',
  '/favicon.svg': 'demo/favicon.svg',
  '/progress-stream.iife.js': 'dist/progress-stream.iife.js',
  '/progress-stream.iife.js.map': 'dist/progress-stream.iife.js.map',
  '/examples/plain-html/': 'examples/plain-html/index.html',
  '/examples/plain-html/index.html': 'examples/plain-html/index.html',
  '/examples/plain-html/progress-stream.iife.js': 'dist/progress-stream.iife.js',
  '/examples/plain-html/progress-stream.iife.js.map': 'dist/progress-stream.iife.js.map',
};

const CONTENT_TYPES = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  map: 'application/json; charset=utf-8',
};

/** Pages run no inline script or style and load nothing from elsewhere. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Answers with the file at `path` (relative to the repository); HTML pages get the CSP. */
export async function serveStatic(req, res, path) {
  let body;
  try {
    body = await readFile(file(path));
  } catch {
    const hint = path.startsWith('dist/') ? ' (run `npm run build`)' : '';
    return sendText(res, 404, `Not found: ${path}${hint}`);
  }
  const type = CONTENT_TYPES[path.slice(path.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
  const headers = {
    'content-type': type,
    'content-length': String(body.length),
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  if (type.startsWith('text/html')) headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}
