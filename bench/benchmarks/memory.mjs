// Memory: heap in the page after N events into an element with feed-limit 200, against the
// heap before, each after a forced GC.
import { config } from '../support/config.mjs';
import { elementPage } from '../support/element-page.mjs';
import { row } from '../support/report.mjs';
import { fmt } from '../support/stats.mjs';

/** Events pushed into one element with feed-limit 200: the heap must stay flat. */
async function eventsIntoOneElement(page) {
  const m = await page.evaluate(async (total) => {
    const heap = async () => {
      await window.frames(2);
      window.gc();
      window.gc();
      return performance.memory.usedJSHeapSize;
    };
    const el = document.createElement('progress-stream');
    el.setAttribute('preset', 'step-percent');
    el.setAttribute('feed-limit', '200');
    document.body.append(el);
    await el.updateComplete;
    // Warm up (first renders, feed filled to its limit), then measure from there.
    for (let i = 1; i <= 1000; i++) el.push(window.message(i));
    await el.updateComplete;
    const before = await heap();
    for (let i = 1001; i <= total + 1000; i++) {
      el.push(window.message(i));
      if (i % 1000 === 0) await el.updateComplete;
    }
    await el.updateComplete;
    const after = await heap();
    return { before, after, shown: el.state.message, feed: el.state.activity.length };
  }, config.memEvents);
  const delta = m.after - m.before;
  const flat = Math.abs(delta) <= 1024 * 1024;
  row(
    'memory',
    `heap growth after ${fmt(config.memEvents)} events, feed-limit 200`,
    `${fmt(delta / 1024, 1)} KiB`,
    'flat within 1 MB',
    flat,
  );
  row('memory', 'heap before -> after (forced GC)', `${fmt(m.before / 1048576, 2)} -> ${fmt(m.after / 1048576, 2)} MiB`);
  return { ...m, delta };
}

/** Connect/close cycles of a StreamClient, each reading one event from a real stream. */
async function connectCloseCycles(page) {
  const c = await page.evaluate(async (cycles) => {
    const { StreamClient } = await import('/dist/progress-stream.bundle.js');
    const heap = async () => {
      await window.frames(2);
      window.gc();
      window.gc();
      return performance.memory.usedJSHeapSize;
    };
    const cycle = () =>
      new Promise((resolve, reject) => {
        const client = new StreamClient({ url: '/stream?kind=small&n=1', heartbeatTimeoutMs: 0, maxRetries: 0 });
        client.addEventListener('message', () => {
          client.close();
          resolve();
        });
        client.addEventListener('error', (e) => reject(new Error(e.detail.message)));
        client.connect();
      });
    for (let i = 0; i < 20; i++) await cycle(); // warm up
    const before = await heap();
    const t0 = performance.now();
    for (let i = 0; i < cycles; i++) await cycle();
    const ms = performance.now() - t0;
    const after = await heap();
    return { before, after, ms };
  }, config.cycles);
  const cycleDelta = c.after - c.before;
  row(
    'memory',
    `heap growth after ${fmt(config.cycles)} connect/close cycles`,
    `${fmt(cycleDelta / 1024, 1)} KiB (${fmt(c.ms / config.cycles, 2)} ms/cycle)`,
    'flat within 1 MB',
    Math.abs(cycleDelta) <= 1024 * 1024,
  );
  return { count: config.cycles, ...c, delta: cycleDelta };
}

export async function memory(browser, origin) {
  const page = await elementPage(browser, origin);
  const events = await eventsIntoOneElement(page);
  const cycles = await connectCloseCycles(page);
  await page.close();
  return { events: config.memEvents, ...events, cycles };
}
