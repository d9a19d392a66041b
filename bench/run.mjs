// progress-stream benchmarks: `npm run bench` (full sizes) or `npm run bench:smoke` (tiny sizes,
// checks that every benchmark runs). Prints one table and writes bench/results.json.
//
// Browser benchmarks drive headless Chromium (puppeteer-core; /usr/bin/chromium or CHROME_PATH)
// against pages and streams served by node:http on 127.0.0.1. Throughput figures are medians of
// repeated runs with the contenders interleaved, and ratios are taken within one run: the
// absolute numbers depend on the machine, the ratios are what the targets are stated in.
import { createServer } from 'node:http';
import { readFile, writeFile, stat } from 'node:fs/promises';
import { gzipSync, brotliCompressSync, constants as zlib } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join, extname, normalize } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const smoke = process.argv.includes('--smoke');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const want = (name) => !only || only.includes(name);

const config = smoke
  ? { runs: 1, smallEvents: 2_000, bigBytes: 256 * 1024, burstSeconds: 1, burstRate: 2_000, latencyEvents: 20, memEvents: 2_000, cycles: 20, reducerBig: 20_000, many: 10, manyEvents: 20 }
  : { runs: 5, smallEvents: 100_000, bigBytes: 16 * 1024 * 1024, burstSeconds: 10, burstRate: 10_000, latencyEvents: 300, memEvents: 1_000_000, cycles: 1_000, reducerBig: 1_000_000, many: 50, manyEvents: 200 };

const rows = []; // the printed table: { bench, metric, value, target, ok }
const results = { date: new Date().toISOString(), smoke, config, node: process.version, benchmarks: {} };
const failures = [];

function row(bench, metric, value, target = '', ok = undefined) {
  rows.push({ bench, metric, value, target, ok });
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const kb = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;

// ---------------------------------------------------------------------------------------------
// 1. Size: each entry bundled and minified with esbuild (as size-limit does), then gzip -9 and
// brotli -11 of the result.
async function sizes() {
  const entries = [
    { name: 'progress-stream/client (StreamClient)', code: "export { StreamClient } from './dist/client/index.js';", target: 3500 },
    { name: 'progress-stream/mapping (createReducer + presets)', code: "export { createReducer, presets } from './dist/mapping/index.js';" },
    { name: 'element entry, Lit excluded', code: "export * from './dist/index.js';", external: ['lit', 'lit/*', '@lit/reactive-element', '@lit/reactive-element/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*'] },
    { name: 'progress-stream.iife.js (all, Lit included)', file: 'dist/progress-stream.iife.js', target: 15000 },
  ];
  const out = [];
  for (const entry of entries) {
    const result = await build({
      ...(entry.file ? { entryPoints: [join(root, entry.file)] } : { stdin: { contents: entry.code, resolveDir: root, loader: 'js' } }),
      bundle: true,
      minify: true,
      format: entry.file ? 'iife' : 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      external: entry.external ?? [],
      logLevel: 'silent',
    });
    const code = result.outputFiles[0].contents;
    const gzip = gzipSync(code, { level: 9 }).length;
    const brotli = brotliCompressSync(code, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: code.length } }).length;
    out.push({ name: entry.name, minified: code.length, gzip, brotli, targetGzip: entry.target });
    const ok = entry.target === undefined ? undefined : gzip <= entry.target;
    row('size', `${entry.name}: min+gzip`, kb(gzip), entry.target ? `<= ${kb(entry.target)}` : '', ok);
    row('size', `${entry.name}: min+brotli`, kb(brotli));
  }
  results.benchmarks.size = out;
}

// ---------------------------------------------------------------------------------------------
// The test server: static files from the repository (dist/, the fetch-event-source ES modules)
// and generated streams.
const types = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html', '.map': 'application/json' };
const pageHtml = `<!doctype html><meta charset="utf-8"><title>bench</title>
<script type="importmap">{"imports":{"@microsoft/fetch-event-source":"/node_modules/@microsoft/fetch-event-source/lib/esm/index.js","lit":"/node_modules/lit/index.js"}}</script>
<body></body>`;

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

