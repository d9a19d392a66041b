// The command line of `npm run bench`: `--smoke` (tiny sizes: checks that every benchmark runs,
// in a few seconds, for CI), `--only=size,parse,...` (run some benchmarks only), `--attached`
// (measure in pages driven by puppeteer, DevTools attached: only to show what that does to the
// figures) and `--profile` (where the time goes: see support/profile.mjs).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: benchmarks read dist/ and node_modules/ from there. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const smoke = process.argv.includes('--smoke');
export const attached = process.argv.includes('--attached');
export const profile = process.argv.includes('--profile');
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');

/** Whether the benchmark `name` was asked for (all are, without `--only`). */
export const want = (name) => !only || only.includes(name);

/** Sizes per benchmark; the full ones are what the README's targets are stated for. */
export const config = smoke
  ? {
      runs: 1,
      warmups: 0,
      smallEvents: 2_000,
      bigBytes: 256 * 1024,
      burstSeconds: 1,
      burstRate: 2_000,
      latencyEvents: 20,
      memEvents: 2_000,
      cycles: 20,
      reducerBig: 20_000,
      many: 10,
      manyEvents: 20,
      pageTimeoutMs: 60_000,
    }
  : {
      runs: 5,
      // Rounds run and thrown away first, so that no contender is timed while still cold (JIT).
      warmups: 1,
      smallEvents: 100_000,
      bigBytes: 16 * 1024 * 1024,
      burstSeconds: 10,
      burstRate: 10_000,
      latencyEvents: 300,
      memEvents: 1_000_000,
      cycles: 1_000,
      reducerBig: 1_000_000,
      many: 50,
      manyEvents: 200,
      pageTimeoutMs: 15 * 60_000,
    };
