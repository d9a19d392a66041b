// Many on a page: push()-driven elements, then the same number each on its own stream.
import { config } from '../support/config.mjs';
import { elementPage } from '../support/element-page.mjs';
import { row } from '../support/report.mjs';
import { fmt } from '../support/stats.mjs';
import { startServer } from '../support/stream-server.mjs';

/** `config.many` elements fed by push() at 20 events/s each. */
async function pushedElements(page) {
  const r = await page.evaluate(
    async (count, perElement) => {
      const els = [];
      for (let i = 0; i < count; i++) {
        const el = document.createElement('progress-stream');
        el.setAttribute('preset', 'step-percent');
        document.body.append(el);
        els.push(el);
      }
      await Promise.all(els.map((el) => el.updateComplete));
      const counts = els.map((el) => window.counted(el));
      window.longTasks.length = 0;
      const total = count * perElement;
      const rate = count * 20; // 20 events/s per element
      const ms = await window.burst(els, total, rate);
      await window.frames(3);
      await Promise.all(els.map((el) => el.updateComplete));
      const renders = counts.reduce((a, c) => a + c.renders, 0);
      return { ms, total, renders, longTasks: [...window.longTasks], okAll: els.every((el) => /^item \d+$/.test(el.state.message ?? '')) };
    },
    config.many,
    config.manyEvents,
  );
  if (!r.okAll) throw new Error('many: an element did not show its events');
  const seconds = r.ms / 1000;
  const maxLong = r.longTasks.length ? Math.max(...r.longTasks) : 0;
  row('many', `${config.many} elements, push() at 20 events/s each: renders/s (all)`, fmt(r.renders / seconds, 1));
  row('many', `${config.many} elements: long tasks > 50 ms`, `${r.longTasks.length} (longest ${fmt(maxLong)} ms)`);
  return { ...r, seconds };
}

/**
 * The same with a real stream per element. Each stream comes from its own server (its own
 * origin), because a browser opens at most 6 HTTP/1.1 connections per origin.
 */
async function streamingElements(page) {
  const servers = await Promise.all(Array.from({ length: config.many }, () => startServer()));
  try {
    const urls = servers.map((srv) => `http://127.0.0.1:${srv.address().port}/stream?kind=timed&rate=20&n=${config.manyEvents}`);
    const live = await page.evaluate(
      async (srcs, perElement) => {
        document.body.replaceChildren();
        const heapBefore = performance.memory.usedJSHeapSize;
        const els = srcs.map((src) => {
          const el = document.createElement('progress-stream');
          el.setAttribute('preset', 'step-percent');
          el.setAttribute('src', src);
          document.body.append(el);
          return el;
        });
        const counts = els.map((el) => window.counted(el));
        window.longTasks.length = 0;
        let frames = 0;
        let counting = true;
        const countFrames = () => {
          frames++;
          if (counting) requestAnimationFrame(countFrames);
        };
        requestAnimationFrame(countFrames);
        const t0 = performance.now();
        await new Promise((resolve) => {
          const check = () => (els.every((el) => el.state.lastEventId === String(perElement)) ? resolve() : setTimeout(check, 50));
          check();
        });
        const ms = performance.now() - t0;
        counting = false;
        const heapAfter = performance.memory.usedJSHeapSize;
        const renders = counts.reduce((a, c) => a + c.renders, 0);
        const result = {
          ms,
          renders,
          frames,
          longTasks: [...window.longTasks],
          heapBefore,
          heapAfter,
          live: els.filter((el) => el.client?.status === 'open' || el.client?.status === 'reconnecting').length,
        };
        for (const el of els) el.remove();
        return result;
      },
      urls,
      config.manyEvents,
    );
    const s = live.ms / 1000;
    const maxLive = live.longTasks.length ? Math.max(...live.longTasks) : 0;
    row('many', `${config.many} elements, each on its own stream at 20 events/s: frame rate`, `${fmt(live.frames / s, 1)} frames/s`);
    row(
      'many',
      'own streams: renders/s (all) and long tasks > 50 ms',
      `${fmt(live.renders / s, 1)}; ${live.longTasks.length} (longest ${fmt(maxLive)} ms)`,
    );
    row('many', 'own streams: heap while streaming', `${fmt(live.heapBefore / 1048576, 2)} -> ${fmt(live.heapAfter / 1048576, 2)} MiB`);
    return { ...live, seconds: s };
  } finally {
    for (const srv of servers) {
      srv.closeAllConnections();
      srv.close();
    }
  }
}

export async function many(browser, origin) {
  const page = await elementPage(browser, origin);
  const pushed = await pushedElements(page);
  const streams = await streamingElements(page);
  return { elements: config.many, pushed, streams };
}
