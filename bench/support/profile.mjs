// `npm run bench -- --profile`: WHERE the time goes, not how long it takes. The parse page (each
// contender alone on the small-event stream) and the many-elements page run attached, with the
// CDP CPU profiler (100 µs sampling) and the sampling heap profiler (collected objects
// included, so its total is what was allocated) on between the page's own marks; the
// many-elements page runs once more under a trace, for style, layout and paint, which the CPU
// profile only shows as "(program)". DevTools slows what it watches, so timings come from the
// detached run only; this gives the shares. Writes bench/tmp/*.cpuprofile (open them in
// DevTools) and bench/tmp/profile.json, and prints a summary.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseStreams } from '../benchmarks/parse.mjs';
import { runPage } from './browser.mjs';
import { config, root, want } from './config.mjs';
import { fmt } from './stats.mjs';
import { startServer } from './stream-server.mjs';
import { mainThreadSelfTimes, TRACE_CATEGORIES } from './trace.mjs';

const OUT = join(root, 'bench', 'tmp');
const where = (f) => `${f.url.split('/').slice(-2).join('/') || '(native)'}:${f.lineNumber + 1}`;

/** Self time per function (ms), largest first, from a CDP CPU profile. */
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${where(f)}`;
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

/** Bytes allocated per site (scaled samples, collected objects included), largest first. */
function allocations(head) {
  const sites = new Map();
  const visit = (node) => {
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${where(f)}`;
    sites.set(key, (sites.get(key) ?? 0) + node.selfSize);
    node.children.forEach(visit);
  };
  visit(head);
  return [...sites].sort((a, b) => b[1] - a[1]);
}

/** The CPU and sampling heap profilers, on between two marks. */
function profilers() {
  let cdp;
  const out = {};
  return {
    out,
    async beforeLoad(page) {
      cdp = await page.createCDPSession();
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('HeapProfiler.enable');
    },
    async start() {
      await cdp.send('HeapProfiler.startSampling', {
        samplingInterval: 1024,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
      await cdp.send('Profiler.start');
    },
    async stop() {
      out.cpu = (await cdp.send('Profiler.stop')).profile;
      out.heap = (await cdp.send('HeapProfiler.stopSampling')).profile;
    },
  };
}

/** A Chromium trace (devtools.timeline), on between two marks. */
function tracer() {
  let page;
  const out = {};
  return {
    out,
    beforeLoad: (p) => (page = p),
    start: () => page.tracing.start({ categories: TRACE_CATEGORIES }),
    async stop() {
      out.traceEvents = JSON.parse(Buffer.from(await page.tracing.stop()).toString('utf8')).traceEvents;
    },
  };
}

/** Runs one page attached, with `tool` on between its marks `from` and `to`; resolves with what the tool collected. */
async function withTool(tool, bench, params, [from, to]) {
  await runPage(bench, params, {
    attached: true,
    beforeLoad: tool.beforeLoad,
    onMark: (mark) => (mark === from ? tool.start() : mark === to ? tool.stop() : undefined),
  });
  return tool.out;
}

const line = (share, amount, key) => `  ${fmt(share * 100, 1).padStart(5)} %  ${amount.padStart(12)}  ${key}`;

/** CPU and allocation profile of one page section; printed, and written as a .cpuprofile. */
async function profilePage(name, bench, params, marks, events) {
  const { cpu, heap } = await withTool(profilers(), bench, params, marks);
  await writeFile(join(OUT, `${name}.cpuprofile`), JSON.stringify(cpu));
  const self = selfTimes(cpu).filter(([k]) => !k.startsWith('(idle)'));
  const total = self.reduce((a, [, ms]) => a + ms, 0);
  const allocs = allocations(heap.head);
  const allocated = allocs.reduce((a, [, b]) => a + b, 0);
  console.log(
    `\n${name}: ${fmt(total, 0)} ms busy (idle excluded) for ${fmt(events)} events, ${fmt(allocated / events, 0)} bytes allocated per event`,
  );
  for (const [key, ms] of self.slice(0, 15)) console.log(line(ms / total, `${fmt(ms, 1)} ms`, key));
  console.log('  allocations:');
  for (const [key, bytes] of allocs.slice(0, 8)) console.log(line(bytes / allocated, `${fmt(bytes / events, 1)} B/event`, key));
  return { events, busyMs: total, bytesPerEvent: allocated / events, selfMs: self.slice(0, 40), allocations: allocs.slice(0, 20) };
}

/** Main-thread self time per trace event (style, layout, paint, script) of one page section. */
async function tracePage(name, bench, params, marks) {
  const { traceEvents } = await withTool(tracer(), bench, params, marks);
  const self = mainThreadSelfTimes(traceEvents);
  const total = self.reduce((a, [, ms]) => a + ms, 0);
  console.log(`\n${name}: renderer main thread, ${fmt(total, 0)} ms of thread time in trace events`);
  for (const [key, ms] of self.slice(0, 15)) console.log(line(ms / total, `${fmt(ms, 1)} ms`, key));
  return { totalMs: total, selfMs: self.slice(0, 40) };
}

async function profileMany() {
  const servers = await Promise.all(Array.from({ length: config.many }, () => startServer()));
  try {
    const urls = servers.map((srv) => `http://127.0.0.1:${srv.address().port}/stream?kind=timed&rate=20&n=${config.manyEvents}`);
    // dist/index.js: the same element as the bundle, with its function names.
    const params = { count: config.many, perElement: config.manyEvents, urls, elementModule: '/dist/index.js' };
    const marks = ['streams-start', 'streams-end'];
    return {
      cpu: await profilePage('many-streams', 'many', params, marks, config.many * config.manyEvents),
      trace: await tracePage('many-streams-trace', 'many', params, marks),
    };
  } finally {
    for (const srv of servers) {
      srv.closeAllConnections();
      srv.close();
    }
  }
}

/** Every profile asked for (`--only=parse,many`); resolves with their summaries. */
export async function profileAll() {
  await mkdir(OUT, { recursive: true });
  const out = {};
  if (want('parse')) {
    const small = parseStreams().find((s) => s.id === 'small');
    for (const contender of ['ours', 'fetchEventSource', 'native']) {
      const params = { runs: config.runs, warmups: config.warmups, streams: [small], contenders: [contender] };
      out[`parse-${contender}`] = await profilePage(
        `parse-small-${contender}`,
        'parse',
        params,
        ['small-start', 'small-end'],
        config.runs * small.events,
      );
    }
  }
  if (want('many')) out.many = await profileMany();
  const file = join(OUT, 'profile.json');
  await writeFile(file, JSON.stringify(out, null, 2) + '\n');
  console.log(`\nprofiles in ${OUT.slice(root.length + 1)}/ (*.cpuprofile, profile.json)`);
  return out;
}