function startServer() {
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
      if (url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(pageHtml);
      } else if (url.pathname === '/stream') {
        await serveStream(url, req, res);
      } else if (url.pathname.startsWith('/dist/') || url.pathname.startsWith('/node_modules/')) {
        let path = normalize(join(root, url.pathname));
        if (!path.startsWith(root)) throw new Error('outside');
        // fetch-event-source's ES modules import './fetch' and './parse' without an extension.
        if (!extname(path)) path += '.js';
        const body = await readFile(path);
        res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream', 'cache-control': 'max-age=3600' }).end(body);
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

const timedSent = new Map(); // n -> write time (ms since the epoch) of each event of the last timed stream
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

async function launch() {
  return puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      '--js-flags=--expose-gc', '--enable-precise-memory-info',
    ],
  });
}

async function newPage(browser, origin) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${origin}/`);
  return page;
}

// ---------------------------------------------------------------------------------------------
// 2. Parse throughput: the same stream read by StreamClient, bare fetchEventSource and native
// EventSource, in the same page, interleaved, median of `runs`.
async function parse(browser, origin) {
  const page = await newPage(browser, origin);
  await page.evaluate(async () => {
    const { StreamClient } = await import('/dist/client/index.js');
    const { fetchEventSource } = await import('/node_modules/@microsoft/fetch-event-source/lib/esm/index.js');
    // Each resolves with the elapsed ms once `expected` events arrived (`bytes`: total data length check).
    const run = (start) => (url, expected) =>
      new Promise((resolve, reject) => {
        const t0 = performance.now();
        const timer = setTimeout(() => reject(new Error(`timeout: ${url}`)), 120_000);
        start(url, expected, (dataLength) => {
          clearTimeout(timer);
          resolve({ ms: performance.now() - t0, dataLength });
        }, reject);
      });
    window.contenders = {
      ours: run((url, expected, done) => {
        let count = 0;
        let length = 0;
        const client = new StreamClient({ url, heartbeatTimeoutMs: 0, maxRetries: 0 });
        client.addEventListener('message', (e) => {
          length += e.detail.data.length;
          if (++count === expected) {
            client.close();
            done(length);
          }
        });
        client.connect();
      }),
      fetchEventSource: run((url, expected, done, fail) => {
        let count = 0;
        let length = 0;
        const ctrl = new AbortController();
        fetchEventSource(url, {
          signal: ctrl.signal,
          openWhenHidden: true,
          onmessage(m) {
            length += m.data.length;
            if (++count === expected) {
              ctrl.abort();
              done(length);
            }
          },
          onerror(e) {
            throw e;
          },
        }).catch(fail);
      }),
      native: run((url, expected, done, fail) => {
        let count = 0;
        let length = 0;
        const source = new EventSource(url);
        source.onmessage = (e) => {
          length += e.data.length;
          if (++count === expected) {
            source.close();
            done(length);
          }
        };
        source.onerror = () => {
          if (count < expected) {
            source.close();
            fail(new Error(`EventSource error after ${count} events`));
          }
        };
      }),
    };
  });
  const names = ['ours', 'fetchEventSource', 'native'];
  const streams = [
    { id: 'small', label: `${fmt(config.smallEvents)} small events, one response (64 KB writes)`, n: config.smallEvents, events: config.smallEvents },
    { id: 'small64', label: `${fmt(config.smallEvents)} small events, 64-byte writes`, n: config.smallEvents, events: config.smallEvents },
    { id: 'big', label: `one ${fmt(config.bigBytes / 1024 / 1024, 2)} MB event, 16 KB writes`, n: config.bigBytes, events: 1 },
  ];
  const out = {};
  for (const stream of streams) {
    const times = Object.fromEntries(names.map((n) => [n, []]));
    const ratios = { native: [], fetchEventSource: [] };
    for (let r = 0; r < config.runs; r++) {
      // Rotate the order each round so no contender always goes first.
      const order = names.map((_, i) => names[(i + r) % names.length]);
      const round = {};
      for (const name of order) {
        await page.evaluate(() => window.gc?.());
        const url = `/stream?kind=${stream.id}&n=${stream.n}&r=${r}&c=${name}`;
        const { ms, dataLength } = await page.evaluate((name, url, expected) => window.contenders[name](url, expected), name, url, stream.events);
        if (stream.id === 'big' && dataLength !== stream.n) throw new Error(`${name}: got ${dataLength} bytes of data, expected ${stream.n}`);
        times[name].push(ms);
        round[name] = ms;
      }
      ratios.native.push(round.native / round.ours);
      ratios.fetchEventSource.push(round.fetchEventSource / round.ours);
    }
    const med = Object.fromEntries(names.map((n) => [n, median(times[n])]));
    const speedNative = median(ratios.native);
    const speedFes = median(ratios.fetchEventSource);
    out[stream.id] = { label: stream.label, runsMs: times, medianMs: med, oursVsNative: speedNative, oursVsFetchEventSource: speedFes };
    for (const name of names) {
      const value = stream.events > 1 ? `${fmt(stream.events / (med[name] / 1000))} events/s (${fmt(med[name], 1)} ms)` : `${fmt(med[name], 1)} ms`;
      const isBigOurs = stream.id === 'big' && name === 'ours' && !smoke;
      row('parse', `${stream.label}: ${name}`, value, isBigOurs ? '<= 100 ms' : '', isBigOurs ? med[name] <= 100 : undefined);
    }
    const smallTarget = stream.id !== 'big' && !smoke;
    row('parse', `${stream.label}: ours/native speed`, `${speedNative.toFixed(2)}x`, smallTarget ? '>= 1.00x' : '', smallTarget ? speedNative >= 1 : undefined);
    row('parse', `${stream.label}: ours/fetchEventSource speed`, `${speedFes.toFixed(2)}x`, smallTarget ? '>= 2.00x' : '', smallTarget ? speedFes >= 2 : undefined);
  }
  results.benchmarks.parse = out;
  await page.close();
}

// ---------------------------------------------------------------------------------------------
async function main() {
  const t0 = performance.now();
  await stat(join(root, 'dist/client/index.js')).catch(() => {
    throw new Error('dist/ is missing: run `npm run build` first');
  });
  const benches = [
    ['size', sizes],
    ['parse', withBrowser(parse)],
    ['render', withBrowser(render)],
    ['memory', withBrowser(memory)],
    ['reducer', reducer],
    ['many', withBrowser(many)],
  ];
  for (const [name, fn] of benches) {
    if (!want(name)) continue;
    const start = performance.now();
    try {
      await fn();
    } catch (error) {
      failures.push({ name, error: String(error?.stack ?? error) });
      row(name, 'FAILED TO RUN', String(error?.message ?? error), '', false);
      console.error(`${name} failed:`, error);
    }
    process.stderr.write(`${name}: ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
  }
  await shared.close();
  results.rows = rows;
  results.failures = failures;
  results.totalSeconds = (performance.now() - t0) / 1000;
  printTable();
  const file = join(root, 'bench', smoke ? 'results.smoke.json' : 'results.json');
  await writeFile(file, JSON.stringify(results, null, 2) + '\n');
  console.log(`\n${smoke ? 'smoke run' : 'full run'}: ${results.totalSeconds.toFixed(1)} s; results in ${file.slice(root.length + 1)}`);
  const missed = rows.filter((r) => r.ok === false && r.metric !== 'FAILED TO RUN');
  if (missed.length) console.log(`targets missed: ${missed.length} (reported, not an error)`);
  if (failures.length) {
    console.error(`${failures.length} benchmark(s) failed to run: ${failures.map((f) => f.name).join(', ')}`);
    process.exitCode = 1;
  }
}

