// Memory, measured in the page: the heap after many events into one element with feed-limit
// 200, and after many connect/close cycles of a StreamClient, each against the heap before and
// after forced collections.
import { StreamClient } from '/dist/progress-stream.bundle.js';
import { heapAfterGc, params, run } from './common.js';
import { addElement, message } from './element.js';

async function eventsIntoOneElement(total) {
  const el = await addElement({ 'feed-limit': '200' });
  // Warm up (first renders, feed filled to its limit), then measure from there.
  for (let i = 1; i <= 1000; i++) el.push(message(i));
  await el.updateComplete;
  const before = await heapAfterGc();
  for (let i = 1001; i <= total + 1000; i++) {
    el.push(message(i));
    if (i % 1000 === 0) await el.updateComplete;
  }
  await el.updateComplete;
  const after = await heapAfterGc();
  return { before, after, shown: el.state.message, feed: el.state.activity.length };
}

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

async function connectCloseCycles(cycles) {
  for (let i = 0; i < 20; i++) await cycle(); // warm up
  const before = await heapAfterGc();
  const t0 = performance.now();
  for (let i = 0; i < cycles; i++) await cycle();
  const ms = performance.now() - t0;
  const after = await heapAfterGc();
  return { before, after, ms };
}

run(async () => ({
  events: await eventsIntoOneElement(params.events),
  cycles: await connectCloseCycles(params.cycles),
}));
