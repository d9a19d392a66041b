// The cluster demo's front door: a tiny round-robin HTTP proxy on 127.0.0.1, standing in for the
// load balancer of a real deployment. Each request goes to the next instance that is up (a
// refused connection moves on to the next one), responses stream through unbuffered, and when
// an instance dies mid-response the client's connection is cut too, as a load balancer would:
// the client then reconnects, and lands on an instance that is alive.
//
// `/instances/<name>/<path>` goes to that instance only (the page's "kill this instance").
import http from 'node:http';

const MAX_BODY = 64 * 1024;
/** Hop-by-hop headers: they describe one connection, not the message. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);

function endToEnd(headers) {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Sends the request to one instance; resolves false when it could not be reached at all. */
function forward(target, path, req, body, res) {
  return new Promise((resolve) => {
    const upstream = http.request({
      host: '127.0.0.1',
      port: target.port,
      method: req.method,
      path,
      headers: { ...endToEnd(req.headers), 'content-length': String(body.length) },
      agent: false,
    });
    let answered = false;
    upstream.on('response', (upstreamRes) => {
      answered = true;
      res.writeHead(upstreamRes.statusCode ?? 502, endToEnd(upstreamRes.headers));
      res.flushHeaders();
      upstreamRes.pipe(res);
      // The instance went away mid-response: cut the client's connection too.
      upstreamRes.on('aborted', () => res.destroy());
      upstreamRes.on('error', () => res.destroy());
      upstreamRes.on('close', () => {
        if (!upstreamRes.complete) res.destroy();
      });
      resolve(true);
    });
    upstream.on('error', () => {
      if (answered) res.destroy();
      else resolve(false);
    });
    // The client left: stop the upstream request (the instance sees the disconnect).
    res.on('close', () => upstream.destroy());
    upstream.end(body);
  });
}

/**
 * @param {{ instances(): Array<{ name: string, port: number, alive: boolean }>, log(line: string): void }} options
 * @returns {http.Server} not yet listening
 */
export function createProxy({ instances, log }) {
  let next = 0;
  return http.createServer(async (req, res) => {
    let body;
    try {
      body = await readBody(req);
    } catch {
      if (!res.headersSent) res.writeHead(413).end();
      return;
    }
    const url = req.url ?? '/';
    const pinned = /^\/instances\/([a-z0-9-]+)(\/.*)$/.exec(url);
    if (pinned !== null) {
      const target = instances().find((instance) => instance.name === pinned[1]);
      if (target?.alive === true && (await forward(target, pinned[2], req, body, res))) return;
      res.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: `Instance ${pinned[1]} is down` }));
      return;
    }
    const up = instances().filter((instance) => instance.alive);
    for (let tried = 0; tried < up.length; tried++) {
      const target = up[next++ % up.length];
      if (await forward(target, url, req, body, res)) return;
      log(`instance ${target.name} refused a connection; trying the next one`);
    }
    res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' });
    res.end('No instance is up');
  });
}
