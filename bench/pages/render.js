// Rendering, measured in the page: a paced burst into one element via push(), then the
// latency from the server's write to the DOM over a real stream at 100 events/s. The driver
// samples the renderer's main-thread CPU time at the burst's marks (the busy share).
import { mark, params, run } from './common.js';
import { addElement, burst, counted, frames, longTasks } from './element.js';

async function burstIntoOneElement(total, rate) {
  const el = await addElement();
  const counts = counted(el);
  longTasks.length = 0;
  await mark('burst-start');
  const ms = await burst([el], total, rate);
  await mark('burst-end');
  await frames(3);
  await el.updateComplete;
  const shown = el.state.message;
  el.remove();
  if (shown !== `item ${total}`) throw new Error(`burst: last state shows "${shown}", expected "item ${total}"`);
  return { ms, ...counts, longTasks: [...longTasks] };
}

/** [event number, wall-clock ms] each time a DOM mutation in the element shows a later event. */
async function latencyOverAStream(url, n) {
  const el = await addElement({ 'heartbeat-timeout': '0' });
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
  observer.observe(el.shadowRoot, { subtree: true, childList: true, characterData: true, attributes: true });
  el.setAttribute('src', url);
  await new Promise((resolve) => {
    const check = () => (last >= n ? resolve() : setTimeout(check, 20));
    check();
  });
  observer.disconnect();
  el.remove();
  return seen;
}

run(async () => {
  const burstResult = await burstIntoOneElement(params.burstTotal, params.burstRate);
  const seen = await latencyOverAStream(params.latencyUrl, params.latencyEvents);
  return { burst: burstResult, seen };
});
