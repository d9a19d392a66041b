// The framework examples, built and opened in headless Chromium: examples/react (the wrapper,
// the useProgressStream hook and the bare element), examples/react18 (the same wrapper and hook
// pages built against React 18), examples/vue and examples/svelte. Each app
// is served from its dist/ on 127.0.0.1 together with the scriptable SSE test server (same
// origin). The stream answers 401 unless the request carries `Authorization: Bearer <token>`;
// the token is handed to the page in its URL fragment, which is never sent to a server. Each
// app must show its "Done!" marker, rendered by the framework from `progress-complete`. The Vue
// and Svelte pages also follow the same stream with their adapter (useProgressStream from
// @progress-stream/core/vue, the store of @progress-stream/core/svelte), which must reach 100 % and "Done!"
// from its onComplete too, on a connection of its own.
//
// `before` runs `npm run examples:build` (svelte-check, vue-tsc and tsc --strict, then the
// three Vite builds), so a typing error in an example fails this file. Needs the built dist/
// (npm test builds it first) and Chromium at /usr/bin/chromium or CHROME_PATH.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium } from '../support/chromium.js';
// @ts-expect-error -- plain JavaScript test server without declarations
import { handleSseTestRequest as untypedHandler } from '../../support/sse-test-server.mjs';

const handleSseTestRequest = untypedHandler as (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

interface RecordedRequest {
  url: string;
  headers: Record<string, string>;
}

interface App {
  origin: string;
  /** Tokens the stream of each scenario requires. */
  tokens: Map<string, string>;
  /** Requests answered 401 by the gate, per scenario. */
  rejected: Map<string, number>;
  server: Server;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${output}`)),
    );
  });
}

/** A static server for one example's dist/, with the SSE test server on the same origin. */
async function serveExample(name: string): Promise<App> {
  const dist = join(root, 'examples', name, 'dist');
  const tokens = new Map<string, string>();
  const rejected = new Map<string, number>();
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const stream = /^\/__sse\/stream\/([^/]+)/.exec(path);
    if (stream) {
      const id = stream[1] ?? '';
      const token = tokens.get(id);
      if (token !== undefined && req.headers.authorization !== `Bearer ${token}`) {
        rejected.set(id, (rejected.get(id) ?? 0) + 1);
        res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' }).end('A bearer token is required');
        return;
      }
    }
    if (await handleSseTestRequest(req, res)) return;
    const file = normalize(join(dist, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(dist + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      else res.destroy();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, tokens, rejected, server };
}

/** A step-percent job that completes, behind a bearer token, for `connections` connections. */
async function createJob(app: App, token: string, connections = 1): Promise<{ id: string; url: string }> {
  const event = (data: unknown) => ({ write: `data: ${JSON.stringify(data)}\n\n` });
  const job = {
    steps: [
      { write: ': connected\n\n' },
      event({ step: 'scanning', progress: 20, message: 'Analyzing 59 tables, 450 columns...' }),
      { wait: 60 },
      event({ step: 'analyzing', progress: 60, message: 'Profiling column values...' }),
      { wait: 60 },
      event({ step: 'complete', progress: 100, message: 'Analysis complete: 12 suggestions' }),
    ],
  };
  const response = await fetch(`${app.origin}/__sse/scenarios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      responses: Array.from({ length: connections }, () => job),
      afterLast: 'status-404',
    }),
  });
  const created = (await response.json()) as { id: string; url: string };
  app.tokens.set(created.id, token);
  return created;
}

async function requestsOf(app: App, id: string): Promise<RecordedRequest[]> {
  const response = await fetch(`${app.origin}/__sse/scenarios/${id}/requests`);
  return (await response.json()) as RecordedRequest[];
}

