// Many on a page (bench/pages/many.js): push()-driven elements, then the same number each on its
// own stream, 20 events/s each. Targets: >= 55 frames/s and no long task over 50 ms.
import { runPage } from '../support/browser.mjs';
import { config, smoke } from '../support/config.mjs';
import { row } from '../support/report.mjs';
import { busyShare, fmt } from '../support/stats.mjs';
import { startServer } from '../support/stream-server.mjs';

const FPS_TARGET = 55;

function reportPhase(label, phase, busy) {
  const s = phase.ms / 1000;
  const fps = phase.frames / s;
  const maxLong = phase.longTasks.length ? Math.max(...phase.longTasks) : 0;
  const judged = !smoke;
  row('many', `${label}: frame rate`, `${fmt(fps, 1)} frames/s`, judged ? `>= ${FPS_TARGET}` : '', judged ? fps >= FPS_TARGET : undefined);
  row(
    'many',
    `${label}: long tasks > 50 ms`,
    `${phase.longTasks.length} (longest ${fmt(maxLong)} ms)`,
    judged ? '0' : '',
    judged ? phase.longTasks.length === 0 : undefined,
  );
  row(
    'many',
    `${label}: renders/s (all); renderer main-thread busy share`,
    `${fmt(phase.renders / s, 1)}; ${Number.isNaN(busy) ? 'n/a' : `${fmt(busy * 100, 1)} %`}`,
  );
  return { ...phase, seconds: s, fps, busyShare: busy };
}

export async function many() {
  // Every stream from its own server (its own origin): at most 6 HTTP/1.1 connections per origin.
  const servers = await Promise.all(Array.from({ length: config.many }, () => startServer()));
  try {
    const urls = servers.map((srv) => `http://127.0.0.1:${srv.address().port}/stream?kind=timed&rate=20&n=${config.manyEvents}`);
    const { result, marks, devtools } = await runPage('many', { count: config.many, perElement: config.manyEvents, urls });
    const pushed = reportPhase(
      `${config.many} elements, push() at 20 events/s each`,
      result.pushed,
      busyShare(marks, 'pushed-start', 'pushed-end'),
    );
    const streams = reportPhase(
      `${config.many} elements, each on its own stream at 20 events/s`,
      result.streams,
      busyShare(marks, 'streams-start', 'streams-end'),
    );
    const mb = (b) => fmt(b / 1048576, 2);
    row('many', 'own streams: heap while streaming', `${mb(streams.heapBefore)} -> ${mb(streams.heapAfter)} MiB`);
    return { devtools, elements: config.many, pushed, streams };
  } finally {
    for (const srv of servers) {
      srv.closeAllConnections();
      srv.close();
    }
  }
}
