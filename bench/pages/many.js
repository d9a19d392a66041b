// Many elements on one page, measured in the page: `count` elements fed by push() at 20 events/s
// each, then the same number each on its own stream at 20 events/s (every stream from its own
// origin: a page gets at most 6 HTTP/1.1 connections per origin). Frames, renders and long
// tasks are counted; the driver samples the renderer's main-thread CPU time at the marks.
import { log, mark, params, run } from './common.js';
import { addElement, burst, counted, frameCounter, frames, longTasks } from './element.js';

const sum = (counts) => counts.reduce((a, c) => a + c.renders, 0);

async function pushedElements(count, perElement) {
  const els = await Promise.all(Array.from({ length: count }, () => addElement()));
  // Their first style, layout and paint is the setup, not the phase: let it happen first.
  await frames(2);
  const counts = els.map(counted);
  longTasks.length = 0;
  await mark('pushed-start');
  const stopFrames = frameCounter();
  const ms = await burst(els, count * perElement, count * 20);
  const frameCount = stopFrames();
  await mark('pushed-end');
  await frames(3);
  await Promise.all(els.map((el) => el.updateComplete));
  if (!els.every((el) => /^item \d+$/.test(el.state.message ?? ''))) throw new Error('many: an element did not show its events');
  // The long tasks of the phase, not of taking its 50 elements off the page (as for streams).
  const result = { ms, total: count * perElement, renders: sum(counts), frames: frameCount, longTasks: [...longTasks] };
  for (const el of els) el.remove();
  return result;
}

async function streamingElements(urls, perElement) {
  const heapBefore = performance.memory.usedJSHeapSize;
  const els = urls.map((src) => {
    const el = document.createElement('progress-stream');
    el.setAttribute('preset', 'step-percent');
    el.setAttribute('src', src);
    document.body.append(el);
    return el;
  });
  const counts = els.map(counted);
  longTasks.length = 0;
  await mark('streams-start');
  const stopFrames = frameCounter();
  const t0 = performance.now();
  await new Promise((resolve) => {
    const check = () => (els.every((el) => el.state.lastEventId === String(perElement)) ? resolve() : setTimeout(check, 50));
    check();
  });
  const ms = performance.now() - t0;
  const frameCount = stopFrames();
  await mark('streams-end');
  const result = {
    ms,
    renders: sum(counts),
    frames: frameCount,
    longTasks: [...longTasks],
    heapBefore,
    heapAfter: performance.memory.usedJSHeapSize,
    live: els.filter((el) => el.client?.status === 'open' || el.client?.status === 'reconnecting').length,
  };
  for (const el of els) el.remove();
  return result;
}

run(async () => {
  const pushed = await pushedElements(params.count, params.perElement);
  await log('pushed elements done; now one stream per element');
  const streams = await streamingElements(params.urls, params.perElement);
  return { pushed, streams };
});