describe('framework examples in Chromium', { timeout: 120_000 }, () => {
  const apps = new Map<string, App>();
  let browser: Browser | undefined;

  before(
    async () => {
      await run('npm', ['run', 'examples:build']);
      for (const name of ['react', 'react18', 'vue', 'svelte']) apps.set(name, await serveExample(name));
      browser = await launchChromium();
    },
    { timeout: 120_000 },
  );

  after(async () => {
    await browser?.close();
    for (const app of apps.values()) {
      app.server.closeAllConnections();
      await new Promise((done) => app.server.close(done));
    }
  });

  /** Opens a page of an example against a fresh job and returns the page and what it showed. */
  async function open(
    name: string,
    pathname: string,
    token: string,
    requiredToken = token,
    connections = 1,
  ): Promise<{ page: Page; app: App; id: string; errors: string[] }> {
    const app = apps.get(name)!;
    const job = await createJob(app, requiredToken, connections);
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => {
      // The browser logs failed requests (the 401s of the wrong-token case) as console errors.
      if (message.type() === 'error' && !message.text().includes('401')) errors.push(message.text());
    });
    const src = encodeURIComponent(job.url);
    await page.goto(`${app.origin}${pathname}?src=${src}#token=${encodeURIComponent(token)}`, { waitUntil: 'load' });
    return { page, app, id: job.id, errors };
  }

  /** Waits for a "Done!" marker and checks its text. */
  async function expectMarker(page: Page, testId: string): Promise<void> {
    const done = await page.waitForSelector(`[data-testid="${testId}"]`, { timeout: 10_000 });
    const text = await done!.evaluate((node) => node.textContent ?? '');
    assert.match(text, /Done!\s*Analysis complete: 12 suggestions/);
  }

  /**
   * Opens a page and waits for its "Done!" marker; with `adapter`, the page also follows the
   * stream through the framework's adapter, which must show 100 % and its own "Done!".
   */
  async function expectDone(name: string, pathname: string, heading: string, adapter = false): Promise<void> {
    const token = `token-${name}-${Math.random().toString(36).slice(2)}`;
    const connections = adapter ? 2 : 1;
    const { page, app, id, errors } = await open(name, pathname, token, token, connections);
    try {
      await expectMarker(page, 'done');
      assert.equal(await page.$eval('h1', (node) => node.textContent), heading);
      if (adapter) {
        await expectMarker(page, 'adapter-done');
        assert.equal((await page.$eval('[data-testid="adapter-percent"]', (node) => node.textContent))?.trim(), '100 %');
      }

      const requests = await requestsOf(app, id);
      assert.equal(app.rejected.get(id) ?? 0, 0, 'every request carried the token');
      // One request per view (the element, and the adapter): the terminal event ends each stream.
      assert.equal(requests.length, connections, 'one request per view');
      for (const request of requests) {
        assert.equal(request.headers['authorization'], `Bearer ${token}`);
        assert.equal(request.headers['accept'], 'text/event-stream');
        assert.ok(!request.url.includes(token), 'the token is never in the stream URL');
      }
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  }

  it('React: the ProgressStream wrapper reports progress-complete through onProgressComplete', async () => {
    await expectDone('react', '/', 'progress-stream in React');
  });

  it('React: useProgressStream renders the state and calls onComplete', async () => {
    await expectDone('react', '/hook.html', 'useProgressStream');
  });

  it('React 19: the bare element with headers as a property and onprogress-complete', async () => {
    await expectDone('react', '/element.html', 'The bare element in React 19');
  });

  it('React 18: the wrapper and the hook, built with React 18 and nothing of React 19', async () => {
    const assets = join(root, 'examples', 'react18', 'dist', 'assets');
    const bundles = await Promise.all(
      (await readdir(assets)).filter((f) => f.endsWith('.js')).map((f) => readFile(join(assets, f), 'utf8')),
    );
    const code = bundles.join('\n');
    assert.match(code, /version:`18\.3\.\d+`/, 'React 18 is bundled');
    assert.doesNotMatch(code, /version:`19\./, 'no React 19 is bundled');
    await expectDone('react18', '/', 'progress-stream in React');
    await expectDone('react18', '/hook.html', 'useProgressStream');
  });

  it('Vue: <progress-stream> with :headers and @progress-complete, and useProgressStream', async () => {
    await expectDone('vue', '/', 'progress-stream in Vue', true);
  });

  it('Svelte: <progress-stream> with headers and onprogress-complete, and the progressStream store', async () => {
    await expectDone('svelte', '/', 'progress-stream in Svelte', true);
  });

  it('React: a wrong token is refused with 401 and the app shows the failure', async () => {
    const { page, app, id } = await open('react', '/', 'stale-token', 'current-token');
    try {
      // The headers function is asked again once after a 401; a second 401 is final.
      const alert = await page.waitForSelector('[role="alert"]', { timeout: 10_000 });
      assert.match((await alert!.evaluate((node) => node.textContent)) ?? '', /Failed:/);
      assert.equal(await page.$('[data-testid="done"]'), null);
      assert.equal(app.rejected.get(id), 2);
    } finally {
      await page.close();
    }
  });
});
