// The chaos suite's cluster schedules: the 500-event job of test/chaos/job.mjs published by a
// worker process through Redis, two server instances (one on node-redis, one on ioredis) behind
// the round-robin proxy, and two to four Node clients (StreamClient + progress session) on it.
// Each seeded schedule (support/schedule.ts) kills instances, restarts Redis with its data kept,
// and trims a job's log while a client is away. Whatever happens, every client must:
// - apply every event exactly once and in order between resets, with the ids Redis gave them;
// - get a reset only when its resume point was trimmed away (and then never a silent gap);
// - end with the terminal event and the state those events give without any network;
// and no process may let an error escape.
//
//   CLUSTER_CHAOS_SCHEDULES=40 CLUSTER_CHAOS_SEED=0x1f node --import tsx --test test/node/cluster/chaos.test.ts
//   CLUSTER_CHAOS_ONLY=0x84e56c85 …   replays the schedule a failure named
//   CLUSTER_CHAOS_VERBOSE=1 …          prints each schedule as it ends
// (CHAOS_SEED is used when CLUSTER_CHAOS_SEED is not set.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { JOB_EVENTS } from '../../chaos/job.mjs';
import { formatSeed, scheduleSeed } from '../../chaos/schedule.mjs';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { startCluster, type Cluster } from './support/cluster.js';
import { checkSequence, comparable, difference, expectedState, retryHints } from './support/invariants.js';
import { RecordingClient } from './support/node-client.js';
import { logKeyOf } from './support/protocol.js';
import { describeFault, generateClusterSchedule, type ClusterFault, type ClusterSchedule } from './support/schedule.js';

const env = process.env;
const SCHEDULES = Number(env['CLUSTER_CHAOS_SCHEDULES'] ?? 6);
const BASE_SEED = Number(env['CLUSTER_CHAOS_SEED'] ?? env['CHAOS_SEED'] ?? 0x20261204);
const ONLY = (env['CLUSTER_CHAOS_ONLY'] ?? '').split(',').filter(Boolean).map(Number);
const VERBOSE = env['CLUSTER_CHAOS_VERBOSE'] === '1';
const INSTANCES = ['A', 'B'] as const;
const STEP_TIMEOUT_MS = 30_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `promise`, or an error naming `what` once `ms` have passed (a stuck run fails, never hangs). */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

interface RunResult {
  seed: number;
  problems: string[];
  fired: ClusterFault[];
  resets: number;
  retriedPublishes: number;
  requests: number;
  ms: number;
}

