// End to end: the cluster demo (`npm run start:cluster`) with its page in headless Chromium. A
// real redis-server, a worker process publishing the jobs through the Redis broker, two server
// instances behind the round-robin proxy. The page's "kill this instance" button crashes the
// instance that serves a running job; the element must finish that job on the other instance
// with every event applied exactly once (the worker numbers them, the page counts them). Then
// Ctrl-C must stop every process the launcher started, Redis included. Needs the built dist/,
// redis-server on the PATH and Chromium at /usr/bin/chromium or CHROME_PATH.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium } from '../support/chromium.js';
import { assertRedisInstalled } from '../support/redis-server.js';

const SPEED = 3; // a job takes 7–20 s: time to kill an instance mid-job and see the job finish
const CARD = '.card[data-stream="step-percent"]';

interface CardView {
  src: string | null;
  status: string;
  percent: number | null;
  clientStatus: string | null;
  instance: string;
  applied: number;
  repeated: number;
  missed: number;
  resets: number;
  lastSeq: number;
  history: string;
}

let launcher: ChildProcess | undefined;
let launcherExit: Promise<number | null> | undefined;
let browser: Browser | undefined;
let page: Page;
let output = '';
const pageErrors: string[] = [];

/** Starts `node scripts/start-cluster.mjs --port 0 --no-build` (npm test has built dist/) in its own process group and reads the URL it prints. */
async function startLauncher(): Promise<string> {
  const script = fileURLToPath(new URL('../../../scripts/start-cluster.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, '--port', '0', '--speed', String(SPEED), '--no-build'], {
    env: { ...process.env, DEMO_FAILURE_RATE: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: the test sends Ctrl-C's SIGINT to the group, as a terminal does.
    detached: true,
  });
  launcher = child;
  launcherExit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const collect = (text: string): void => {
    output += text;
  };
  child.stdout?.setEncoding('utf8').on('data', collect);
  child.stderr?.setEncoding('utf8').on('data', collect);
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the cluster demo printed no URL:\n${output}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`the cluster demo exited (${code}):\n${output}`)));
    child.stdout?.on('data', () => {
      const match = /progress-stream cluster: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
}

/** Every process id the launcher reported (Redis, the worker, each start of each instance). */
function reportedPids(): number[] {
  return [...output.matchAll(/\bpid (\d+)\b/g)].map((match) => Number(match[1]));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(output)) {
    if (Date.now() > deadline) throw new Error(`the launcher never printed ${pattern}:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What the step-percent card shows: the element's state and the page's counters. */
async function view(): Promise<CardView> {
  return page.$eval(CARD, (section) => {
    const el = section.querySelector('progress-stream') as HTMLElement & {
      state: { status: string; percent: number | null };
      client?: { status: string };
    };
    const data = (section as HTMLElement).dataset;
    return {
      src: el.getAttribute('src'),
      status: el.state.status,
      percent: el.state.percent,
      clientStatus: el.client?.status ?? null,
      instance: data['instance'] ?? '',
      applied: Number(data['applied']),
      repeated: Number(data['repeated']),
      missed: Number(data['missed']),
      resets: Number(data['resets']),
      lastSeq: Number(data['lastSeq']),
      history: section.querySelector('.history')?.textContent ?? '',
    };
  });
}

/** Polls the card until `accept` returns true; fails with what the card shows. */
async function waitForCard(what: string, accept: (card: CardView) => boolean, timeoutMs: number): Promise<CardView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const card = await view();
    if (accept(card)) return card;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms; the card shows ${JSON.stringify(card)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the cluster demo (npm run start:cluster) in Chromium', () => {
  before(
    async () => {
      assertRedisInstalled();
      const url = await startLauncher();
      browser = await launchChromium();
      page = await browser.newPage();
      page.on('pageerror', (error) => pageErrors.push(error instanceof Error ? error.message : String(error)));
      await page.goto(url);
    },
    { timeout: 30_000 },
  );

  after(async () => {
    await browser?.close();
    // Only if a test failed before Ctrl-C: nothing may outlive the test run.
    if (launcher?.exitCode === null && launcher.signalCode === null && launcher.pid !== undefined) process.kill(-launcher.pid, 'SIGKILL');
    for (const pid of reportedPids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
  });

  it('a job whose instance is killed finishes on the other instance, every event applied once', { timeout: 60_000 }, async () => {
    // A running job, early enough to outlast the kill, whose stream has delivered a few events.
    const running = await waitForCard(
      'a step-percent job at most 60 % done, with events applied',
      (card) =>
        card.status === 'running' &&
        card.clientStatus === 'open' &&
        card.instance !== '' &&
        card.applied >= 3 &&
        (card.percent ?? 100) <= 60,
      40_000,
    );
    const killed = running.instance;
    await page.$eval(`${CARD} .kill`, (button) => (button as HTMLButtonElement).click());

    const moved = await waitForCard(
      `the stream served by another instance than ${killed}`,
      (card) => card.src === running.src && card.instance !== killed && card.clientStatus === 'open',
      15_000,
    );
    assert.ok(moved.applied > 0);
    const done = await waitForCard(
      'the job complete',
      (card) => card.src !== running.src || card.status === 'complete' || card.status === 'failed',
      40_000,
    );
    assert.equal(done.src, running.src, 'the page moved on to the next job before the test saw this one end');
    assert.equal(done.status, 'complete');
    // Numbered from 1 by the worker: all of 1..lastSeq applied, none twice, none skipped.
    assert.equal(done.repeated, 0, `events applied twice: ${JSON.stringify(done)}`);
    assert.equal(done.missed, 0, `events missed: ${JSON.stringify(done)}`);
    assert.equal(done.resets, 0, 'a resume on the other instance must not need a reset');
    assert.equal(done.applied, done.lastSeq);
    assert.ok(done.lastSeq > running.applied, `events after the kill: ${running.applied} → ${done.lastSeq}`);
    assert.match(done.history, new RegExp(`Moved from instance ${killed} to ${moved.instance}`));
    assert.deepEqual(pageErrors, []);

    // The launcher noticed the crash and started the instance again.
    await waitForOutput(new RegExp(`instance ${killed} stopped \\(SIGKILL\\)`), 5000);
    await waitForOutput(new RegExp(`instance ${killed}: pid \\d+[^]*instance ${killed}: pid \\d+`), 15_000);
  });

  it('Ctrl-C stops the launcher, both instances, the worker and Redis', { timeout: 20_000 }, async () => {
    const pids = reportedPids();
    assert.ok(pids.length >= 5, `redis-server, the worker, two instances and a restart: ${pids.join(', ')}`);
    assert.ok(launcher?.pid !== undefined);
    process.kill(-launcher.pid, 'SIGINT');
    assert.equal(await launcherExit, 0, output);
    assert.deepEqual(
      pids.filter((pid) => alive(pid)),
      [],
      `processes left behind:\n${output}`,
    );
  });
});
