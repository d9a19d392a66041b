// Parse throughput: the same stream read by StreamClient, bare fetchEventSource and native
// EventSource, in the same page, interleaved, median of `runs`.
import { newPage } from '../support/browser.mjs';
import { config, smoke } from '../support/config.mjs';
import { row } from '../support/report.mjs';
import { fmt, median } from '../support/stats.mjs';

const NAMES = ['ours', 'fetchEventSource', 'native'];

/** Defines `window.contenders`: one function per reader, each timing one whole stream. */
function installContenders(page) {
  return page.evaluate(async () => {
    const { StreamClient } = await import('/dist/client/index.js');
    const { fetchEventSource } = await import('/node_modules/@microsoft/fetch-event-source/lib/esm/index.js');
    // Each resolves with the elapsed ms once `expected` events arrived (`bytes`: total data length check).
    const run = (start) => (url, expected) =>
      new Promise((resolve, reject) => {
        const t0 = performance.now();
        const timer = setTimeout(() => reject(new Error(`timeout: ${url}`)), 120_000);
        start(
          url,
          expected,
          (dataLength) => {
            clearTimeout(timer);
            resolve({ ms: performance.now() - t0, dataLength });
          },
          reject,
        );
      });
    window.contenders = {
      ours: run((url, expected, done) => {
        let count = 0;
        let length = 0;
        const client = new StreamClient({ url, heartbeatTimeoutMs: 0, maxRetries: 0 });
        client.addEventListener('message', (e) => {
          length += e.detail.data.length;
          if (++count === expected) {
            client.close();
            done(length);
          }
        });
        client.connect();
      }),
      fetchEventSource: run((url, expected, done, fail) => {
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
      }),
      native: run((url, expected, done, fail) => {
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
      }),
    };
  });
}

/** `config.runs` rounds of every contender over one stream; returns the times and the ratios. */
async function measure(page, stream) {
  const times = Object.fromEntries(NAMES.map((n) => [n, []]));
  const ratios = { native: [], fetchEventSource: [] };
  for (let r = 0; r < config.runs; r++) {
    // Rotate the order each round so no contender always goes first.
    const order = NAMES.map((_, i) => NAMES[(i + r) % NAMES.length]);
    const round = {};
    for (const name of order) {
      await page.evaluate(() => window.gc?.());
      const url = `/stream?kind=${stream.id}&n=${stream.n}&r=${r}&c=${name}`;
      const { ms, dataLength } = await page.evaluate(
        (name, url, expected) => window.contenders[name](url, expected),
        name,
        url,
        stream.events,
      );
      if (stream.id === 'big' && dataLength !== stream.n) throw new Error(`${name}: got ${dataLength} bytes of data, expected ${stream.n}`);
      times[name].push(ms);
      round[name] = ms;
    }
    ratios.native.push(round.native / round.ours);
    ratios.fetchEventSource.push(round.fetchEventSource / round.ours);
  }
  return { times, ratios };
}

export async function parse(browser, origin) {
  const page = await newPage(browser, origin);
  await installContenders(page);
  const streams = [
    {
      id: 'small',
      label: `${fmt(config.smallEvents)} small events, one response (64 KB writes)`,
      n: config.smallEvents,
      events: config.smallEvents,
    },
    { id: 'small64', label: `${fmt(config.smallEvents)} small events, 64-byte writes`, n: config.smallEvents, events: config.smallEvents },
    { id: 'big', label: `one ${fmt(config.bigBytes / 1024 / 1024, 2)} MB event, 16 KB writes`, n: config.bigBytes, events: 1 },
  ];
  const out = {};
  for (const stream of streams) {
    const { times, ratios } = await measure(page, stream);
    const med = Object.fromEntries(NAMES.map((n) => [n, median(times[n])]));
    const speedNative = median(ratios.native);
    const speedFes = median(ratios.fetchEventSource);
    out[stream.id] = { label: stream.label, runsMs: times, medianMs: med, oursVsNative: speedNative, oursVsFetchEventSource: speedFes };
    for (const name of NAMES) {
      const value =
        stream.events > 1 ? `${fmt(stream.events / (med[name] / 1000))} events/s (${fmt(med[name], 1)} ms)` : `${fmt(med[name], 1)} ms`;
      const isBigOurs = stream.id === 'big' && name === 'ours' && !smoke;
      row('parse', `${stream.label}: ${name}`, value, isBigOurs ? '<= 100 ms' : '', isBigOurs ? med[name] <= 100 : undefined);
    }
    const smallTarget = stream.id !== 'big' && !smoke;
    row(
      'parse',
      `${stream.label}: ours/native speed`,
      `${speedNative.toFixed(2)}x`,
      smallTarget ? '>= 1.00x' : '',
      smallTarget ? speedNative >= 1 : undefined,
    );
    row(
      'parse',
      `${stream.label}: ours/fetchEventSource speed`,
      `${speedFes.toFixed(2)}x`,
      smallTarget ? '>= 2.00x' : '',
      smallTarget ? speedFes >= 2 : undefined,
    );
  }
  await page.close();
  return out;
}
