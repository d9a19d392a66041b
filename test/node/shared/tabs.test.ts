// `<progress-stream shared>` in real tabs of one Chromium (puppeteer-core, /usr/bin/chromium or
// CHROME_PATH), loaded from the built standalone bundle (dist/progress-stream.iife.js: run
// `npm run build` first), against the paced job server of test/support/shared/job-server.mjs,
// which counts each stream's connections. Four tabs of three elements share one connection;
// when the holding tab closes, is frozen (CDP Page.setWebLifecycleState) or navigates away,
// exactly one other tab opens the next connection, resuming from the last event any tab saw,
// and every remaining element ends complete with each event applied once (one activity line per
// event). Different streams get a connection each; without `shared` every element has its own.
// No BroadcastChannel message carries the token of the elements' `headers` function.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { startJobServer, type Job, type JobConnection, type JobServer } from '../../support/shared/job-server.mjs';
import { launchChromium } from '../support/chromium.js';
import { holderOf, report, reports, sleep, until } from './support/browser.js';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const TOKEN = 'tok-7d1c5e0b-never-relayed';

const appliedOnce = (total: number): string[] => Array.from({ length: total }, (_, i) => `applied ${i + 1}`);

/**
 * The requests made while the job ran, before its last event went out at `endedAt`. As the
 * holder's stream ends, the next tab in the lock's queue may be granted the lock before it has
 * read the relayed last event (the channel and the lock keep no order between them) and ask once
 * more, for what it missed: that is not a second holder.
 */
const whileRunning = (job: Job, endedAt: number): JobConnection[] => job.connections.filter((c) => c.startedAt <= endedAt);

