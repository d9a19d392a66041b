// End to end: the demo server (`npm start`) with its page in headless Chromium. Every format's
// element makes progress; each fault from the page's buttons shows the right status and the
// element recovers fully (live again, progressing, no event lost or repeated); no console
// error or CSP violation; Ctrl-C stops the server cleanly. Needs the built dist/ (npm test
// builds it first) and Chromium at /usr/bin/chromium or CHROME_PATH.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import type { Browser, ConsoleMessage, EvaluateFunc, Page } from 'puppeteer-core';
import { launchChromium } from '../support/chromium.js';
import { startDemo } from './demo-process.js';

const SPEED = 3; // a job takes 7–20 s: long enough for a fault and its recovery
const STREAMS = ['step-percent', 'typed-json', 'batch-enrichment', 'workflow-stages', 'phase-snapshot'] as const;
type StreamName = (typeof STREAMS)[number];
const PER_JOB: readonly StreamName[] = ['step-percent', 'batch-enrichment', 'phase-snapshot'];

interface Snapshot {
  name: StreamName;
  src: string | null;
  status: string;
  percent: number | null;
  shownPercent: number | null;
  connection: string;
  clientStatus: string | null;
  startedAt: number | null;
  jobs: Array<{ key: string; status: string; percent: number | null }>;
}

interface ConnectionEntry {
  name: StreamName;
  status: string;
  attempt: number;
  delayMs: number | null;
  error: string | null;
  at: number;
  text: string | null;
}

interface StreamInfo {
  src?: string;
  jobId?: string;
  connections: number;
  responses: Record<string, number>;
}

interface DemoRecorder {
  events: ConnectionEntry[];
  ids: Record<string, string[]>;
  problems: string[];
  streamErrors: Array<{ name: string; kind: string; fatal: boolean; status: number | null; at: number }>;
  snap(name: string): Snapshot;
  progressing(name: string): boolean;
  delivered(name: string): boolean;
  sequence(name: string, since: number, steps: Array<{ status: string; text?: string; error?: string; minDelayMs?: number }>): boolean;
}

declare global {
  interface Window {
    __demo: DemoRecorder;
  }
}

// Runs in the page before its own scripts (plain JavaScript: nothing here is transpiled). It
// records every connection-change with the indicator text the element renders for it, the ids
// of the messages each element's client receives, stream errors and CSP violations.
const RECORDER = String.raw`(() => {
  const demo = { events: [], ids: {}, problems: [], streamErrors: [], memory: {}, openedAt: {}, messageAt: {} };
  window.__demo = demo;
  document.addEventListener('securitypolicyviolation', (e) => {
    demo.problems.push('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI);
  });
  const clients = new WeakSet();
  const nameOf = (el) => el.getAttribute('preset');
  const part = (el, name) => (el.shadowRoot?.querySelector('[part~="' + name + '"]')?.textContent ?? '').trim();
  document.addEventListener('connection-change', (e) => {
    const el = e.target;
    const name = nameOf(el);
    const detail = e.detail;
    const entry = { name, status: detail.status, attempt: detail.attempt, delayMs: detail.delayMs ?? null,
      error: detail.error?.kind ?? null, at: Date.now(), text: null };
    demo.events.push(entry);
    if (detail.status === 'open') demo.openedAt[name] = performance.now();
    const client = el.client;
    if (client && !clients.has(client)) {
      clients.add(client);
      client.addEventListener('message', (m) => {
        demo.messageAt[name] = performance.now();
        if (m.detail.id) (demo.ids[name] ??= []).push(m.detail.id);
      });
    }
    // Render now, in microtasks, before the next network task can change the status again:
    // the text is what the element shows for this status.
    el.requestUpdate();
    el.updateComplete.then(() => { entry.text = part(el, 'connection-text'); });
  });
  document.addEventListener('stream-error', (e) => {
    demo.streamErrors.push({ name: nameOf(e.target), kind: e.detail.kind, fatal: e.detail.fatal, status: e.detail.status ?? null, at: Date.now() });
  });
  demo.snap = (name) => {
    const el = document.querySelector('progress-stream[preset="' + name + '"]');
    const shown = Number.parseFloat(part(el, 'percent'));
    return {
      name, src: el.getAttribute('src'), status: el.state.status, percent: el.state.percent,
      shownPercent: Number.isFinite(shown) ? shown : null, connection: part(el, 'connection-text'),
      clientStatus: el.client?.status ?? null, startedAt: el.state.startedAt,
      jobs: (el.state.jobs ?? []).map((j) => ({ key: j.key, status: j.status, percent: j.percent })),
    };
  };
  // True once the shown percent of one running job has gone up while the element says Live.
  demo.progressing = (name) => {
    const s = demo.snap(name);
    const key = s.src + '|' + s.startedAt;
    const last = demo.memory[name];
    if (s.status !== 'running' || s.shownPercent === null || s.connection !== 'Live') return false;
    if (!last || last.key !== key || s.shownPercent < last.percent) {
      demo.memory[name] = { key, percent: s.shownPercent };
      return false;
    }
    return s.shownPercent > last.percent;
  };
  // True once the open connection has delivered an event.
  demo.delivered = (name) => demo.snap(name).clientStatus === 'open' && (demo.messageAt[name] ?? -1) > (demo.openedAt[name] ?? 0);
  // True when the connection changes since 'since' contain the steps in this order.
  demo.sequence = (name, since, steps) => {
    let i = 0;
    for (const entry of demo.events) {
      if (i === steps.length) break;
      if (entry.name !== name || entry.at < since || entry.text === null) continue;
      const step = steps[i];
      if (entry.status !== step.status) continue;
      if (step.text && !new RegExp(step.text).test(entry.text)) continue;
      if (step.error && entry.error !== step.error) continue;
      if (step.minDelayMs !== undefined && !(entry.delayMs >= step.minDelayMs)) continue;
      i++;
    }
    return i === steps.length;
  };
})();`;

