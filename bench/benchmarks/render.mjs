// Rendering (bench/pages/render.js): a burst into one element via push(); then the latency from
// the server's write to the DOM over a real stream at 100 events/s.
import { runPage } from '../support/browser.mjs';
import { config } from '../support/config.mjs';
import { row } from '../support/report.mjs';
import { busyShare, fmt, pct } from '../support/stats.mjs';
import { timedSent } from '../support/stream-server.mjs';

const percent = (share) => (Number.isNaN(share) ? 'n/a (no /proc)' : `${fmt(share * 100, 1)} %`);

function reportBurst(burst, busy) {
  const total = config.burstRate * config.burstSeconds;
  const seconds = burst.ms / 1000;
  const maxLong = burst.longTasks.length ? Math.max(...burst.longTasks) : 0;
  row('render', `burst ${fmt(config.burstRate)} events/s for ${config.burstSeconds} s via push(): events/s achieved`, fmt(total / seconds));
  row(
    'render',
    'burst: renders/s (render() calls)',
    fmt(burst.renders / seconds, 1),
    '<= 60 (display rate)',
    burst.renders / seconds <= 61,
  );
  row('render', 'burst: progress-update events/s', fmt(burst.updates / seconds, 1));
  row('render', 'burst: renderer main-thread busy share (incl. the push loop)', percent(busy));
  row('render', 'burst: long tasks > 50 ms', `${burst.longTasks.length} (longest ${fmt(maxLong)} ms)`, '0', burst.longTasks.length === 0);
  return { ...burst, events: total, seconds, busyShare: busy };
}

/** Each event's latency: from its write to the first DOM mutation showing it or a later event. */
function reportLatency(seen, n) {
  const sentTimes = timedSent.get(n);
  if (!sentTimes) throw new Error('latency: no write times recorded');
  const latencies = [];
  let k = 0;
  for (let i = 1; i <= n; i++) {
    while (k < seen.length && seen[k][0] < i) k++;
    if (k < seen.length) latencies.push(seen[k][1] - sentTimes[i]);
  }
  const p50 = pct(latencies, 50);
  const p99 = pct(latencies, 99);
  row('render', `latency server write -> DOM, ${n} events at 100 events/s: p50`, `${fmt(p50, 1)} ms`);
  row(
    'render',
    'latency server write -> DOM: p99 (max)',
    `${fmt(p99, 1)} ms (${fmt(Math.max(...latencies), 1)})`,
    '<= 16.7 ms (one frame at 60 Hz)',
    p99 <= 16.7,
  );
  return { events: n, p50, p99, max: Math.max(...latencies), samples: latencies.length };
}

export async function render() {
  const n = config.latencyEvents;
  const { result, marks, devtools } = await runPage('render', {
    burstTotal: config.burstRate * config.burstSeconds,
    burstRate: config.burstRate,
    latencyUrl: `/stream?kind=timed&rate=100&n=${n}`,
    latencyEvents: n,
  });
  const burst = reportBurst(result.burst, busyShare(marks, 'burst-start', 'burst-end'));
  const latency = reportLatency(result.seen, n);
  return { devtools, burst, latency };
}
