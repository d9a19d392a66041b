// Pages that measure themselves. The bench server hands a page its parameters (in the HTML),
// the page runs its benchmark on its own and posts the result back as JSON; nothing drives the
// page while it measures, so the browser needs no DevTools connection at all. A page may also
// post marks (the driver samples CPU time at each) and log lines (printed to stderr).
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { root } from './config.mjs';

const PAGES = join(root, 'bench', 'pages');
// Bare imports of the fetch-event-source ES modules and of dist/'s unbundled element (lit).
const IMPORTS = {
  '@microsoft/fetch-event-source': '/node_modules/@microsoft/fetch-event-source/lib/esm/index.js',
  lit: '/node_modules/lit/index.js',
  'lit/': '/node_modules/lit/',
  'lit-html': '/node_modules/lit-html/lit-html.js',
  'lit-html/': '/node_modules/lit-html/',
  'lit-element/': '/node_modules/lit-element/',
  '@lit/reactive-element': '/node_modules/@lit/reactive-element/reactive-element.js',
  '@lit/reactive-element/': '/node_modules/@lit/reactive-element/',
};

/** token -> { bench, params, onMark, settle } */
const runs = new Map();

// JSON inside <script>: `<` escaped so that no value can close the element.
const inline = (value) => JSON.stringify(value).replaceAll('<', '\\u003c');

function pageHtml(run) {
  return `<!doctype html><meta charset="utf-8"><title>bench: ${run.bench}</title>
<script type="importmap">${inline({ imports: IMPORTS })}</script>
<script type="application/json" id="params">${inline(run.params)}</script>
<script type="module" src="/bench/pages/${run.bench}.js"></script>
<body></body>`;
}

/**
 * Registers one page run. `onMark(name)` is called when the page posts a mark, and the page's
 * request is answered once it settled (so that a profiler can start or stop exactly there).
 * `result` resolves with what the page posted (or rejects with the error it posted).
 */
export function openRun(bench, params, onMark = () => {}) {
  const token = randomUUID();
  let settle;
  const result = new Promise((resolve, reject) => {
    settle = (body) => (body.error ? reject(new Error(`${bench} page: ${body.error}`)) : resolve(body));
  });
  runs.set(token, { bench, params, onMark, settle });
  return { path: `/page/${token}`, result, dispose: () => runs.delete(token) };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Serves the page routes; resolves false for any other path. */
export async function handlePageRequest(url, req, res) {
  const [, kind, token] = url.pathname.split('/');
  if (kind === 'bench' && url.pathname.startsWith('/bench/pages/')) {
    const path = normalize(join(root, url.pathname));
    if (!path.startsWith(PAGES + sep) || !path.endsWith('.js')) return false;
    res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(await readFile(path));
    return true;
  }
  const run = runs.get(token);
  if (!run || !['page', 'mark', 'result', 'log'].includes(kind)) return false;
  if (kind === 'page') {
    res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' }).end(pageHtml(run));
    return true;
  }
  const body = await readBody(req);
  if (kind === 'mark') await run.onMark(body);
  else if (kind === 'log') process.stderr.write(`  [${run.bench} page] ${body}\n`);
  else run.settle(JSON.parse(body));
  res.writeHead(204).end();
  return true;
}
