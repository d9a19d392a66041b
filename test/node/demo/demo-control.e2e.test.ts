// End to end: cancel, pause and resume of demo jobs through the element's own buttons, in
// headless Chromium against the demo server (`npm start`). The Cancel button asks first, then
// POSTs once to `cancel-url` (the authenticated card with its bearer token in the header, never
// in the URL); the element shows the pending action until the stream says the job is cancelled
// (or paused, or running again). Needs the built dist/ and Chromium at /usr/bin/chromium or
// CHROME_PATH.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { launchChromium } from '../support/chromium.js';
import { startDemo } from './demo-process.js';

const SPEED = 2; // a job takes 10–30 s: time to pause, resume and cancel it

let demo: ChildProcess | undefined;
let origin = '';
let browser: Browser | undefined;
let page: Page;
const output: string[] = [];
const problems: string[] = [];
/** Every POST the page sent to a control URL. */
const controlPosts: Array<{ url: string; authorization: string | undefined; body: string | undefined }> = [];

const element = (preset: string): string => `progress-stream[preset="${preset}"]`;

/** One change of what an element showed: its job, its status and its control status text. */
interface Seen {
  preset: string;
  src: string | null;
  status: string;
  controlStatus: string | null;
}

// Runs in the page before its scripts: records every change of (job, status, "Cancelling…")
// of every element as it renders (a MutationObserver on its shadow root, plus a 20 ms poll for
// state changes that render nothing), so that neither a "Pausing…" that lasts one frame nor a
// state the page soon moves on from (a cancelled job is followed by the next one) is missed.
const RECORDER = String.raw`(() => {
  const log = [];
  const last = new Map();
  const observed = new WeakSet();
  window.__seen = log;
  const record = (el) => {
    const part = el.shadowRoot?.querySelector('[part~="control-status"]');
    const entry = { preset: el.getAttribute('preset'), src: el.getAttribute('src'), status: el.state?.status,
      controlStatus: part ? part.textContent.trim() : null };
    const key = JSON.stringify(entry);
    if (last.get(el) !== key) { last.set(el, key); log.push(entry); }
  };
  setInterval(() => {
    for (const el of document.querySelectorAll('progress-stream')) {
      if (el.shadowRoot && !observed.has(el)) {
        observed.add(el);
        new MutationObserver(() => record(el)).observe(el.shadowRoot, { subtree: true, childList: true, characterData: true });
      }
      record(el);
    }
  }, 20);
})();`;

async function seen(preset: string, src: string | null): Promise<Seen[]> {
  const log = await page.evaluate(() => (window as unknown as { __seen: Seen[] }).__seen);
  return log.filter((entry) => entry.preset === preset && entry.src === src);
}