let demoProcess: ChildProcess | undefined;
let origin = '';
let browser: Browser | undefined;
let page: Page;
const serverOutput: string[] = [];
const consoleProblems: string[] = [];

/** Network errors Chromium logs for the faults the test causes on purpose. */
function isExpectedNetworkError(message: ConsoleMessage): boolean {
  const url = message.location().url ?? '';
  if (!url.startsWith(`${origin}/streams/`)) return false;
  return /^Failed to load resource: (the server responded with a status of (401|503)\b|net::ERR_)/.test(message.text());
}

async function snap(name: StreamName): Promise<Snapshot> {
  return page.evaluate((n) => window.__demo.snap(n), name);
}

async function pageNow(): Promise<number> {
  return page.evaluate(() => Date.now());
}

async function connectionLog(name: StreamName, since: number): Promise<string> {
  const events = await page.evaluate(() => window.__demo.events);
  const rows = events
    .filter((e) => e.name === name && e.at >= since)
    .map((e) => `${e.status}#${e.attempt}${e.delayMs === null ? '' : ` in ${e.delayMs} ms`}${e.error ? ` (${e.error})` : ''}: ${e.text}`);
  return `${rows.join(' → ')}; now ${JSON.stringify(await snap(name))}`;
}

/** Waits for a condition in the page; on timeout, fails with what the element went through. */
async function waitFor<const A extends unknown[]>(
  what: string,
  name: StreamName,
  since: number,
  fn: EvaluateFunc<A>,
  args: A,
  timeout: number,
): Promise<void> {
  try {
    await page.waitForFunction(fn, { timeout, polling: 50 }, ...args);
  } catch (error) {
    throw new Error(`${name}: ${what} did not happen within ${timeout} ms. ${await connectionLog(name, since)}`, { cause: error });
  }
}

async function waitProgressing(name: StreamName, since: number, timeout = 12_000): Promise<void> {
  await waitFor('progress while live', name, since, (n: string) => window.__demo.progressing(n), [name], timeout);
}

interface ServerInfo {
  tokensIssued: number;
  streams: Record<StreamName, StreamInfo>;
}

/** What the demo server says about its streams (GET /api/jobs). */
async function server(): Promise<ServerInfo> {
  const response = await fetch(`${origin}/api/jobs`);
  return (await response.json()) as ServerInfo;
}

/**
 * Clicks a fault button of a card and waits for the server's answer on the page. A network
 * fault first waits until the open connection has delivered an event: a connection lost before
 * its first event currently reconnects without Last-Event-ID (the client takes the empty id of
 * the server's `retry:`/`: connected` prelude), which replays the whole buffer.
 */
