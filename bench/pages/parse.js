// Parse throughput, measured in the page: the same stream read by StreamClient, bare
// fetchEventSource and native EventSource, interleaved within each round (the order rotates so
// that no contender always goes first), a forced GC before each read. Posts every time in ms.
import { StreamClient } from '/dist/client/index.js';
import { fetchEventSource } from '@microsoft/fetch-event-source';
import { gc, log, mark, params, run } from './common.js';

// Each reads `url` until `expected` events arrived and calls done(total data length).
const contenders = {
  ours(url, expected, done, fail) {
    let count = 0;
    let length = 0;
    // Defaults throughout: the big event's 16 MiB of data is exactly the default maxEventSize,
    // which counts data, not the `data: ` in front of it.
    const client = new StreamClient({ url, heartbeatTimeoutMs: 0, maxRetries: 0 });
    client.addEventListener('message', (e) => {
      length += e.detail.data.length;
      if (++count === expected) {
        client.close();
        done(length);
      }
    });
    client.addEventListener('error', (e) => fail(new Error(`StreamClient: ${e.detail.message}`)));
    client.connect();
  },
  fetchEventSource(url, expected, done, fail) {
    let count = 0;
    let length = 0;
    const ctrl = new AbortController();
    fetchEventSource(url, {
      signal: ctrl.signal,
      openWhenHidden: true,
      onmessage(m) {
        length += m.data.length;
        if (++count === expected) {
          ctrl.abort();
          done(length);
        }
      },
      onerror(e) {
        throw e;
      },
    }).catch(fail);
  },
  native(url, expected, done, fail) {
    let count = 0;
    let length = 0;
    const source = new EventSource(url);
    source.onmessage = (e) => {
      length += e.data.length;
      if (++count === expected) {
        source.close();
        done(length);
      }
    };
    source.onerror = () => {
      if (count < expected) {
        source.close();
        fail(new Error(`EventSource error after ${count} events`));
      }
    };
  },
};

/** One whole stream read by one contender: { ms, dataLength }. */
const timeOne = (name, url, expected) =>
  new Promise((resolve, reject) => {
    const t0 = performance.now();
    contenders[name](url, expected, (dataLength) => resolve({ ms: performance.now() - t0, dataLength }), reject);
  });

async function measure(stream, names) {
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = -params.warmups; r < params.runs; r++) {
    // Marks around the timed rounds only (the profiler starts and stops there).
    if (r === 0) await mark(`${stream.id}-start`);
    const order = names.map((_, i) => names[(((i + r) % names.length) + names.length) % names.length]);
    for (const name of order) {
      gc();
      const url = `/stream?kind=${stream.id}&n=${stream.n}&r=${r}&c=${name}`;
      const { ms, dataLength } = await timeOne(name, url, stream.events);
      if (stream.id === 'big' && dataLength !== stream.n) throw new Error(`${name}: got ${dataLength} bytes of data, expected ${stream.n}`);
      if (r >= 0) times[name].push(ms);
    }
  }
  await mark(`${stream.id}-end`);
  return times;
}

run(async () => {
  const names = params.contenders ?? Object.keys(contenders);
  const out = {};
  for (const stream of params.streams) {
    await log(`${stream.id}: ${params.warmups} + ${params.runs} rounds of ${names.join(', ')}`);
    out[stream.id] = await measure(stream, names);
  }
  return out;
});
