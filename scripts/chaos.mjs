// Runs the chaos suite (test/chaos) on its own, with more schedules than CI's 200.
//
//   npm run chaos                                  2,000 schedules from a random base seed
//   npm run chaos -- --schedules 5000 --seed 0x1f  a given base seed (printed by every run)
//   npm run chaos -- --only 0x84e56c85,0x2bca3c36  replay the schedules a failure named
//   npm run chaos -- --lanes 2                     fewer schedules at a time (default 4, max 5)
//   npm run chaos -- --cluster 50                  also 50 cluster schedules (test/node/cluster/chaos.test.ts:
//                                                  instance kills, Redis restarts, trims; same base seed)
//   npm run chaos -- --shared 50                   also 50 multi-tab schedules (test/node/shared/chaos.test.ts:
//                                                  holder tabs closed, frozen, navigated; same base seed)
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    schedules: { type: 'string', default: '2000' },
    seed: { type: 'string' },
    only: { type: 'string', default: '' },
    lanes: { type: 'string', default: '4' },
    cluster: { type: 'string', default: '0' },
    shared: { type: 'string', default: '0' },
  },
});

const schedules = Number(values.schedules);
const seed = values.seed === undefined ? randomInt(0, 2 ** 32) : Number(values.seed);
const only = values.only.split(',').filter(Boolean);
if (!Number.isInteger(schedules) || schedules < 1 || !Number.isInteger(seed) || only.some((s) => !Number.isInteger(Number(s)))) {
  console.error('usage: npm run chaos -- [--schedules N] [--seed S] [--only S1,S2] [--lanes L]');
  process.exit(2);
}
console.log(only.length ? `chaos: replaying ${only.join(', ')}` : `chaos: ${schedules} schedules from base seed 0x${seed.toString(16)}`);

const result = spawnSync('npx', ['wtr', '--files', 'test/chaos/chaos.test.ts'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    CHAOS_SCHEDULES: String(schedules),
    CHAOS_SEED: String(seed),
    CHAOS_ONLY: only.join(','),
    CHAOS_LANES: values.lanes,
    // About 0.3 s per schedule with 4 lanes; generous, so a slow machine still finishes.
    WTR_FINISH_TIMEOUT: String(Math.max(180_000, schedules * 2_000)),
  },
});
/** Runs a Node-side seeded schedule file (cluster, shared tabs) with N schedules and this base seed. */
function nodeSchedules(name, file, count, prefix) {
  console.log(`chaos: ${count} ${name} schedules from base seed 0x${seed.toString(16)}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-timeout=0', file], {
    stdio: 'inherit',
    env: { ...process.env, [`${prefix}_SCHEDULES`]: String(count), [`${prefix}_SEED`]: String(seed) },
  });
  return run.status ?? 1;
}

let status = result.status ?? 1;
const cluster = Number(values.cluster);
const shared = Number(values.shared);
if (status === 0 && cluster > 0) status = nodeSchedules('cluster', 'test/node/cluster/chaos.test.ts', cluster, 'CLUSTER_CHAOS');
if (status === 0 && shared > 0) status = nodeSchedules('multi-tab', 'test/node/shared/chaos.test.ts', shared, 'SHARED_CHAOS');
process.exit(status);
