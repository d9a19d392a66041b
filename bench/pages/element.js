// What the element pages share: <progress-stream> registered from the standalone bundle (Lit
// included; the profiler loads dist/index.js instead, whose names are not minified), a paced
// push() burst, render counting, long-task recording and frame counting.
import { params } from './common.js';
export { frames } from './common.js';

await import(params.elementModule ?? '/dist/progress-stream.bundle.js');
await customElements.whenDefined('progress-stream');

/** The stream server's small event `i`, as the element's push() takes it. */
export const message = (i) => ({
  id: String(i),
  event: 'message',
  data: `{"step":"analyzing","progress":${(i % 100) + 0.5},"message":"item ${i}"}`,
});

/** Durations (ms) of the long tasks since the last `longTasks.length = 0`. */
export const longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longTasks.push(entry.duration);
}).observe({ type: 'longtask' });

/** A `step-percent` element added to the page, once it rendered. */
export async function addElement(attributes = {}) {
  const el = document.createElement('progress-stream');
  el.setAttribute('preset', 'step-percent');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  document.body.append(el);
  await el.updateComplete;
  return el;
}

/** Pushes `total` events spread evenly over time at `rate`/s into `targets` (round robin); resolves with the ms it took. */
export const burst = (targets, total, rate) =>
  new Promise((resolve) => {
    const t0 = performance.now();
    let sent = 0;
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
      while (sent < due) {
        sent++;
        targets[sent % targets.length].push(message(sent));
      }
      if (sent < total) setTimeout(tick, 1);
      else resolve(performance.now() - t0);
    };
    tick();
  });

/** Counts the element's render() calls and progress-update events from now on. */
export function counted(el) {
  const counts = { renders: 0, updates: 0 };
  const render = el.render;
  el.render = function () {
    counts.renders++;
    return render.call(this);
  };
  el.addEventListener('progress-update', () => counts.updates++);
  return counts;
}

/** Counts animation frames until the returned function is called; it returns the count. */
export function frameCounter() {
  let count = 0;
  let counting = true;
  const step = () => {
    count++;
    if (counting) requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
  return () => {
    counting = false;
    return count;
  };
}
