// Rendering: a burst into one element via push(); then latency server write -> DOM updated
// over a real stream at 100 events/s.
import { performance } from 'node:perf_hooks';
import { config } from '../support/config.mjs';
import { elementPage } from '../support/element-page.mjs';
import { row } from '../support/report.mjs';
import { fmt, pct } from '../support/stats.mjs';
import { timedSent } from '../support/stream-server.mjs';

/** `config.burstRate` events/s for `config.burstSeconds` pushed into one element. */
async function burstIntoOneElement(page) {
  const total = config.burstRate * config.burstSeconds;
  // Main-thread busy share: the renderer's cumulative task time (DevTools' TaskDuration) over
  // wall time during the burst. It includes the benchmark's own push loop, so it is an upper bound.
  const metricsBefore = await page.metrics();
  const wallBefore = performance.now();
  const burst = await page.evaluate(
    async (total, rate) => {
      const el = document.createElement('progress-stream');
      el.setAttribute('preset', 'step-percent');
      document.body.append(el);
      await el.updateComplete;
      const counts = window.counted(el);
      window.longTasks.length = 0;
      const ms = await window.burst([el], total, rate);
      await window.frames(3);
      await el.updateComplete;
      const shown = el.state.message;
      el.remove();
      return { ms, ...counts, longTasks: [...window.longTasks], shown };
    },
    total,
    config.burstRate,
  );
  const busyShare = ((await page.metrics()).TaskDuration - metricsBefore.TaskDuration) / ((performance.now() - wallBefore) / 1000);
  if (burst.shown !== `item ${total}`) throw new Error(`burst: last state shows "${burst.shown}", expected "item ${total}"`);
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
  row('render', 'burst: main-thread busy share (incl. the push loop)', `${fmt(busyShare * 100, 1)} %`);
  row('render', 'burst: long tasks > 50 ms', `${burst.longTasks.length} (longest ${fmt(maxLong)} ms)`, '0', burst.longTasks.length === 0);
  return { ...burst, events: total, seconds };
}

/**
 * Latency: the server stamps each event with its wall-clock write time; the page records when a
 * DOM mutation in the element's shadow root shows that event (or a later one).
 */
async function latencyOverAStream(page) {
  const n = config.latencyEvents;
  const shows = await page.evaluate(
    async (url, n) => {
      const el = document.createElement('progress-stream');
      el.setAttribute('preset', 'step-percent');
      el.setAttribute('heartbeat-timeout', '0');
      const seen = [];
      let last = 0;
      const observer = new MutationObserver(() => {
        const m = /^item (\d+)$/.exec(el.state.message ?? '');
        const i = m ? Number(m[1]) : 0;
        if (i > last) {
          last = i;
          seen.push([i, performance.timeOrigin + performance.now()]);
        }
      });
      document.body.append(el);
      await el.updateComplete;
      observer.observe(el.shadowRoot, { subtree: true, childList: true, characterData: true, attributes: true });
      el.setAttribute('src', url);
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`latency: saw ${last} of ${n}`)), n * 10 + 30_000);
        const check = () => (last >= n ? (clearTimeout(timer), resolve()) : setTimeout(check, 20));
        check();
      });
      observer.disconnect();
      el.remove();
      return { seen };
    },
    `/stream?kind=timed&rate=100&n=${n}`,
    n,
  );
  const sentTimes = timedSent.get(n);
  if (!sentTimes) throw new Error('latency: no write times recorded');
  const latencies = [];
  let k = 0;
  for (let i = 1; i <= n; i++) {
    while (k < shows.seen.length && shows.seen[k][0] < i) k++;
    if (k < shows.seen.length) latencies.push(shows.seen[k][1] - sentTimes[i]);
  }
  const p50 = pct(latencies, 50);
  const p99 = pct(latencies, 99);
  row('render', `latency server write -> DOM, ${n} events at 100 events/s: p50`, `${fmt(p50, 1)} ms`);
  row('render', 'latency server write -> DOM: p99', `${fmt(p99, 1)} ms`, '<= 16.7 ms (one frame at 60 Hz)', p99 <= 16.7);
  return { events: n, p50, p99, samples: latencies.length };
}

export async function render(browser, origin) {
  const page = await elementPage(browser, origin);
  const burst = await burstIntoOneElement(page);
  const latency = await latencyOverAStream(page);
  await page.close();
  return { burst, latency };
}
