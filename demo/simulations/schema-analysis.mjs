// The `step-percent` wire format: an AI schema analysis.
import { int, jobDuration, pick, rand, round1, unevenSplit } from './support.mjs';

const TABLES = [
  'orders',
  'order_lines',
  'customers',
  'invoices',
  'shipments',
  'products',
  'price_lists',
  'stock_moves',
  'suppliers',
  'audit_log',
];

/**
 * Unnamed events `{step, progress, message, stats}` through scanning … optimizing, then
 * `step: "complete"`. Returns the terminal event.
 */
export async function schemaAnalysis({ publish, sleep, onControl }) {
  const tables = int(24, 90);
  const columns = tables * int(6, 11);
  const relations = Math.round(tables * rand(1.2, 2.4));
  const suggestions = int(4, 18);
  const stats = { tables, columns, relationships: relations };
  const steps = [
    {
      step: 'scanning',
      from: 0,
      to: 15,
      message: (f) => `Analyzing ${Math.round(tables * f)} tables, ${Math.round(columns * f)} columns...`,
    },
    { step: 'indexing', from: 15, to: 35, message: (f) => `Indexing ${Math.round(relations * f)} of ${relations} relationships` },
    { step: 'analyzing', from: 35, to: 70, message: () => `Profiling column statistics of ${pick(TABLES)}` },
    {
      step: 'generating',
      from: 70,
      to: 90,
      message: (f) => `Drafting index suggestions (${Math.max(1, Math.round(suggestions * f))} so far)`,
    },
    { step: 'optimizing', from: 90, to: 99, message: () => 'Estimating query cost savings' },
  ];
  // The latest step and percent: what a pause, a resume or a cancellation reports.
  let now = { step: 'scanning', progress: 0 };
  onControl?.((what) => {
    if (what === 'paused') return { data: { step: 'paused', progress: now.progress, message: 'Paused', stats } };
    if (what === 'resumed') return { data: { ...now, message: `Resumed: ${now.step}`, stats } };
    return { data: { step: 'cancelled', progress: now.progress, message: 'Cancelled by the user', stats } };
  });
  publish({ data: { ...now, message: 'Connecting to the database...', stats } });
  const spans = unevenSplit(jobDuration(), steps.length);
  for (const [i, s] of steps.entries()) {
    const ticks = int(3, 9);
    const waits = unevenSplit(spans[i], ticks);
    for (let t = 1; t <= ticks; t++) {
      await sleep(waits[t - 1]);
      const f = t / ticks;
      now = { step: s.step, progress: Math.round(s.from + (s.to - s.from) * f) };
      publish({ data: { ...now, message: s.message(f), stats } });
    }
  }
  return {
    data: {
      step: 'complete',
      progress: 100,
      message: `Analysis complete: ${suggestions} index suggestions`,
      stats,
      data: { suggestions, estimatedSpeedup: `${round1(rand(1.4, 4.8))}x` },
    },
  };
}

export const schemaAnalysisCancelled = () => ({ data: { step: 'error', error: 'Cancelled: the analysis was restarted' } });
