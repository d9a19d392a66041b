// Statistics and number formatting for the results table.

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The `p`th percentile (nearest rank). */
export const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

export const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
export const kb = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;

/** Median, min and max of repeated measurements. */
export const spread = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });

/** "12.3 (10.1–14.0)": a median and its range, with `d` decimals. */
export const fmtSpread = (s, d = 0) => (s.min === s.max ? fmt(s.median, d) : `${fmt(s.median, d)} (${fmt(s.min, d)}–${fmt(s.max, d)})`);

/**
 * The renderers' main-thread CPU time over wall time between two marks a page posted (sampled
 * from /proc by the driver). It includes the benchmark's own work in the page, so it is an upper
 * bound for what the measured code costs. NaN without /proc.
 */
export const busyShare = (marks, from, to) => (marks[to].cpuMs - marks[from].cpuMs) / (marks[to].wallMs - marks[from].wallMs);