async function waitSeen(preset: string, src: string | null, what: string, test: (entry: Seen) => boolean, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await seen(preset, src)).some(test)) {
    if (Date.now() > deadline) {
      const log = JSON.stringify(await seen(preset, src));
      assert.fail(`${preset}: ${what} not seen within ${timeout} ms: ${log}; POSTs: ${JSON.stringify(controlPosts)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface ElementView {
  src: string | null;
  status: string;
  percent: number | null;
  parts: Record<string, string | null>;
}

/** The element's state and the text of its control parts (null: not rendered). */
async function view(preset: string): Promise<ElementView> {
  return page.$eval(element(preset), (el) => {
    const host = el as HTMLElement & { state: { status: string; percent: number | null } };
    const parts: Record<string, string | null> = {};
    for (const name of ['cancel-button', 'pause-button', 'resume-button', 'confirm', 'control-status', 'control-error']) {
      const found = host.shadowRoot?.querySelector(`[part~="${name}"]`);
      parts[name] = found ? (found.textContent ?? '').trim() : null;
    }
    return { src: host.getAttribute('src'), status: host.state.status, percent: host.state.percent, parts };
  });
}

async function waitView(preset: string, what: string, test: (v: ElementView) => boolean, timeout = 15_000): Promise<ElementView> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const current = await view(preset);
    if (test(current)) return current;
    if (Date.now() > deadline)
      assert.fail(
        `${preset}: ${what} did not happen within ${timeout} ms; now ${JSON.stringify(current)}; POSTs: ${JSON.stringify(controlPosts)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Clicks one of the element's parts (a real click: a user gesture). */
async function clickPart(preset: string, part: string): Promise<void> {
  const handle = await page.evaluateHandle(
    (selector: string, name: string) => document.querySelector(selector)?.shadowRoot?.querySelector(`[part~="${name}"]`),
    element(preset),
    part,
  );
  const button = handle.asElement();
  assert.ok(button, `${preset}: no ${part}`);
  await (button as unknown as { click(): Promise<void> }).click();
}

describe('cancel and pause in the live demo (Chromium)', () => {
  before(
    async () => {
      ({ child: demo, origin } = await startDemo(SPEED, output));
      browser = await launchChromium();
      page = await browser.newPage();
      await page.setViewport({ width: 1400, height: 1000 });
      page.on('pageerror', (error) => problems.push(`page error: ${error instanceof Error ? error.message : String(error)}`));
      page.on('request', (request: HTTPRequest) => {
        if (request.method() === 'POST' && /\/(cancel|pause|resume)$/.test(request.url())) {
          controlPosts.push({ url: request.url(), authorization: request.headers()['authorization'], body: request.postData() });
        }
      });
      await page.evaluateOnNewDocument(RECORDER);
      await page.goto(`${origin}/`, { waitUntil: 'load' });
    },
    { timeout: 30_000 },
  );

  after(async () => {
    await browser?.close();
    if (demo !== undefined && demo.exitCode === null) {
      const exited = once(demo, 'exit');
      demo.kill('SIGTERM');
      await exited;
    }
  });

  it('step-percent: Cancel asks first, POSTs once, shows Cancelling… until the stream says cancelled', { timeout: 60_000 }, async () => {
    const running = await waitView(
      'step-percent',
      'a running job with a Cancel button',
      (v) => v.status === 'running' && v.parts['cancel-button'] !== null,
    );
    assert.equal(await page.$eval(element('step-percent'), (el) => el.getAttribute('cancel-url')), `${running.src}/cancel`);
    await clickPart('step-percent', 'cancel-button');
    await waitView('step-percent', 'the confirmation', (v) => v.parts['confirm'] !== null);
    assert.equal(controlPosts.length, 0, 'nothing is sent before the confirmation');
    await clickPart('step-percent', 'confirm-yes');
    await waitSeen('step-percent', running.src, 'the cancelled state', (e) => e.status === 'cancelled');
    const log = await seen('step-percent', running.src);
    const cancelling = log.findIndex((e) => e.controlStatus !== null && /Cancelling/.test(e.controlStatus));
    const cancelled = log.findIndex((e) => e.status === 'cancelled');
    assert.ok(cancelling !== -1 && cancelling < cancelled, `"Cancelling…" before cancelled: ${JSON.stringify(log)}`);
    assert.equal(log[cancelled]?.controlStatus, null, 'no "Cancelling…" once the stream confirmed');
    const posts = controlPosts.filter((p) => p.url === `${origin}${running.src}/cancel`);
    assert.equal(posts.length, 1, 'one POST');
    assert.ok(!posts[0]?.body, 'no body');
  });

  it(
    'batch-enrichment: Pause and Resume POST with the bearer token in the header; the element follows the stream',
    { timeout: 60_000 },
    async () => {
      const running = await waitView(
        'batch-enrichment',
        'a running job with a Pause button',
        (v) => v.status === 'running' && v.parts['pause-button'] !== null,
      );
      const before = controlPosts.length;
      await clickPart('batch-enrichment', 'pause-button');
      await waitSeen('batch-enrichment', running.src, '"Pausing…"', (e) => e.controlStatus !== null && /Pausing/.test(e.controlStatus));
      const paused = await waitView(
        'batch-enrichment',
        'the paused state',
        (v) => v.status === 'paused' && v.parts['control-status'] === null,
      );
      assert.notEqual(paused.parts['resume-button'], null, 'a Resume button while paused');
      await clickPart('batch-enrichment', 'resume-button');
      await waitView('batch-enrichment', 'running again', (v) => v.status === 'running');
      const posts = controlPosts.slice(before);
      assert.deepEqual(
        posts.map((p) => p.url),
        [`${origin}${running.src}/pause`, `${origin}${running.src}/resume`],
      );
      for (const post of posts) {
        assert.match(post.authorization ?? '', /^Bearer demo-token-/);
        assert.ok(!post.url.includes('demo-token'), 'never a token in the URL');
      }
    },
  );

  it('no page error', () => {
    assert.deepEqual(problems, []);
  });
});