// One browser and one server shared by the browser benchmarks.
const shared = {
  browser: undefined,
  server: undefined,
  async get() {
    if (!this.server) this.server = await startServer();
    if (!this.browser) this.browser = await launch();
    return { browser: this.browser, origin: `http://127.0.0.1:${this.server.address().port}` };
  },
  async close() {
    await this.browser?.close();
    this.server?.closeAllConnections();
    this.server?.close();
  },
};
function withBrowser(fn) {
  return async () => {
    const { browser, origin } = await shared.get();
    await fn(browser, origin);
  };
}

function printTable() {
  const header = ['benchmark', 'metric', 'value', 'target', ''];
  const lines = rows.map((r) => [r.bench, r.metric, r.value, r.target, r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const l of lines) console.log(line(l));
}

// In-page helpers for the element benchmarks: the bundle (Lit included) registers <progress-stream>.
async function elementPage(browser, origin) {
  const page = await newPage(browser, origin);
  await page.evaluate(async () => {
    await import('/dist/progress-stream.bundle.js');
    await customElements.whenDefined('progress-stream');
    window.message = (i) => ({ id: String(i), event: 'message', data: `{"step":"analyzing","progress":${(i % 100) + 0.5},"message":"item ${i}"}` });
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
    // Pushes `total` events spread evenly over time at `rate`/s into `targets` (round robin).
    window.burst = (targets, total, rate) =>
      new Promise((resolve) => {
        const t0 = performance.now();
        let sent = 0;
        const tick = () => {
          const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
          while (sent < due) {
            sent++;
            targets[sent % targets.length].push(window.message(sent));
          }
          if (sent < total) setTimeout(tick, 1);
          else resolve(performance.now() - t0);
        };
        tick();
      });
    window.counted = (el) => {
      const counts = { renders: 0, updates: 0 };
      const render = el.render;
      el.render = function () {
        counts.renders++;
        return render.call(this);
      };
      el.addEventListener('progress-update', () => counts.updates++);
      return counts;
    };
    window.frames = (n) => new Promise((r) => {
      const step = () => (--n <= 0 ? r() : requestAnimationFrame(step));
      requestAnimationFrame(step);
    });
  });
  return page;
}

// 3. Rendering: a burst into one element via push(); then latency server write -> DOM updated
// over a real stream at 100 events/s.
async function render(browser, origin) {
  const page = await elementPage(browser, origin);
  const total = config.burstRate * config.burstSeconds;
  // Main-thread busy share: the renderer's cumulative task time (DevTools' TaskDuration) over
  // wall time during the burst. It includes the benchmark's own push loop, so it is an upper bound.
  const metricsBefore = await page.metrics();
  const wallBefore = performance.now();
  const burst = await page.evaluate(async (total, rate) => {
    const el = document.createElement('progress-stream');
    el.setAttribute('preset', 'step-percent');
    document.body.append(el);
    await el.updateComplete;
    const counts = window.counted(el);
    window.longTasks.length = 0;
    const ms = await window.burst([el], total, rate);
    await window.frames(3);
    await el.updateComplete;
    const shown = el.state.message;
    el.remove();
    return { ms, ...counts, longTasks: [...window.longTasks], shown };
  }, total, config.burstRate);
  const busyShare = ((await page.metrics()).TaskDuration - metricsBefore.TaskDuration) / ((performance.now() - wallBefore) / 1000);
  if (burst.shown !== `item ${total}`) throw new Error(`burst: last state shows "${burst.shown}", expected "item ${total}"`);
  const seconds = burst.ms / 1000;
  const maxLong = burst.longTasks.length ? Math.max(...burst.longTasks) : 0;
  row('render', `burst ${fmt(config.burstRate)} events/s for ${config.burstSeconds} s via push(): events/s achieved`, fmt(total / seconds));
  row('render', 'burst: renders/s (render() calls)', fmt(burst.renders / seconds, 1), '<= 60 (display rate)', burst.renders / seconds <= 61);
  row('render', 'burst: progress-update events/s', fmt(burst.updates / seconds, 1));
  row('render', 'burst: main-thread busy share (incl. the push loop)', `${fmt(busyShare * 100, 1)} %`);
  row('render', 'burst: long tasks > 50 ms', `${burst.longTasks.length} (longest ${fmt(maxLong)} ms)`, '0', burst.longTasks.length === 0);

  // Latency: the server stamps each event with its wall-clock write time; the page records when a
  // DOM mutation in the element's shadow root shows that event (or a later one).
  const n = config.latencyEvents;
  const shows = await page.evaluate(async (url, n) => {
    const el = document.createElement('progress-stream');
    el.setAttribute('preset', 'step-percent');
    el.setAttribute('heartbeat-timeout', '0');
    const seen = [];
    let last = 0;
    const observer = new MutationObserver(() => {
      const m = /^item (\d+)$/.exec(el.state.message ?? '');
      const i = m ? Number(m[1]) : 0;
      if (i > last) {
        last = i;
        seen.push([i, performance.timeOrigin + performance.now()]);
      }
    });
    document.body.append(el);
    await el.updateComplete;
    observer.observe(el.shadowRoot, { subtree: true, childList: true, characterData: true, attributes: true });
    el.setAttribute('src', url);
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`latency: saw ${last} of ${n}`)), n * 10 + 30_000);
      const check = () => (last >= n ? (clearTimeout(timer), resolve()) : setTimeout(check, 20));
      check();
    });
    observer.disconnect();
    el.remove();
    return { seen };
  }, `/stream?kind=timed&rate=100&n=${n}`, n);
  const sentTimes = timedSent.get(n);
  if (!sentTimes) throw new Error('latency: no write times recorded');
  const latencies = [];
  let k = 0;
  for (let i = 1; i <= n; i++) {
    while (k < shows.seen.length && shows.seen[k][0] < i) k++;
    if (k < shows.seen.length) latencies.push(shows.seen[k][1] - sentTimes[i]);
  }
  const p50 = pct(latencies, 50);
  const p99 = pct(latencies, 99);
  row('render', `latency server write -> DOM, ${n} events at 100 events/s: p50`, `${fmt(p50, 1)} ms`);
  row('render', 'latency server write -> DOM: p99', `${fmt(p99, 1)} ms`, '<= 16.7 ms (one frame at 60 Hz)', p99 <= 16.7);
  results.benchmarks.render = { burst: { ...burst, events: total, seconds }, latency: { events: n, p50, p99, samples: latencies.length } };
  await page.close();
}

