// The browser benchmarks' driver: one headless Chromium (/usr/bin/chromium or CHROME_PATH) per
// measured page, and one bench server shared by all of them.
//
// Detached (the default): Chromium is started with the page's URL on its command line and no
// debugging port or pipe, so nothing can attach DevTools to the page; the driver checks that
// in /proc (no --remote-debugging switch in any of the browser's processes) and the page reports
// navigator.webdriver, which Chromium sets when it is open to automation. The page measures
// itself and posts its result to the bench server (support/page-runs.mjs).
// `--attached`: the same page and flags, opened through a puppeteer Page, which keeps the
// Network, Runtime and Page domains enabled on it, as browser-test tools do: only to show the
// difference (a CDP message per native EventSource message and per body chunk).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import puppeteer from 'puppeteer-core';
import { attached, config } from './config.mjs';
import { openRun } from './page-runs.mjs';
import { debuggingSwitches, rendererMainCpuMs } from './processes.mjs';
import { row } from './report.mjs';
import { startServer } from './stream-server.mjs';

const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
// The same in both modes; the background switches keep a headless page's timers and frames at
// full rate.
const FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--js-flags=--expose-gc',
  '--enable-precise-memory-info',
  // Experiments (e.g. BENCH_CHROME_ARGS=--force-prefers-reduced-motion): never in a reported run.
  ...(process.env.BENCH_CHROME_ARGS?.split(' ').filter(Boolean) ?? []),
];

/** Chromium with the page on its command line and no DevTools endpoint. */
async function launchDetached(url, profileDir, onLaunched) {
  const child = spawn(CHROME, [...FLAGS, `--user-data-dir=${profileDir}`, url], { stdio: ['ignore', 'ignore', 'pipe'] });
  onLaunched(child.pid);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    exited: exited.then((code) => new Error(`Chromium exited (${code}) before the page reported:\n${stderr}`)),
    // Nothing could attach: no process of this browser has a debugging port or pipe.
    async devtools() {
      const switches = debuggingSwitches(child.pid);
      return switches.length ? `ATTACHABLE (${switches.join(' ')})` : 'detached (no debugging port or pipe)';
    },
    close: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The same page through puppeteer, as `npm run bench` measured before: DevTools attached. */
async function launchAttached(url, profileDir, onLaunched, beforeLoad) {
  const browser = await puppeteer.launch({
    executablePath: CHROME,
    headless: true,
    ignoreDefaultArgs: true,
    args: [...FLAGS, `--user-data-dir=${profileDir}`],
  });
  onLaunched(browser.process().pid);
  const page = await browser.newPage();
  await beforeLoad?.(page);
  await page.goto(url);
  return {
    exited: new Promise(() => {}),
    async devtools() {
      const session = await browser.target().createCDPSession();
      const { targetInfos } = await session.send('Target.getTargets');
      const mine = targetInfos.find((t) => t.url === url);
      return `ATTACHED (puppeteer; Target.getTargets attached: ${mine?.attached})`;
    },
    close: () => browser.close(),
  };
}

/**
 * Opens the page `bench/pages/<bench>.js` with `params` in a browser of its own and resolves
 * with what it posted: `{ result, probe, marks, devtools }`. `marks[name]` holds the wall time
 * and the renderers' main-thread CPU time at each mark the page posted. Options (the profiler's):
 * `attached` overrides the mode, `beforeLoad(page)` runs before the page loads (attached only),
 * `onMark(name)` runs at each mark before the page goes on.
 */
export async function runPage(bench, params, options = {}) {
  const { origin } = await shared.get();
  const marks = {};
  let pid;
  const run = openRun(bench, params, async (name) => {
    marks[name] = { wallMs: performance.now(), cpuMs: pid === undefined ? NaN : rendererMainCpuMs(pid) };
    await options.onMark?.(name);
  });
  const profileDir = await mkdtemp(join(tmpdir(), 'progress-stream-bench-'));
  const url = `${origin}${run.path}`;
  const onLaunched = (browserPid) => (pid = browserPid);
  let browser;
  let timer;
  try {
    browser = await ((options.attached ?? attached)
      ? launchAttached(url, profileDir, onLaunched, options.beforeLoad)
      : launchDetached(url, profileDir, onLaunched));
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${bench} page: no result after ${config.pageTimeoutMs / 1000} s`)), config.pageTimeoutMs);
    });
    const posted = await Promise.race([run.result, timeout, browser.exited.then((e) => Promise.reject(e))]);
    const devtools = await browser.devtools();
    reportDevtools(bench, devtools, posted.probe);
    return { ...posted, marks, devtools };
  } finally {
    clearTimeout(timer);
    run.dispose();
    await browser?.close();
    // Chromium's helpers may still be writing the profile for a moment after it exited.
    await rm(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }).catch(() => {});
  }
}

/** The per-page line: printed at once and kept as a row of the table. */
function reportDevtools(bench, devtools, probe) {
  const detached = devtools.startsWith('detached') && probe?.webdriver === false;
  const value = `${devtools}; webdriver ${probe?.webdriver}`;
  console.log(`${bench} page: ${value}`);
  row('devtools', `${bench} page`, value, 'detached', detached);
}

// Started on first use, so that `--only=size` or `--only=reducer` starts no server.
const shared = {
  server: undefined,
  async get() {
    if (!this.server) this.server = await startServer();
    return { origin: `http://127.0.0.1:${this.server.address().port}` };
  },
  close() {
    this.server?.closeAllConnections();
    this.server?.close();
  },
};

/** Closes the shared server, if it was started. */
export const closeBrowser = () => shared.close();