describe('chaos: cluster schedules (instance kills, Redis restarts, trims)', { timeout: 600_000 }, () => {
  let redis: RedisServer;
  let cluster: Cluster;
  let admin: ReturnType<typeof createClient>;
  let closing = false;

  before(async () => {
    redis = await startRedisServer();
    cluster = await startCluster({
      redis,
      instances: [
        { name: 'A', library: 'node-redis' },
        { name: 'B', library: 'ioredis' },
      ],
    });
    // The test's own connection, for trims; node-redis queues commands while Redis restarts.
    admin = createClient({ url: redis.url, name: 'chaos-admin' });
    admin.on('error', () => undefined);
    await admin.connect();
  });

  after(async () => {
    closing = true;
    admin?.destroy();
    // Redis last, whatever failed before: its process would keep this one alive.
    try {
      await cluster?.close();
    } finally {
      await redis?.stop();
    }
  });

  /** Trims the job's log to `maxLength` entries; returns the event number of the oldest kept one. */
  async function trim(jobId: string, maxLength: number): Promise<number> {
    await admin.sendCommand(['XTRIM', logKeyOf(jobId), 'MAXLEN', String(maxLength)]);
    const [oldest] = (await admin.sendCommand(['XRANGE', logKeyOf(jobId), '-', '+', 'COUNT', '1'])) as Array<[string, string[]]>;
    const fields = oldest?.[1] ?? [];
    const data = fields[fields.indexOf('d') + 1];
    return (JSON.parse(data ?? 'null') as { n: number } | null)?.n ?? JOB_EVENTS;
  }

  async function runSchedule(schedule: ClusterSchedule, index: number): Promise<RunResult> {
    const started = Date.now();
    const problemsBefore = cluster.problems.length;
    const jobId = `chaos-${formatSeed(schedule.seed)}-${index}`;
    const path = `/jobs/${jobId}/events`;
    const job = await within(cluster.startJob(jobId, schedule.intervalMs), STEP_TIMEOUT_MS, 'the first event');
    const clients = Array.from(
      { length: schedule.clients },
      (_, i) => new RecordingClient(`client ${i}`, `${cluster.proxy.origin}${path}`),
    );
    /** Oldest event kept by each trim: a resume point older than one of them may be reset. */
    const keptFrom: number[] = [];
    const restarts = new Map<string, Promise<void>>();
    const problems: string[] = [];
    const fired: ClusterFault[] = [];

    const fire = async (fault: ClusterFault): Promise<void> => {
      if (fault.kind === 'kill-instance') {
        const instance = cluster.instance(fault.instance);
        await restarts.get(instance.name); // killed before and not back yet: wait, so the kill is real
        await instance.kill();
        const restart = sleep(fault.downMs).then(() => instance.start());
        restart.catch(() => undefined); // awaited at the end of the run, which reports a failure
        restarts.set(instance.name, restart);
      } else if (fault.kind === 'redis-restart') {
        await redis.stop({ save: true });
        await sleep(fault.downMs);
        // Not after the suite's teardown (a run that failed goes on in the background): a Redis
        // started then would outlive the test and keep its process alive.
        if (!closing) await redis.start();
      } else {
        const client = clients[fault.client]!;
        client.leave();
        await job.reached(Math.min(JOB_EVENTS, fault.at + fault.awayFor));
        keptFrom.push(await trim(jobId, fault.maxLength));
        client.comeBack();
      }
      fired.push(fault);
    };

    try {
      for (const fault of schedule.faults) {
        await within(job.reached(fault.at), STEP_TIMEOUT_MS, `event ${fault.at} to be published`);
        await within(fire(fault), STEP_TIMEOUT_MS, describeFault(fault));
      }
      await within(
        Promise.all(clients.map((c) => c.done)),
        STEP_TIMEOUT_MS,
        `every client to complete (${clients.map((c) => `${c.name}: ${c.received.length} messages, last #${c.received.at(-1)?.n ?? '-'}`).join('; ')})`,
      );
    } catch (error) {
      problems.push(String(error));
    }
    await Promise.all(restarts.values()).catch((error: unknown) => problems.push(`restart: ${String(error)}`));

    let resets = 0;
    for (const client of clients) {
      const report = checkSequence(client.received, { published: job.ids, trims: keptFrom });
      resets += report.resets;
      problems.push(...report.problems.map((p) => `${client.name}: ${p}`));
      if (report.problems.length === 0) {
        const diff = difference(comparable(client.session.state), expectedState(report.restartedAt, report.resets > 0));
        if (diff !== undefined) problems.push(`${client.name}: final state differs at ${diff}`);
      }
      client.close();
    }
    problems.push(...retryHints(problems, job.errors));
    const terminalIds = new Set(clients.map((c) => c.received.at(-1)?.id));
    if (terminalIds.size !== 1) problems.push(`the clients disagree on the terminal event's id: ${[...terminalIds].join(', ')}`);
    problems.push(...cluster.problems.slice(problemsBefore));
    return {
      seed: schedule.seed,
      problems,
      fired,
      resets,
      retriedPublishes: job.rejections,
      requests: cluster.proxy.log.filter((r) => r.path === path).length,
      ms: Date.now() - started,
    };
  }

  it('the fault-free schedule: every client applies every event once and ends complete', async () => {
    const result = await runSchedule({ seed: 0, clients: 3, intervalMs: 2, faults: [] }, 0);
    assert.deepEqual(result.problems, []);
    assert.equal(result.resets, 0);
    assert.equal(result.requests, 3, 'one request per client');
  });

  const seeds = ONLY.length ? ONLY : Array.from({ length: SCHEDULES }, (_, i) => scheduleSeed(BASE_SEED, i));
  // About 5 s a schedule on a busy 2-core machine: the runner's 60 s default would be too short.
  it(`${seeds.length} seeded cluster schedules keep every invariant`, { timeout: Math.max(120_000, seeds.length * 20_000) }, async (t) => {
    const results: RunResult[] = [];
    for (const [index, seed] of seeds.entries()) {
      if (closing) break;
      const schedule = generateClusterSchedule(seed, INSTANCES);
      const result = await runSchedule(schedule, index + 1);
      results.push(result);
      if (VERBOSE)
        console.log(`${formatSeed(seed)} ${result.ms} ms [${result.fired.map(describeFault).join('; ')}] ${result.problems.join('; ')}`);
    }
    const kinds = new Map<string, number>();
    for (const r of results) for (const f of r.fired) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
    t.diagnostic(
      `${results.length} schedules (base seed ${formatSeed(BASE_SEED)}) in ${(results.reduce((a, r) => a + r.ms, 0) / 1000).toFixed(1)} s, ` +
        `slowest ${Math.max(...results.map((r) => r.ms))} ms; faults: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}; ` +
        `${results.reduce((a, r) => a + r.requests, 0)} stream requests, ${results.reduce((a, r) => a + r.resets, 0)} resets, ` +
        `${results.reduce((a, r) => a + r.retriedPublishes, 0)} publishes retried`,
    );
    const failed = results.filter((r) => r.problems.length > 0);
    const report = failed
      .map(
        (r) =>
          `seed ${formatSeed(r.seed)} (CLUSTER_CHAOS_ONLY=${formatSeed(r.seed)}) [${r.fired.map(describeFault).join('; ')}]:\n  ${r.problems.join('\n  ')}`,
      )
      .join('\n');
    assert.equal(failed.length, 0, `${failed.length} of ${results.length} schedules broke an invariant:\n${report}`);
  });
});
