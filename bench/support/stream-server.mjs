// The benchmarks' server on 127.0.0.1: the self-measuring pages (support/page-runs.mjs), static
// files from the repository (dist/, the fetch-event-source ES modules, lit) and generated
// streams. Streams come from memory (built once per size) so that the server is never what is
// measured.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { performance } from 'node:perf_hooks';
import { root } from './config.mjs';
import { handlePageRequest } from './page-runs.mjs';

const types = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html', '.map': 'application/json' };

function smallEvent(i) {
  return `id: ${i}\ndata: {"step":"analyzing","progress":${(i % 100) + 0.5},"message":"item ${i}"}\n\n`;
}
const streamCache = new Map();
function streamBody(kind, n) {
  const key = `${kind}:${n}`;
  if (!streamCache.has(key)) {
    if (kind === 'big') {
      streamCache.set(key, Buffer.from(`data: ${'x'.repeat(n)}\n\n`));
    } else {
      let s = '';
      for (let i = 1; i <= n; i++) s += smallEvent(i);
      streamCache.set(key, Buffer.from(s));
    }
  }
  return streamCache.get(key);
}

/** Resolves with a server listening on a free port of 127.0.0.1. */
export function startServer() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    try {
      // Streams are also read cross-origin (the many-elements benchmark gives every element its
      // own origin, since HTTP/1.1 allows a page only 6 connections per origin).
      res.setHeader('access-control-allow-origin', '*');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { 'access-control-allow-headers': 'cache-control, last-event-id', 'access-control-allow-methods': 'GET' }).end();
        return;
      }
      if (await handlePageRequest(url, req, res)) {
        // a benchmark page, its script, or what it posted
      } else if (url.pathname === '/stream') {
        await serveStream(url, req, res);
      } else if (url.pathname.startsWith('/dist/') || url.pathname.startsWith('/node_modules/')) {
        let path = normalize(join(root, url.pathname));
        if (!path.startsWith(root)) throw new Error('outside');
        // fetch-event-source's ES modules import './fetch' and './parse' without an extension.
        if (!extname(path)) path += '.js';
        const body = await readFile(path);
        res
          .writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream', 'cache-control': 'max-age=3600' })
          .end(body);
      } else {
        res.writeHead(404).end();
      }
    } catch {
      if (!res.headersSent) res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** n -> write time (ms since the epoch) of each event of the last timed stream of n events: the latency benchmark's "sent" side. */
export const timedSent = new Map();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function serveStream(url, req, res) {
  const kind = url.searchParams.get('kind');
  const n = Number(url.searchParams.get('n'));
  req.socket.setNoDelay(true);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
  if (kind === 'timed') {
    // `n` events at `rate`/s, each carrying the wall-clock time it was written (ms, fractional).
    const rate = Number(url.searchParams.get('rate'));
    let closed = false;
    res.on('close', () => (closed = true));
    const start = performance.now();
    const sent = [];
    timedSent.set(n, sent);
    for (let i = 1; i <= n && !closed; i++) {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      sent[i] = performance.timeOrigin + performance.now();
      res.write(`id: ${i}\ndata: {"step":"analyzing","progress":${(i % 100) + 0.5},"message":"item ${i}"}\n\n`);
    }
    res.end();
    return;
  }
  const body = streamBody(kind === 'big' ? 'big' : 'small', n);
  // Each write is one chunk on the wire (Nagle off), but the kernel may still merge small writes
  // when the reader falls behind, so 'small64' bounds the chunk size from above.
  const chunk = kind === 'small64' ? 64 : kind === 'big' ? 16 * 1024 : 64 * 1024;
  let closed = false;
  res.on('close', () => (closed = true));
  for (let offset = 0; offset < body.length && !closed; offset += chunk) {
    if (!res.write(body.subarray(offset, offset + chunk))) await new Promise((r) => res.once('drain', r));
  }
  res.end();
}
