// Where a page's main thread spends its time, from a Chromium trace (devtools.timeline
// categories): self time per trace event name on the renderer's main thread (style recalc,
// layout, paint, script...), which a CPU profile lumps together as "(program)".

/** Trace categories that give the main thread's tasks and their phases. */
export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'];

/**
 * Self time (ms) per event name on each CrRendererMain thread, largest first. Thread time
 * (`tdur`) where the event has it, so that time the thread spent descheduled on a busy machine
 * does not count; the nesting comes from wall time (`ts`, `dur`).
 */
export function mainThreadSelfTimes(traceEvents) {
  const mains = new Set(
    traceEvents
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  // Complete events only ('X', with a duration), per thread, outer ones before inner ones.
  const events = traceEvents
    .filter((e) => e.ph === 'X' && typeof e.dur === 'number' && mains.has(`${e.pid}:${e.tid}`))
    .sort((a, b) => a.pid - b.pid || a.tid - b.tid || a.ts - b.ts || b.dur - a.dur);
  const self = new Map();
  const add = (name, us) => self.set(name, (self.get(name) ?? 0) + us / 1000);
  const stack = [];
  let thread;
  for (const e of events) {
    const here = `${e.pid}:${e.tid}`;
    if (here !== thread) {
      stack.length = 0;
      thread = here;
    }
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    // The enclosing event's self time loses what this one covers.
    const cost = e.tdur ?? e.dur;
    if (stack.length) add(stack.at(-1).name, -cost);
    add(e.name, cost);
    stack.push(e);
  }
  return [...self].sort((a, b) => b[1] - a[1]);
}
