// Parse throughput: the same stream read by StreamClient, bare fetchEventSource and native
// EventSource in one page that measures itself (bench/pages/parse.js), interleaved within each
// round; medians, min and max of `runs` rounds. Ratios are taken within a round, then summarised.
import { runPage } from '../support/browser.mjs';
import { config, smoke } from '../support/config.mjs';
import { row } from '../support/report.mjs';
import { fmt, fmtSpread, spread } from '../support/stats.mjs';

const NAMES = ['ours', 'fetchEventSource', 'native'];

export const parseStreams = () => [
  {
    id: 'small',
    label: `${fmt(config.smallEvents)} small events, one response (64 KB writes)`,
    n: config.smallEvents,
    events: config.smallEvents,
  },
  { id: 'small64', label: `${fmt(config.smallEvents)} small events, 64-byte writes`, n: config.smallEvents, events: config.smallEvents },
  { id: 'big', label: `one ${fmt(config.bigBytes / 1024 / 1024, 2)} MB event, 16 KB writes`, n: config.bigBytes, events: 1 },
];

function report(stream, times) {
  const s = Object.fromEntries(NAMES.map((n) => [n, spread(times[n])]));
  const ratio = (other) => spread(times.ours.map((ours, r) => times[other][r] / ours));
  const vsNative = ratio('native');
  const vsFes = ratio('fetchEventSource');
  for (const name of NAMES) {
    const ms = `${fmtSpread(s[name], 1)} ms`;
    const rate = spread(times[name].map((t) => stream.events / (t / 1000)));
    const value = stream.events > 1 ? `${fmt(rate.median)} events/s; ${ms}` : ms;
    const isBigOurs = stream.id === 'big' && name === 'ours' && !smoke;
    row('parse', `${stream.label}: ${name}`, value, isBigOurs ? '<= 100 ms' : '', isBigOurs ? s[name].median <= 100 : undefined);
  }
  const smallTarget = stream.id !== 'big' && !smoke;
  const x = (r) => `${r.median.toFixed(2)}x (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;
  row(
    'parse',
    `${stream.label}: ours/native speed`,
    x(vsNative),
    smallTarget ? '>= 1.00x' : '',
    smallTarget ? vsNative.median >= 1 : undefined,
  );
  row(
    'parse',
    `${stream.label}: ours/fetchEventSource speed`,
    x(vsFes),
    smallTarget ? '>= 2.00x' : '',
    smallTarget ? vsFes.median >= 2 : undefined,
  );
  return { label: stream.label, runsMs: times, ms: s, oursVsNative: vsNative, oursVsFetchEventSource: vsFes };
}

export async function parse() {
  const streams = parseStreams();
  const { result, devtools } = await runPage('parse', { runs: config.runs, warmups: config.warmups, streams });
  const out = { devtools };
  for (const stream of streams) out[stream.id] = report(stream, result[stream.id]);
  return out;
}