// 4. Memory: heap in the page after N events into an element with feed-limit 200, against the
// heap before, each after a forced GC.
async function memory(browser, origin) {
  const page = await elementPage(browser, origin);
  const m = await page.evaluate(async (total) => {
    const heap = async () => {
      await window.frames(2);
      window.gc();
      window.gc();
      return performance.memory.usedJSHeapSize;
    };
    const el = document.createElement('progress-stream');
    el.setAttribute('preset', 'step-percent');
    el.setAttribute('feed-limit', '200');
    document.body.append(el);
    await el.updateComplete;
    // Warm up (first renders, feed filled to its limit), then measure from there.
    for (let i = 1; i <= 1000; i++) el.push(window.message(i));
    await el.updateComplete;
    const before = await heap();
    for (let i = 1001; i <= total + 1000; i++) {
      el.push(window.message(i));
      if (i % 1000 === 0) await el.updateComplete;
    }
    await el.updateComplete;
    const after = await heap();
    return { before, after, shown: el.state.message, feed: el.state.activity.length };
  }, config.memEvents);
  const delta = m.after - m.before;
  const flat = Math.abs(delta) <= 1024 * 1024;
  row('memory', `heap growth after ${fmt(config.memEvents)} events, feed-limit 200`, `${fmt(delta / 1024, 1)} KiB`, 'flat within 1 MB', flat);
  row('memory', 'heap before -> after (forced GC)', `${fmt(m.before / 1048576, 2)} -> ${fmt(m.after / 1048576, 2)} MiB`);

  // Connect/close cycles of a StreamClient, each reading one event from a real stream.
  const c = await page.evaluate(async (cycles) => {
    const { StreamClient } = await import('/dist/progress-stream.bundle.js');
    const heap = async () => {
      await window.frames(2);
      window.gc();
      window.gc();
      return performance.memory.usedJSHeapSize;
    };
    const cycle = () =>
      new Promise((resolve, reject) => {
        const client = new StreamClient({ url: '/stream?kind=small&n=1', heartbeatTimeoutMs: 0, maxRetries: 0 });
        client.addEventListener('message', () => {
          client.close();
          resolve();
        });
        client.addEventListener('error', (e) => reject(new Error(e.detail.message)));
        client.connect();
      });
    for (let i = 0; i < 20; i++) await cycle(); // warm up
    const before = await heap();
    const t0 = performance.now();
    for (let i = 0; i < cycles; i++) await cycle();
    const ms = performance.now() - t0;
    const after = await heap();
    return { before, after, ms };
  }, config.cycles);
  const cycleDelta = c.after - c.before;
  row('memory', `heap growth after ${fmt(config.cycles)} connect/close cycles`, `${fmt(cycleDelta / 1024, 1)} KiB (${fmt(c.ms / config.cycles, 2)} ms/cycle)`, 'flat within 1 MB', Math.abs(cycleDelta) <= 1024 * 1024);
  results.benchmarks.memory = { events: config.memEvents, ...m, delta, cycles: { count: config.cycles, ...c, delta: cycleDelta } };
  await page.close();
}