async function fault(name: StreamName, type: string): Promise<{ since: number; message: string }> {
  if (type !== 'restart') {
    await waitFor('an event on the open connection', name, 0, (n: string) => window.__demo.delivered(n), [name], 10_000);
  }
  const since = await pageNow();
  const card = `.card[data-stream="${name}"]`;
  await page.$eval(`${card} .fault-status`, (el) => {
    el.textContent = '';
  });
  // A DOM click: several cards are clicked at once, which mouse clicks cannot do.
  await page.$eval(`${card} button[data-fault="${type}"]`, (button) => (button as HTMLButtonElement).click());
  const handle = await page
    .waitForFunction(
      (selector: string) => {
        const text = document.querySelector(selector)?.textContent ?? '';
        return text !== '' && text !== '…' ? text : false;
      },
      { timeout: 5000, polling: 50 },
      `${card} .fault-status`,
    )
    .catch(async (error: unknown) => {
      throw new Error(`${name}: the page got no answer to the ${type} fault. ${JSON.stringify((await server()).streams[name])}`, {
        cause: error,
      });
    });
  const message = String(await handle.jsonValue());
  assert.doesNotMatch(message, /^Refused|did not answer/, `${name}: the ${type} fault was not applied: ${message}`);
  return { since, message };
}

/**
 * A job that runs (and is early enough to outlast a fault): the running one when its percent is
 * at most `maxPercent`, else a restarted one.
 */
async function ensureFreshJob(name: StreamName, maxPercent: number): Promise<void> {
  if (name === 'workflow-stages') return; // always has orders in flight
  const s = await snap(name);
  if (s.status === 'running' && s.connection === 'Live' && s.percent !== null && s.percent <= maxPercent) return;
  const { since } = await fault(name, 'restart');
  await waitProgressing(name, since);
}

/** The ids of the events one element received: within a stream, each follows the previous one. */
function assertContiguous(name: string, ids: readonly string[]): number {
  const last = new Map<string, number>();
  let checked = 0;
  for (const id of ids) {
    const match = /^(.*)-(\d+)$/.exec(id);
    assert.ok(match, `${name}: unexpected event id ${id}`);
    const [, prefix = '', counter = ''] = match;
    const n = Number(counter);
    const previous = last.get(prefix);
    if (previous !== undefined) {
      if (n !== previous + 1) {
        const at = ids.indexOf(id);
        assert.fail(
          `${name}: after event ${prefix}-${previous} came ${id} (an event was ${n > previous + 1 ? 'lost' : 'repeated'}): …${ids.slice(Math.max(0, at - 5), at + 5).join(' ')}…`,
        );
      }
      checked++;
    }
    last.set(prefix, n);
  }
  return checked;
}

/** No event lost or repeated across the element's reconnects so far. */
async function assertResumed(name: StreamName): Promise<void> {
  const ids = await page.evaluate((n) => window.__demo.ids[n] ?? [], name);
  assertContiguous(name, ids);
}

