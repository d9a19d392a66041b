// The reducer in Node: time per event at 1k vs many events, and heap growth.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { config, root } from '../support/config.mjs';
import { row } from '../support/report.mjs';
import { fmt, median } from '../support/stats.mjs';

export async function reducer() {
  const { createReducer } = await import(join(root, 'dist/mapping/index.js'));
  const v8 = await import('node:v8');
  const vm = await import('node:vm');
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  const message = (i) => ({
    id: String(i),
    event: 'message',
    data: `{"step":"analyzing","progress":${(i % 100) + 0.5},"message":"item ${i}"}`,
  });
  const runOnce = (n) => {
    const reduce = createReducer('step-percent', { activityLimit: 200 });
    let state = reduce.initialState();
    const t0 = performance.now();
    for (let i = 1; i <= n; i++) state = reduce(state, message(i));
    const ms = performance.now() - t0;
    if (state.message !== `item ${n}`) throw new Error(`reducer: state shows "${state.message}"`);
    return { ms, state };
  };
  for (let r = 0; r < 10; r++) runOnce(1000); // warm-up (JIT)
  const small = [];
  for (let r = 0; r < Math.max(config.runs, 3); r++) small.push(runOnce(1000).ms);
  const perSmall = median(small) / 1000;
  // Heap with a 1k-event state alive vs with a big-run state alive, each after a forced GC.
  const kept = runOnce(1000);
  gc();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  kept.state = undefined;
  const big = runOnce(config.reducerBig);
  gc();
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  const perBig = big.ms / config.reducerBig;
  row('reducer', 'Node: time per event, 1k events (median)', `${fmt(perSmall * 1000, 2)} us`);
  row(
    'reducer',
    `Node: time per event, ${fmt(config.reducerBig)} events`,
    `${fmt(perBig * 1000, 2)} us (${(perBig / perSmall).toFixed(2)}x the 1k figure)`,
  );
  row(
    'reducer',
    `Node: heap, state after ${fmt(config.reducerBig)} vs after 1k events (forced GC)`,
    `${fmt((heapAfter - heapBefore) / 1024, 1)} KiB (within a few hundred KiB is GC noise)`,
  );
  return { perEventMs1k: perSmall, perEventMsBig: perBig, bigEvents: config.reducerBig, heapBefore, heapAfter, keep: big.state.message };
}
