// The chaos suite's shared-stream schedules: real tabs of one Chromium (the standalone bundle
// from dist/: run `npm run build` first), N tabs × M `<progress-stream shared>` elements on one
// job of the chaos server (support/chaos-server.ts), and seeded faults (support/schedule.ts):
// the holding tab (or a following one) closed, frozen and thawed, or navigated away, a tab
// opened mid-job, the server dropping the connection, some of them while events are flowing.
// Whatever happens (support/invariants.ts):
// - every element of every tab still open is delivered each event exactly once, in order (as
//   its client dispatches them), applies each once, and ends in the state those events give
//   without any network;
// - each request after the first resumes from the newest event any tab had seen;
// - while the job runs, the server sees one more request per connection-ending fault, no more,
//   and never more than one open connection once the tabs have settled; exactly one tab holds
//   the stream then.
//
//   SHARED_CHAOS_SCHEDULES=40 SHARED_CHAOS_SEED=0x1f node --import tsx --test test/node/shared/chaos.test.ts
//   SHARED_CHAOS_ONLY=0x84e56c85 …   replays the schedule a failure named
//   SHARED_CHAOS_VERBOSE=1 …          prints each schedule as it ends
// (CHAOS_SEED is used when SHARED_CHAOS_SEED is not set.)
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { formatSeed, scheduleSeed } from '../../chaos/schedule.mjs';
import { launchChromium } from '../support/chromium.js';
import { startChaosServer, type ChaosServer } from './support/chaos-server.js';
import { percentile } from './support/invariants.js';
import { SharedChaosRun, type HandOver, type RunResult } from './support/run.js';
import { describeFault, generateSharedSchedule, type SharedSchedule } from './support/schedule.js';

const env = process.env;
const SCHEDULES = Number(env['SHARED_CHAOS_SCHEDULES'] ?? 3);
const BASE_SEED = Number(env['SHARED_CHAOS_SEED'] ?? env['CHAOS_SEED'] ?? 0x20261205);
const ONLY = (env['SHARED_CHAOS_ONLY'] ?? '').split(',').filter(Boolean).map(Number);
const VERBOSE = env['SHARED_CHAOS_VERBOSE'] === '1';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** Hand-over times: the next tab's request, and the server seeing the old connection end. */
function timing(list: readonly HandOver[]): string {
  const next = list.map((h) => h.ms);
  const closed = list.map((h) => h.closedMs);
  return (
    `next request p50 ${percentile(next, 50)} ms, max ${Math.max(...next)} ms; ` +
    `old one closed p50 ${percentile(closed, 50)} ms, max ${Math.max(...closed)} ms`
  );
}

function summarise(results: readonly RunResult[]): string {
  const kinds = new Map<string, number>();
  for (const r of results) for (const f of r.fired) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
  const handOvers = results.flatMap((r) => r.handOvers);
  const byKind = ['close', 'freeze', 'navigate']
    .map((kind) => ({ kind, list: handOvers.filter((h) => h.kind === kind) }))
    .filter(({ list }) => list.length > 0)
    .map(({ kind, list }) => `  ${kind} (${list.length}): ${timing(list)}`);
  const sum = (of: (r: RunResult) => number) => results.reduce((total, r) => total + of(r), 0);
  return (
    `${results.length} schedules (base seed ${formatSeed(BASE_SEED)}) in ${(sum((r) => r.ms) / 1000).toFixed(1)} s; ` +
    `faults: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}; ${sum((r) => r.elements)} elements checked; ` +
    `${sum((r) => r.requests)} stream requests (${sum((r) => r.afterEnd)} after the job's end); ${handOvers.length} hand-overs` +
    (handOvers.length > 0 ? `: ${timing(handOvers)}\n${byKind.join('\n')}` : '')
  );
}

describe('chaos: shared streams across tabs (closes, freezes, navigations, drops)', { timeout: 600_000 }, () => {
  let server: ChaosServer;
  let browser: Browser;

  before(async () => {
    server = await startChaosServer({ root });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const runSchedule = (schedule: SharedSchedule): Promise<RunResult> => new SharedChaosRun(browser, server, schedule).run();

  it('the fault-free schedule: 3 tabs × 2 elements, one request, every event applied once', async () => {
    const result = await runSchedule({ seed: 0, tabs: 3, elements: 2, events: 20, unicodeIds: false, faults: [] });
    assert.deepEqual(result.problems, []);
    assert.equal(result.requests - result.afterEnd, 1, 'one request while the job ran');
    assert.equal(result.elements, 6);
  });

  const seeds = ONLY.length ? ONLY : Array.from({ length: SCHEDULES }, (_, i) => scheduleSeed(BASE_SEED, i));
  it(`${seeds.length} seeded schedules keep every invariant`, { timeout: Math.max(120_000, seeds.length * 40_000) }, async (t) => {
    const results: RunResult[] = [];
    for (const seed of seeds) {
      const schedule = generateSharedSchedule(seed);
      const result = await runSchedule(schedule);
      results.push(result);
      if (VERBOSE) {
        console.log(
          `${formatSeed(seed)} ${schedule.tabs}×${schedule.elements} ${result.ms} ms [${result.fired.map(describeFault).join('; ')}] ` +
            `${result.handOvers.map((h) => `${h.kind} ${h.ms} ms (closed ${h.closedMs} ms)`).join(', ')} ${result.problems.join('; ')}`,
        );
      }
    }
    const summary = summarise(results);
    t.diagnostic(summary);
    console.log(`shared chaos: ${summary}`);
    const failed = results.filter((r) => r.problems.length > 0);
    const report = failed
      .map(
        (r) =>
          `seed ${formatSeed(r.seed)} (SHARED_CHAOS_ONLY=${formatSeed(r.seed)}) [${r.fired.map(describeFault).join('; ')}]:\n  ${r.problems.join('\n  ')}`,
      )
      .join('\n');
    assert.equal(failed.length, 0, `${failed.length} of ${results.length} schedules broke an invariant:\n${report}`);
  });
});