describe('the live demo (npm start) in Chromium', () => {
  before(
    async () => {
      ({ child: demoProcess, origin } = await startDemo(SPEED, serverOutput));
      browser = await launchChromium();
      page = await browser.newPage();
      await page.setViewport({ width: 1400, height: 1000 });
      page.on('console', (message) => {
        if (message.type() === 'error' && !isExpectedNetworkError(message)) {
          consoleProblems.push(`console error: ${message.text()} (${message.location().url ?? ''})`);
        }
      });
      page.on('pageerror', (error) => consoleProblems.push(`page error: ${error instanceof Error ? error.message : String(error)}`));
      // Nothing but the demo server: any other request is a failure.
      page.on('request', (request) => {
        if (!request.url().startsWith(`${origin}/`)) consoleProblems.push(`request outside the demo server: ${request.url()}`);
      });
      await page.evaluateOnNewDocument(RECORDER);
      await page.goto(`${origin}/`, { waitUntil: 'load' });
    },
    { timeout: 30_000 },
  );

  after(async () => {
    await browser?.close();
    if (demoProcess && demoProcess.exitCode === null && demoProcess.signalCode === null) {
      demoProcess.kill('SIGKILL');
      await once(demoProcess, 'exit');
    }
  });

  it('serves the page under a CSP that allows no inline script or style, with the IIFE bundle from a script tag', async () => {
    const response = await fetch(`${origin}/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const info = await page.evaluate(() => ({
      defined: customElements.get('progress-stream') !== undefined,
      api: typeof (window as unknown as { ProgressStream?: { StreamClient?: unknown } }).ProgressStream?.StreamClient,
      presets: [...document.querySelectorAll('progress-stream')].map((el) => el.getAttribute('preset')),
      usages: [...document.querySelectorAll('.usage')].map((el) => el.textContent ?? ''),
      inlineScripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
    }));
    assert.equal(info.defined, true);
    assert.equal(info.api, 'function');
    assert.deepEqual(info.presets, [...STREAMS]);
    assert.equal(info.inlineScripts, 0);
    for (const [i, usage] of info.usages.entries()) {
      assert.match(usage, /<script src="progress-stream\.iife\.js"><\/script>/);
      assert.match(usage, new RegExp(`preset="${STREAMS[i]}"`));
      assert.equal(usage.split('\n').length, 3, `three lines of usage for ${STREAMS[i]}`);
    }
  });

  it('shows every format making progress, live', async () => {
    const since = await pageNow();
    await Promise.all(STREAMS.map((name) => waitProgressing(name, since, 20_000)));
    await waitFor(
      'several orders at once',
      'workflow-stages',
      since,
      () => window.__demo.snap('workflow-stages').jobs.filter((job) => job.status === 'running').length >= 2,
      [],
      10_000,
    );
    // The authenticated streams got their bearer token in a header.
    const info = await server();
    assert.ok(info.tokensIssued >= 1);
    assert.ok((info.streams['batch-enrichment'].responses['200'] ?? 0) >= 1);
    assert.ok((info.streams['workflow-stages'].responses['200'] ?? 0) >= 1);
  });

  it('restart: the percent starts over and the new job progresses', async () => {
    await Promise.all(
      STREAMS.map(async (name) => {
        // A job under way, so that starting over is visible.
        await waitFor(
          'a job past 10 %',
          name,
          0,
          (n: string) => {
            const s = window.__demo.snap(n);
            const candidates =
              s.jobs.length > 0 ? s.jobs.filter((j) => j.status === 'running' && (j.percent ?? 0) >= 10 && (j.percent ?? 0) <= 60) : [s];
            return s.status === 'running' && candidates.some((j) => (j.percent ?? 0) >= 10);
          },
          [name],
          20_000,
        );
        const before = await snap(name);
        const { since, message } = await fault(name, 'restart');
        assert.match(message, /^Restarted/);
        if (name === 'workflow-stages') {
          // Every order in flight starts again from AI parsing.
          const restarted = before.jobs.filter((j) => j.status === 'running' && (j.percent ?? 0) >= 10 && (j.percent ?? 0) <= 60);
          await waitFor(
            'an order starting over',
            name,
            since,
            (n: string, keys: Array<{ key: string; percent: number }>) => {
              const jobs = window.__demo.snap(n).jobs;
              return keys.some((k) => jobs.some((j) => j.key === k.key && j.status === 'running' && (j.percent ?? 0) < k.percent));
            },
            [name, restarted.map((j) => ({ key: j.key, percent: j.percent ?? 0 }))],
            8000,
          );
        } else {
          await waitFor(
            'the percent starting over',
            name,
            since,
            (n: string, percent: number, src: string | null, startedAt: number | null) => {
              const s = window.__demo.snap(n);
              const newJob = s.src !== src || s.startedAt !== startedAt;
              return newJob && s.status === 'running' && s.shownPercent !== null && s.shownPercent < percent;
            },
            [name, before.shownPercent ?? 0, before.src, before.startedAt],
            8000,
          );
          if (PER_JOB.includes(name)) assert.notEqual((await snap(name)).src, before.src, `${name}: a new job has a new stream URL`);
        }
        await waitProgressing(name, since);
      }),
    );
  });

  it('drop: "Reconnecting…", then "Live", resuming where it left off', async () => {
    await Promise.all(
      STREAMS.map(async (name) => {
        await ensureFreshJob(name, 50);
        const { since } = await fault(name, 'drop');
        await waitFor(
          'Reconnecting… then Live',
          name,
          since,
          (n: string, t: number) =>
            window.__demo.sequence(n, t, [
              { status: 'reconnecting', text: '^Reconnecting \\d+/10' },
              { status: 'open', text: '^Live$' },
            ]),
          [name, since],
          8000,
        );
        await waitProgressing(name, since);
        await assertResumed(name);
      }),
    );
  });

  it('401: the element refreshes its token and recovers without going offline', async () => {
    const before = await server();
    await Promise.all(
      (['batch-enrichment', 'workflow-stages'] as const).map(async (name) => {
        await ensureFreshJob(name, 50);
        const { since } = await fault(name, '401');
        await waitFor(
          'Reconnecting… then Live',
          name,
          since,
          (n: string, t: number) =>
            window.__demo.sequence(n, t, [
              { status: 'reconnecting', text: '^Reconnecting' },
              { status: 'open', text: '^Live$' },
            ]),
          [name, since],
          8000,
        );
        await waitProgressing(name, since);
        const events = (await page.evaluate(() => window.__demo.events)).filter((e) => e.name === name && e.at >= since);
        assert.ok(!events.some((e) => e.status === 'offline'), `${name} went offline: ${await connectionLog(name, since)}`);
        const errors = (await page.evaluate(() => window.__demo.streamErrors)).filter((e) => e.name === name && e.at >= since);
        assert.ok(!errors.some((e) => e.fatal || e.kind === 'auth'), `${name}: ${JSON.stringify(errors)}`);
        await assertResumed(name);
      }),
    );
    const afterwards = await server();
    for (const name of ['batch-enrichment', 'workflow-stages'] as const) {
      assert.ok(
        (afterwards.streams[name].responses['401'] ?? 0) > (before.streams[name].responses['401'] ?? 0),
        `${name}: the server answered 401`,
      );
    }
    // The rejected token was replaced by a fresh one.
    assert.ok(afterwards.tokensIssued > before.tokensIssued, 'a new token was requested');
  });

  it('stall: silence trips the heartbeat timeout, then "Reconnecting…" and "Live"', async () => {
    // The channel of purchase orders always has orders in flight, so it outlasts the 5 s timeout.
    const name = 'workflow-stages';
    const { since, message } = await fault(name, 'stall');
    assert.match(message, /^Stalling 1 connection/);
    await waitFor(
      'a heartbeat timeout, Reconnecting…, then Live',
      name,
      since,
      (n: string, t: number) =>
        window.__demo.sequence(n, t, [
          { status: 'reconnecting', error: 'heartbeat', text: '^Reconnecting' },
          { status: 'open', text: '^Live$' },
        ]),
      [name, since],
      12_000,
    );
    const timedOut = (await page.evaluate(() => window.__demo.events)).find(
      (e) => e.name === name && e.at >= since && e.error === 'heartbeat',
    );
    // The last byte came at most one 2 s heartbeat before the stall: silence for 5 s.
    assert.ok(
      timedOut && timedOut.at - since >= 2500,
      `the connection stayed open until the 5 s heartbeat timeout: ${await connectionLog(name, since)}`,
    );
    await waitProgressing(name, since);
    await assertResumed(name);
  });

  it('503: reconnecting with a Retry-After countdown, then live', async () => {
    const name = 'step-percent';
    await ensureFreshJob(name, 30);
    const before = await server();
    const since = await pageNow();
    await page.$eval(`.card[data-stream="${name}"] button[data-fault="503"]`, (button) => button.setAttribute('data-seconds', '3'));
    const { message } = await fault(name, '503');
    assert.match(message, /^Answering 503 for 3 s/);
    await waitFor(
      'a countdown, then Live',
      name,
      since,
      (n: string, t: number) =>
        window.__demo.sequence(n, t, [
          { status: 'reconnecting', minDelayMs: 1000, text: '^Reconnecting \\d+/10, next try in \\d+ s' },
          { status: 'open', text: '^Live$' },
        ]),
      [name, since],
      10_000,
    );
    await waitProgressing(name, since);
    await assertResumed(name);
    const afterwards = await server();
    assert.ok((afterwards.streams[name].responses['503'] ?? 0) > (before.streams[name].responses['503'] ?? 0), 'the server answered 503');
  });

  it('recovered fully: every element live or done, no event lost or repeated, no console error or CSP violation', async () => {
    const ids = await page.evaluate(() => window.__demo.ids);
    for (const name of STREAMS) {
      const checked = assertContiguous(name, ids[name] ?? []);
      assert.ok(checked > 10, `${name}: ${checked} consecutive events checked`);
    }
    for (const name of STREAMS) {
      const s = await snap(name);
      assert.ok(s.connection === 'Live' || s.status === 'complete', `${name}: ${JSON.stringify(s)}`);
    }
    const problems = [...consoleProblems, ...(await page.evaluate(() => window.__demo.problems))];
    assert.deepEqual(problems, []);
  });

  it('switches the theme of the page and of every element', async () => {
    const before = await page.evaluate(() => document.documentElement.dataset['theme']);
    await page.click('#theme-toggle');
    const state = await page.evaluate(() => ({
      page: document.documentElement.dataset['theme'],
      elements: [...document.querySelectorAll('progress-stream')].map((el) => el.getAttribute('theme')),
      pressed: document.getElementById('theme-toggle')?.getAttribute('aria-pressed'),
    }));
    const expected = before === 'dark' ? 'light' : 'dark';
    assert.equal(state.page, expected);
    assert.deepEqual(
      state.elements,
      STREAMS.map(() => expected),
    );
    assert.equal(state.pressed, String(expected === 'dark'));
  });

  it('"Open this job in another tab": that tab follows the connection this one holds, one connection per stream', async () => {
    const name = 'step-percent';
    await ensureFreshJob(name, 40);
    const card = `.card[data-stream="${name}"]`;
    const { src } = await snap(name);
    const href = await page.$eval(`${card} .share-link`, (a) => (a as HTMLAnchorElement).href);
    assert.equal(new URL(href).searchParams.get('src'), src, 'the link names the job shown');
    const second = await browser!.newPage();
    second.on('console', (message) => {
      if (message.type() === 'error') consoleProblems.push(`second tab: console error: ${message.text()}`);
    });
    second.on('pageerror', (error) => consoleProblems.push(`second tab: ${error instanceof Error ? error.message : String(error)}`));
    await second.evaluateOnNewDocument(RECORDER);
    await second.goto(href, { waitUntil: 'load' });
    try {
      const roleShown = (where: Page, stream: string, text: string) =>
        where
          .waitForFunction(
            (n: string, t: string) => {
              const el = document.querySelector(`.card[data-stream="${n}"]`);
              return el?.querySelector('.share-role')?.textContent === t && window.__demo.snap(n).connection === 'Live';
            },
            { timeout: 10_000, polling: 50 },
            stream,
            text,
          )
          .catch((error: unknown) => {
            throw new Error(`${stream}: "${text}" was not shown`, { cause: error });
          });
      // The linked job, and the two channels (the same URL in every tab), follow the first tab.
      for (const stream of [name, 'typed-json', 'workflow-stages'] as const) {
        await roleShown(second, stream, 'Following the connection of another tab');
        await roleShown(page, stream, 'This tab holds the connection');
      }
      const shown = await second.evaluate((n) => window.__demo.snap(n), name);
      assert.equal(shown.src, src);
      assert.ok((shown.percent ?? 0) > 0, 'the second tab shows the job so far');
      const info = await server();
      for (const stream of [name, 'typed-json', 'workflow-stages'] as const) {
        assert.equal(info.streams[stream].connections, 1, `${stream}: one connection for both tabs`);
      }
    } finally {
      await second.close();
    }
  });

  it('serves the plain HTML example, which streams too', async () => {
    await page.goto(`${origin}/examples/plain-html/`, { waitUntil: 'load' });
    await page
      .waitForFunction(
        () => window.__demo.snap('typed-json').clientStatus === 'open' && window.__demo.snap('typed-json').status !== 'idle',
        {
          timeout: 10_000,
          polling: 50,
        },
      )
      .catch(async (error: unknown) => {
        const events = (await page.evaluate(() => window.__demo.events)).map((e) => `${e.status}#${e.attempt}: ${e.text}`);
        throw new Error(
          `the example did not stream: ${JSON.stringify(await snap('typed-json'))} ${events.join(' → ')} ${JSON.stringify((await server()).streams['typed-json'])}`,
          { cause: error },
        );
      });
    assert.deepEqual([...consoleProblems, ...(await page.evaluate(() => window.__demo.problems))], []);
  });

  it('stops cleanly on Ctrl-C (SIGINT): exit code 0', async () => {
    await browser?.close();
    browser = undefined;
    assert.ok(demoProcess);
    const exited = once(demoProcess, 'exit');
    demoProcess.kill('SIGINT');
    const [code] = (await Promise.race([
      exited,
      new Promise((_, reject) => setTimeout(() => reject(new Error('no exit within 5 s')), 5000)),
    ])) as [number | null];
    assert.equal(code, 0, serverOutput.join(''));
  });
});