describe('<progress-stream shared> across tabs', { timeout: 90_000 }, () => {
  let server: JobServer;
  let browser: Browser;
  const handOvers: string[] = [];

  before(async () => {
    server = await startJobServer({ root });
    browser = await launchChromium();
  });

  after(async () => {
    if (handOvers.length > 0) console.log(`hand-over times: ${handOvers.join('; ')}`);
    await browser?.close();
    await server?.close();
  });

  async function openTab(srcs: string[], shared = true): Promise<Page> {
    const page = await browser.newPage();
    const query = srcs.map((src) => `src=${encodeURIComponent(src)}`).join('&') + (shared ? '&shared' : '');
    await page.goto(`${server.origin}/tab.html?${query}#token=${TOKEN}`, { waitUntil: 'load' });
    return page;
  }

  async function openTabs(count: number, srcs: string[], shared = true): Promise<Page[]> {
    const pages: Page[] = [];
    for (let i = 0; i < count; i++) pages.push(await openTab(srcs, shared));
    return pages;
  }

  /** Waits until every element of `pages` applied `count` events. */
  async function applied(pages: Page[], count: number): Promise<void> {
    await until(async () => (await reports(pages)).every((r) => r.applied.length >= count), `${count} events in every element`);
  }

  async function expectComplete(pages: Page[], job: Job): Promise<void> {
    await until(async () => (await reports(pages)).every((r) => r.status === 'complete'), 'every element complete');
    for (const r of await reports(pages)) assert.deepEqual(r.applied, appliedOnce(job.total), 'each event applied once, in order');
  }

  async function expectNoTokenPosted(pages: Page[]): Promise<number> {
    let count = 0;
    for (const page of pages) {
      const posted = await page.evaluate(() => (window as unknown as { __posted: string[] }).__posted);
      count += posted.length;
      for (const text of posted) assert.ok(!text.includes(TOKEN), `a BroadcastChannel message carried the token: ${text.slice(0, 200)}`);
    }
    return count;
  }

  it('gives 4 tabs × 3 shared elements one connection; all reach the same end, every event applied once', async () => {
    const job = server.createJob(30, TOKEN);
    const first = await openTab([job.url, job.url, job.url]);
    job.publish(10);
    await applied([first], 10);
    // The other tabs join mid-job: they show the job so far, then live.
    const pages = [first, ...(await openTabs(3, [job.url, job.url, job.url]))];
    await applied(pages, 10);
    for (let n = 10; n < job.total; n += 5) {
      job.publish(5);
      await sleep(20);
    }
    const endedAt = Date.now();
    await expectComplete(pages, job);
    assert.equal(whileRunning(job, endedAt).length, 1, 'one connection for 12 elements in 4 tabs');
    assert.equal(job.peakOpen, 1);
    assert.equal(job.connections[0]?.authorization, `Bearer ${TOKEN}`);
    assert.ok((await expectNoTokenPosted(pages)) > job.total, 'the relay was recorded');
    await Promise.all(pages.map((page) => page.close()));
  });

  for (const how of ['closed', 'frozen', 'navigated away'] as const) {
    it(`hands over when the holding tab is ${how}: one tab resumes from the last event seen, each event applied once`, async () => {
      const job = server.createJob(20, TOKEN);
      const pages = await openTabs(4, [job.url, job.url, job.url]);
      job.publish(8);
      await applied(pages, 8);
      const holder = await holderOf(pages, 3);
      const rest = pages.filter((page) => page !== holder);
      const cdp = how === 'frozen' ? await holder.createCDPSession() : undefined;
      const leftAt = Date.now();
      if (how === 'closed') await holder.close();
      else if (how === 'frozen') await cdp!.send('Page.setWebLifecycleState', { state: 'frozen' });
      else await holder.goto('about:blank');
      await until(() => job.connections.length >= 2, 'the next connection');
      const [previous, next] = job.connections as [JobConnection, JobConnection];
      // The old socket's close and the new request race by a few milliseconds (the holder lets
      // go of the lock as it aborts its request): both are measured, the overlap is not a second holder.
      await until(() => previous.closedAt !== null, 'the previous connection to close');
      handOvers.push(`${how}: next request after ${next.startedAt - leftAt} ms (previous closed after ${previous.closedAt! - leftAt} ms)`);
      assert.equal(next.lastEventId, '8', 'resumes from the last event any tab saw');
      assert.equal(job.open.size, 1);
      job.publish(4);
      await applied(rest, 12);
      const live = [...rest];
      if (cdp) {
        // Back from the freeze, it follows the new holder: it catches up, applying nothing twice.
        await cdp.send('Page.setWebLifecycleState', { state: 'active' });
        await applied([holder], 12);
        assert.deepEqual(
          (await report(holder)).map((r) => r.role),
          ['follower', 'follower', 'follower'],
        );
        live.push(holder);
      }
      job.publish(job.total - 12);
      const endedAt = Date.now();
      await expectComplete(live, job);
      assert.equal(whileRunning(job, endedAt).length, 2, 'exactly one other tab opened the next connection');
      await expectNoTokenPosted(live);
      await Promise.all(pages.filter((page) => !page.isClosed()).map((page) => page.close()));
    });
  }

  it('gives each stream its own shared connection, and each unshared element its own', async () => {
    const one = server.createJob(5, TOKEN);
    const two = server.createJob(5, TOKEN);
    const plain = server.createJob(5, TOKEN);
    const pages = await openTabs(2, [one.url, one.url, two.url]);
    const unshared = await openTab([plain.url, plain.url, plain.url], false);
    for (const job of [one, two, plain]) job.publish(job.total);
    const endedAt = Date.now();
    await expectComplete([...pages, unshared], one);
    assert.equal(whileRunning(one, endedAt).length, 1);
    assert.equal(whileRunning(two, endedAt).length, 1);
    assert.equal(plain.connections.length, 3, 'without shared, one connection per element');
    assert.deepEqual(
      (await report(unshared)).map((r) => r.role),
      [null, null, null],
    );
    await Promise.all([...pages, unshared].map((page) => page.close()));
  });
});