// 4b. The reducer in Node: time per event at 1k vs many events, and heap growth.
async function reducer() {
  const { createReducer } = await import(join(root, 'dist/mapping/index.js'));
  const v8 = await import('node:v8');
  const vm = await import('node:vm');
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  const message = (i) => ({ id: String(i), event: 'message', data: `{"step":"analyzing","progress":${(i % 100) + 0.5},"message":"item ${i}"}` });
  const runOnce = (n) => {
    const reduce = createReducer('step-percent', { activityLimit: 200 });
    let state = reduce.initialState();
    const t0 = performance.now();
    for (let i = 1; i <= n; i++) state = reduce(state, message(i));
    const ms = performance.now() - t0;
    if (state.message !== `item ${n}`) throw new Error(`reducer: state shows "${state.message}"`);
    return { ms, state };
  };
  for (let r = 0; r < 10; r++) runOnce(1000); // warm-up (JIT)
  const small = [];
  for (let r = 0; r < Math.max(config.runs, 3); r++) small.push(runOnce(1000).ms);
  const perSmall = median(small) / 1000;
  // Heap with a 1k-event state alive vs with a big-run state alive, each after a forced GC.
  const kept = runOnce(1000);
  gc();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  kept.state = undefined;
  const big = runOnce(config.reducerBig);
  gc();
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  const perBig = big.ms / config.reducerBig;
  row('reducer', 'Node: time per event, 1k events (median)', `${fmt(perSmall * 1000, 2)} us`);
  row('reducer', `Node: time per event, ${fmt(config.reducerBig)} events`, `${fmt(perBig * 1000, 2)} us (${(perBig / perSmall).toFixed(2)}x the 1k figure)`);
  row('reducer', `Node: heap, state after ${fmt(config.reducerBig)} vs after 1k events (forced GC)`, `${fmt((heapAfter - heapBefore) / 1024, 1)} KiB (within a few hundred KiB is GC noise)`);
  results.benchmarks.reducer = { perEventMs1k: perSmall, perEventMsBig: perBig, bigEvents: config.reducerBig, heapBefore, heapAfter, keep: big.state.message };
}

