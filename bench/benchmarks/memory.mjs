// Memory (bench/pages/memory.js): heap after N events into an element with feed-limit 200, and
// after many connect/close cycles of a StreamClient, each against the heap before (forced GC).
import { runPage } from '../support/browser.mjs';
import { config } from '../support/config.mjs';
import { row } from '../support/report.mjs';
import { fmt } from '../support/stats.mjs';

const MB = 1024 * 1024;

export async function memory() {
  const { result, devtools } = await runPage('memory', { events: config.memEvents, cycles: config.cycles });
  const { events, cycles } = result;
  const delta = events.after - events.before;
  row(
    'memory',
    `heap growth after ${fmt(config.memEvents)} events, feed-limit 200`,
    `${fmt(delta / 1024, 1)} KiB`,
    'flat within 1 MB',
    Math.abs(delta) <= MB,
  );
  row('memory', 'heap before -> after (forced GC)', `${fmt(events.before / MB, 2)} -> ${fmt(events.after / MB, 2)} MiB`);
  const cycleDelta = cycles.after - cycles.before;
  row(
    'memory',
    `heap growth after ${fmt(config.cycles)} connect/close cycles`,
    `${fmt(cycleDelta / 1024, 1)} KiB (${fmt(cycles.ms / config.cycles, 2)} ms/cycle)`,
    'flat within 1 MB',
    Math.abs(cycleDelta) <= MB,
  );
  return { devtools, events: config.memEvents, ...events, delta, cycles: { count: config.cycles, ...cycles, delta: cycleDelta } };
}
