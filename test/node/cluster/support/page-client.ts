// The browser client of the cluster tests: a real <progress-stream> from the built
// dist/progress-stream.iife.js, on a page the instances serve through the proxy (so the stream
// is same-origin), in headless Chromium driven by puppeteer-core. A recorder in the page keeps
// every message the element's client dispatched, resets included.
import type { Page } from 'puppeteer-core';
import { JOB_EVENTS, chaosMapping } from '../../../chaos/job.mjs';
import type { ProgressState } from '../../../../src/mapping/index.js';
import { CLUSTER_CLIENT, type Received } from './node-client.js';

export interface PageRun {
  received: Received[];
  state: ProgressState;
  statuses: string[];
  uncaught: string[];
}

// Runs in the page (plain JavaScript: nothing here is transpiled, so no helper of the test's
// compiler can leak into it). One element per call, recorded under its name.
const RECORDER = String.raw`({ name, src, mapping, attributes }) => {
  window.__runs ??= {};
  const run = { received: [], statuses: [], uncaught: [], complete: false, closed: false };
  window.__runs[name] = run;
  addEventListener('error', (e) => run.uncaught.push('error: ' + e.message));
  addEventListener('unhandledrejection', (e) => run.uncaught.push('unhandled rejection: ' + String(e.reason)));
  const el = document.createElement('progress-stream');
  el.id = name;
  for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, value);
  el.mapping = mapping;
  let client;
  el.addEventListener('connection-change', (e) => {
    run.statuses.push(e.detail.status);
    if (el.client !== client) {
      client = el.client;
      client?.addEventListener('message', (m) => {
        const data = JSON.parse(m.detail.data);
        run.received.push(m.detail.event === 'reset'
          ? { id: m.detail.id, event: 'reset', reset: { reason: String(data.reason), lastEventId: String(data.lastEventId) } }
          : { id: m.detail.id, event: m.detail.event, n: data.n });
      });
    }
    if (e.detail.status === 'closed') run.closed = true;
  });
  el.addEventListener('progress-complete', () => { run.complete = true; });
  el.src = src;
  document.body.append(el);
}`;

/** Adds an element following `path` (on the page's origin) to the page. */
export async function addElement(page: Page, name: string, path: string): Promise<void> {
  const attributes = {
    'retry-delay': String(CLUSTER_CLIENT.retryDelayMs),
    'max-retry-delay': String(CLUSTER_CLIENT.maxRetryDelayMs),
    'max-retries': String(CLUSTER_CLIENT.maxRetries),
    'heartbeat-timeout': String(CLUSTER_CLIENT.heartbeatTimeoutMs),
    'feed-limit': String(JOB_EVENTS + 10),
  };
  await page.evaluate(`(${RECORDER})(${JSON.stringify({ name, src: path, mapping: chaosMapping, attributes })})`);
}

/** Waits until the element got the terminal event and closed. */
export async function elementDone(page: Page, name: string, timeoutMs: number): Promise<void> {
  await page.waitForFunction(`window.__runs[${JSON.stringify(name)}]?.complete && window.__runs[${JSON.stringify(name)}]?.closed`, {
    timeout: timeoutMs,
    polling: 100,
  });
}

export async function elementRun(page: Page, name: string): Promise<PageRun> {
  const json = (await page.evaluate(
    `JSON.stringify({ ...window.__runs[${JSON.stringify(name)}], state: document.getElementById(${JSON.stringify(name)}).state })`,
  )) as string;
  return JSON.parse(json) as PageRun;
}
