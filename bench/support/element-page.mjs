// A page with <progress-stream> registered (the bundle, Lit included) and the in-page helpers
// the element benchmarks share: a paced push() burst, render counting, long-task recording and
// frame waits. They run inside the page so that no DevTools round trip is inside a measurement.
import { newPage } from './browser.mjs';

export async function elementPage(browser, origin) {
  const page = await newPage(browser, origin);
  await page.evaluate(async () => {
    await import('/dist/progress-stream.bundle.js');
    await customElements.whenDefined('progress-stream');
    window.message = (i) => ({
      id: String(i),
      event: 'message',
      data: `{"step":"analyzing","progress":${(i % 100) + 0.5},"message":"item ${i}"}`,
    });
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
    // Pushes `total` events spread evenly over time at `rate`/s into `targets` (round robin).
    window.burst = (targets, total, rate) =>
      new Promise((resolve) => {
        const t0 = performance.now();
        let sent = 0;
        const tick = () => {
          const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
          while (sent < due) {
            sent++;
            targets[sent % targets.length].push(window.message(sent));
          }
          if (sent < total) setTimeout(tick, 1);
          else resolve(performance.now() - t0);
        };
        tick();
      });
    window.counted = (el) => {
      const counts = { renders: 0, updates: 0 };
      const render = el.render;
      el.render = function () {
        counts.renders++;
        return render.call(this);
      };
      el.addEventListener('progress-update', () => counts.updates++);
      return counts;
    };
    window.frames = (n) =>
      new Promise((r) => {
        const step = () => (--n <= 0 ? r() : requestAnimationFrame(step));
        requestAnimationFrame(step);
      });
  });
  return page;
}
