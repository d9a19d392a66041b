// The job the chaos suite streams: 500 events with ids, the last one terminal, shared by the
// fault-injecting server (which writes it) and the browser suite (which maps and checks it).
// Messages carry two-, three- and four-byte UTF-8 characters so that a connection cut inside a
// character, or a write split inside one, has something to break.

export const JOB_EVENTS = 500;

const STEPS = [
  { id: 'fetch', label: 'Fetching sources' },
  { id: 'parse', label: 'Parsing – café' },
  { id: 'enrich', label: 'Enriching 日本語' },
  { id: 'verify', label: 'Verifying ✓' },
  { id: 'publish', label: 'Publishing 🚀' },
];

/** The mapping the element uses: one feed line per event, so the feed shows what was applied. */
export const chaosMapping = {
  name: 'chaos job',
  steps: STEPS,
  discoverSteps: false,
  events: {
    progress: {
      step: 'step',
      percent: 'percent',
      message: 'message',
      operation: 'operation',
      metrics: { Items: 'done' },
      counter: 'done',
      total: 'total',
      activity: { text: '#{n} {message}' },
    },
    complete: {
      status: 'complete',
      message: 'message',
      metrics: { Items: 'done' },
      activity: { text: '#{n} {message}', level: 'success' },
    },
  },
  terminalEvents: ['complete'],
};

const PER_STEP = (JOB_EVENTS - 1) / STEPS.length;

/** Event `n` (1-based) of the job: its SSE event name and its data. */
export function jobEvent(n) {
  if (n === JOB_EVENTS) {
    return { event: 'complete', data: JSON.stringify({ n, message: `Done ✓ ${n - 1} items · ¡listo! 🎉`, done: n - 1 }) };
  }
  const step = STEPS[Math.min(STEPS.length - 1, Math.floor((n - 1) / PER_STEP))];
  return {
    event: 'progress',
    data: JSON.stringify({
      n,
      step: step.id,
      percent: Math.round((n / JOB_EVENTS) * 1000) / 10,
      done: n,
      total: JOB_EVENTS - 1,
      operation: `Batch ${Math.ceil(n / 25)} · ${step.label}`,
      message: `Item ${n} · naïve café 日本語 𝄞 🚀`,
    }),
  };
}

/**
 * The id of event `n` in epoch `epoch`: `e2-137`, or with `unicode` `é2-日137-🚀`, an id outside
 * Latin-1 that a request header can carry only as UTF-8 bytes (resume must survive it).
 */
export function jobId(n, epoch, unicode = false) {
  return unicode ? `é${epoch}-日${n}-🚀` : `e${epoch}-${n}`;
}

/** The wire text of event `n` in epoch `epoch`. */
export function jobEventText(n, epoch, unicode = false) {
  const { event, data } = jobEvent(n);
  return `event: ${event}\nid: ${jobId(n, epoch, unicode)}\ndata: ${data}\n\n`;
}

/** Reads either form of `jobId`; undefined for anything else. */
export function parseJobId(id) {
  const match = /^[eé](\d+)-日?(\d+)(?:-🚀)?$/u.exec(id ?? '');
  return match ? { epoch: Number(match[1]), n: Number(match[2]) } : undefined;
}