// 5. Many on a page: push()-driven elements, then the same number each on its own stream.
async function many(browser, origin) {
  const page = await elementPage(browser, origin);
  const r = await page.evaluate(async (count, perElement) => {
    const els = [];
    for (let i = 0; i < count; i++) {
      const el = document.createElement('progress-stream');
      el.setAttribute('preset', 'step-percent');
      document.body.append(el);
      els.push(el);
    }
    await Promise.all(els.map((el) => el.updateComplete));
    const counts = els.map((el) => window.counted(el));
    window.longTasks.length = 0;
    const total = count * perElement;
    const rate = count * 20; // 20 events/s per element
    const ms = await window.burst(els, total, rate);
    await window.frames(3);
    await Promise.all(els.map((el) => el.updateComplete));
    const renders = counts.reduce((a, c) => a + c.renders, 0);
    return { ms, total, renders, longTasks: [...window.longTasks], okAll: els.every((el) => /^item \d+$/.test(el.state.message ?? '')) };
  }, config.many, config.manyEvents);
  if (!r.okAll) throw new Error('many: an element did not show its events');
  const seconds = r.ms / 1000;
  const maxLong = r.longTasks.length ? Math.max(...r.longTasks) : 0;
  row('many', `${config.many} elements, push() at 20 events/s each: renders/s (all)`, fmt(r.renders / seconds, 1));
  row('many', `${config.many} elements: long tasks > 50 ms`, `${r.longTasks.length} (longest ${fmt(maxLong)} ms)`);

  // The same with a real stream per element. Each stream comes from its own server (its own
  // origin), because a browser opens at most 6 HTTP/1.1 connections per origin.
  const servers = await Promise.all(Array.from({ length: config.many }, () => startServer()));
  try {
    const urls = servers.map((srv) => `http://127.0.0.1:${srv.address().port}/stream?kind=timed&rate=20&n=${config.manyEvents}`);
    const live = await page.evaluate(async (srcs, perElement) => {
      document.body.replaceChildren();
      const heapBefore = performance.memory.usedJSHeapSize;
      const els = srcs.map((src) => {
        const el = document.createElement('progress-stream');
        el.setAttribute('preset', 'step-percent');
        el.setAttribute('src', src);
        document.body.append(el);
        return el;
      });
      const counts = els.map((el) => window.counted(el));
      window.longTasks.length = 0;
      let frames = 0;
      let counting = true;
      const countFrames = () => {
        frames++;
        if (counting) requestAnimationFrame(countFrames);
      };
      requestAnimationFrame(countFrames);
      const t0 = performance.now();
      await new Promise((resolve) => {
        const check = () => (els.every((el) => el.state.lastEventId === String(perElement)) ? resolve() : setTimeout(check, 50));
        check();
      });
      const ms = performance.now() - t0;
      counting = false;
      const heapAfter = performance.memory.usedJSHeapSize;
      const renders = counts.reduce((a, c) => a + c.renders, 0);
      const result = { ms, renders, frames, longTasks: [...window.longTasks], heapBefore, heapAfter, live: els.filter((el) => el.client?.status === 'open' || el.client?.status === 'reconnecting').length };
      for (const el of els) el.remove();
      return result;
    }, urls, config.manyEvents);
    const s = live.ms / 1000;
    const maxLive = live.longTasks.length ? Math.max(...live.longTasks) : 0;
    row('many', `${config.many} elements, each on its own stream at 20 events/s: frame rate`, `${fmt(live.frames / s, 1)} frames/s`);
    row('many', 'own streams: renders/s (all) and long tasks > 50 ms', `${fmt(live.renders / s, 1)}; ${live.longTasks.length} (longest ${fmt(maxLive)} ms)`);
    row('many', 'own streams: heap while streaming', `${fmt(live.heapBefore / 1048576, 2)} -> ${fmt(live.heapAfter / 1048576, 2)} MiB`);
    results.benchmarks.many = { elements: config.many, pushed: { ...r, seconds }, streams: { ...live, seconds: s } };
  } finally {
    for (const srv of servers) {
      srv.closeAllConnections();
      srv.close();
    }
  }
}

await main();
