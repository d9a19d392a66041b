// Cross-process: the Redis broker as it is deployed. A worker process (no HTTP server) publishes
// a 500-event job through Redis; two server instances, each its own process on its own port,
// serve it behind a round-robin proxy; a real <progress-stream> in Chromium and a Node
// StreamClient follow it through the proxy. Then, mid-job:
// - the instance serving both clients is SIGKILLed: they resume on the other with
//   Last-Event-ID, and each applies every event exactly once, in order, ending complete;
// - Redis restarts (its data saved and loaded again): the worker's publishes fail during the
//   outage and are retried, and the clients see the stream go on over the same connections.
// Needs redis-server, the built dist/ (npm test builds it first) and Chromium at
// /usr/bin/chromium or CHROME_PATH.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium } from '../support/chromium.js';
import { JOB_EVENTS } from '../../chaos/job.mjs';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { startCluster, type Cluster, type JobRecord } from './support/cluster.js';
import { checkSequence, comparable, difference, expectedState, retryHints } from './support/invariants.js';
import { RecordingClient } from './support/node-client.js';
import { addElement, elementDone, elementRun } from './support/page-client.js';
import type { ProxiedRequest } from './support/proxy.js';

/** Between two publishes: the job lasts a few seconds, long enough for a fault mid-way. */
const INTERVAL_MS = 8;
const DONE_TIMEOUT_MS = 40_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const isBrowser = (r: ProxiedRequest) => r.userAgent.includes('Mozilla');

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('cluster: a worker, two instances and Redis in separate processes, clients behind a proxy', { timeout: 120_000 }, () => {
  let redis: RedisServer;
  let cluster: Cluster;
  let browser: Browser;
  let page: Page;
  const nodeClients: RecordingClient[] = [];

  before(async () => {
    redis = await startRedisServer();
    [cluster, browser] = await Promise.all([startCluster({ redis, instances: [{ name: 'A' }, { name: 'B' }] }), launchChromium()]);
    page = await browser.newPage();
    await page.goto(`${cluster.proxy.origin}/`);
    await page.waitForFunction(`customElements.get('progress-stream') !== undefined`, { timeout: 10_000 });
  });

  after(async () => {
    // Also after a failure: a client still retrying would keep this process alive.
    for (const client of nodeClients) client.close();
    try {
      await browser?.close();
      await cluster?.close();
    } finally {
      await redis?.stop(); // whatever failed before: its process would keep this one alive
    }
  });

  /** Starts a job, an element and a Node client; returns once both clients are connected. */
  async function follow(jobId: string): Promise<{ job: JobRecord; node: RecordingClient; streams: () => ProxiedRequest[] }> {
    const path = `/jobs/${jobId}/events`;
    const streams = () => cluster.proxy.log.filter((r) => r.path === path);
    const job = await cluster.startJob(jobId, INTERVAL_MS);
    await addElement(page, jobId, path);
    await until(() => streams().some((r) => isBrowser(r) && r.status === 200), 'the element to connect');
    const served = streams().find(isBrowser)!.upstream;
    // Round robin: when the next request would go to the other instance, one probe moves it on,
    // so that both clients share the instance that is then killed.
    if (cluster.proxy.next !== served) await fetch(`${cluster.proxy.origin}/healthz`);
    const node = new RecordingClient('node', `${cluster.proxy.origin}${path}`);
    nodeClients.push(node);
    await until(() => streams().some((r) => !isBrowser(r) && r.status === 200), 'the Node client to connect');
    return { job, node, streams };
  }

  /** Both clients got every event once, in order, with the published ids, and ended complete. */
  async function assertEveryEventOnce(jobId: string, job: JobRecord, node: RecordingClient): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the Node client did not complete: ${node.received.length} messages`)), DONE_TIMEOUT_MS);
    });
    await Promise.all([Promise.race([node.done, late]), elementDone(page, jobId, DONE_TIMEOUT_MS)]).finally(() => clearTimeout(timer));
    await until(() => job.ended, 'the worker to end the job');
    const expected = expectedState(1, false);
    const element = await elementRun(page, jobId);
    for (const [who, received, state] of [
      ['the element', element.received, element.state],
      ['the Node client', node.received, node.session.state],
    ] as const) {
      const report = checkSequence(received, { published: job.ids });
      assert.deepEqual(report.problems, [], `${who}: ${[...report.problems, ...retryHints(report.problems, job.errors)].join('; ')}`);
      assert.equal(report.resets, 0, `${who} got a reset`);
      assert.equal(received.length, JOB_EVENTS, `${who} applied ${received.length} events`);
      assert.equal(difference(comparable(state), expected), undefined, `${who}'s final state`);
    }
    // The terminal event has one id, whichever instance delivered it.
    assert.equal(element.received.at(-1)?.id, node.received.at(-1)?.id);
    assert.deepEqual(element.uncaught, []);
  }

  it('SIGKILL of the instance serving the stream: both clients resume on the other, every event once', async (t) => {
    const jobId = 'kill-job';
    const { job, node, streams } = await follow(jobId);
    const victim = streams()[0]!.upstream;
    assert.deepEqual(
      streams().map((r) => r.upstream),
      [victim, victim],
      'both clients on one instance',
    );
    const survivor = victim === 'A' ? 'B' : 'A';

    await job.reached(150);
    await cluster.instance(victim).kill();
    // Started again for the next test while this one runs on (awaited below, so a failure shows).
    const restarted = cluster.instance(victim).start();
    restarted.catch(() => undefined);
    await assertEveryEventOnce(jobId, job, node);
    await restarted;

    const log = streams();
    // Each client's stream was cut when its instance died, then resumed on the survivor.
    for (const [who, mine] of [
      ['the element', log.filter(isBrowser)],
      ['the Node client', log.filter((r) => !isBrowser(r))],
    ] as const) {
      assert.equal(mine[0]?.outcome, 'cut', `${who}'s first stream was cut`);
      const resumed = mine.filter((r) => r.status === 200).slice(1);
      assert.ok(resumed.length >= 1, `${who} connected again`);
      for (const r of resumed) {
        assert.equal(r.upstream, survivor, `${who} resumed on ${survivor}`);
        assert.ok(r.lastEventId !== undefined && job.ids.includes(r.lastEventId), `${who} resumed with Last-Event-ID ${r.lastEventId}`);
      }
      // Requests the proxy sent to the dead instance were refused (502), never served.
      for (const r of mine.slice(1)) assert.ok(r.upstream === survivor || r.outcome === 'refused', JSON.stringify(r));
      t.diagnostic(`${who}: ${mine.map((r) => `${r.upstream}:${r.status ?? '-'}:${r.outcome}`).join(' ')}`);
    }
    assert.deepEqual(cluster.problems, []);
  });

  it('Redis restart mid-job (data kept): publishes fail and are retried, the clients see the stream go on', async (t) => {
    const jobId = 'restart-job';
    const { job, node, streams } = await follow(jobId);

    await job.reached(150);
    const before = job.ids.length;
    await redis.stop({ save: true });
    await sleep(500);
    await redis.start();
    await assertEveryEventOnce(jobId, job, node);

    assert.ok(job.ids.length > before);
    assert.ok(job.rejections > 0, 'the worker retried publishes that Redis could not take');
    t.diagnostic(`Redis down after #${before}; ${job.rejections} publish attempts rejected and retried`);
    // The instances kept their HTTP connections: one request per client, never cut (the client
    // may close before the server ends the response: it has the terminal event).
    assert.deepEqual(
      streams().map((r) => [r.status, r.outcome === 'cut' ? 'cut' : 'kept']),
      [
        [200, 'kept'],
        [200, 'kept'],
      ],
    );
    assert.deepEqual(cluster.problems, []);
  });
});
