// The printed table: one row per figure, with its target and whether it was met. Benchmarks
// add rows as they go, so a benchmark that fails half-way still reports what it measured.

/** Every row so far: { bench, metric, value, target, ok } (`ok` undefined when there is no target). */
export const rows = [];

export function row(bench, metric, value, target = '', ok = undefined) {
  rows.push({ bench, metric, value, target, ok });
}

export function printTable() {
  const header = ['benchmark', 'metric', 'value', 'target', ''];
  const lines = rows.map((r) => [r.bench, r.metric, r.value, r.target, r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => String(c).padEnd(widths[i]))
      .join(' | ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const l of lines) console.log(line(l));
}
