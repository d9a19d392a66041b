// Time in a session: once a second while a job runs (and someone listens) the state is re-read at
// the current time, so the ETA grows during a stall and `stalled` comes after `stallAfterMs`;
// no timer at all for an idle, ended, paused, unobserved, suspended or closed session.
// The clock is node:test's mock (Date and setInterval); notifications still use real timers.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import type { Mapping } from '../../../src/mapping/index.js';
import { createProgressSession, type ProgressSession } from '../../../src/session/index.js';
import { appliedStallAfter } from '../../../src/session/numbers.js';

const mapping: Mapping = { events: { message: { status: { path: 'status' }, percent: 'percent', message: 'message' } } };
const event = (data: Record<string, unknown>, id?: string): { event: string; data: string; id?: string } =>
  id === undefined ? { event: 'message', data: JSON.stringify(data) } : { event: 'message', data: JSON.stringify(data), id };
/** Real time, for the notification (the frame scheduler's timers are not mocked). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
const frame = async (): Promise<void> => {
  await settle();
  await new Promise((resolve) => setTimeout(resolve, 40));
};

/** Counts the intervals alive (created and not cleared): the session's clock is the only one here. */
function intervals(): { readonly alive: number; restore(): void } {
  const set = globalThis.setInterval;
  const clear = globalThis.clearInterval;
  const alive = new Set<unknown>();
  globalThis.setInterval = ((...args: Parameters<typeof setInterval>) => {
    const id = set(...args);
    alive.add(id);
    return id;
  }) as typeof setInterval;
  globalThis.clearInterval = ((id: Parameters<typeof clearInterval>[0]) => {
    alive.delete(id);
    clear(id);
  }) as typeof clearInterval;
  return {
    get alive() {
      return alive.size;
    },
    restore() {
      globalThis.setInterval = set;
      globalThis.clearInterval = clear;
    },
  };
}

describe('progress session: time', () => {
  let sessions: ProgressSession[] = [];
  let counter: ReturnType<typeof intervals>;
  const session = (...args: Parameters<typeof createProgressSession>): ProgressSession => {
    const created = createProgressSession(...args);
    sessions.push(created);
    return created;
  };
  beforeEach(() => {
    mock.timers.enable({ apis: ['setInterval', 'Date'], now: 1_000_000 });
    counter = intervals();
  });
  afterEach(() => {
    for (const s of sessions) s.close();
    sessions = [];
    counter.restore();
    mock.timers.reset();
  });

  /** A job at a steady 2 %/s for `seconds` seconds. */
  const runFor = (s: ProgressSession, seconds: number): void => {
    for (let i = 0; i <= seconds; i++) {
      s.push(event({ status: 'running', percent: i * 2 }, String(i)));
      if (i < seconds) mock.timers.tick(1000);
    }
  };

  it('grows the ETA during a stall, then says stalled (no ETA) after stallAfterMs; progress clears it', async () => {
    const s = session({ mapping, stallAfterMs: 5000 });
    const seen: number[] = [];
    s.subscribe(() => seen.push(s.getSnapshot().state.etaMs ?? -1));
    runFor(s, 10);
    await frame();
    const before = s.getSnapshot().state;
    assert.equal(before.status, 'running');
    assert.equal(before.stalled, false);
    assert.ok(before.etaMs !== null && before.etaMs > 0, `an ETA after 10 s of steady progress (${before.etaMs})`);
    // No progress: each second the clock re-reads the state, and the ETA grows.
    const etas: number[] = [before.etaMs];
    for (let second = 1; second <= 3; second++) {
      mock.timers.tick(1000);
      await frame();
      const state = s.getSnapshot().state;
      assert.equal(state.stalled, false);
      assert.ok(state.etaMs !== null);
      etas.push(state.etaMs);
    }
    for (let i = 1; i < etas.length; i++) assert.ok(etas[i]! > etas[i - 1]!, `the ETA grows during the stall: ${etas.join(' → ')}`);
    mock.timers.tick(2000);
    await frame();
    const stalled = s.getSnapshot().state;
    assert.equal(stalled.stalled, true, 'stalled after 5 s without progress');
    assert.equal(stalled.etaMs, null, 'no stale ETA while stalled');
    // Progress again: not stalled any more, at once (the state read right after the message).
    s.push(event({ status: 'running', percent: 30 }, '20'));
    assert.equal(s.state.stalled, false);
    await frame();
    assert.equal(s.getSnapshot().state.stalled, false);
  });

  it('ticks every running session from one interval per page, which stops with the last one', async () => {
    const running = [0, 1, 2, 3, 4].map(() => session({ mapping, stallAfterMs: 3000 }));
    const stops = running.map((s) => s.subscribe(() => undefined));
    for (const s of running) s.push(event({ status: 'running', percent: 10 }, '1'));
    await frame();
    assert.equal(counter.alive, 1, 'five running sessions, one interval');
    mock.timers.tick(4000);
    await frame();
    assert.ok(
      running.every((s) => s.getSnapshot().state.stalled),
      'each one was re-read by the shared tick',
    );
    for (const stop of stops.slice(0, 4)) stop();
    assert.equal(counter.alive, 1, 'one listened session left: the interval stays');
    stops[4]?.();
    mock.timers.tick(1000);
    assert.equal(counter.alive, 0, 'nobody listens: no interval');
  });

  it('takes stallAfterMs as the other durations: garbage is the default, 0 never stalls', async () => {
    assert.equal(appliedStallAfter(undefined), 30_000);
    assert.equal(appliedStallAfter(Number.NaN), 30_000);
    assert.equal(appliedStallAfter(-1), 30_000);
    assert.equal(appliedStallAfter(0), 0);
    assert.equal(appliedStallAfter(2500), 2500);
    const never = session({ mapping, stallAfterMs: 0 });
    const byDefault = session({ mapping, stallAfterMs: Number.NaN });
    for (const s of [never, byDefault]) {
      s.subscribe(() => undefined);
      runFor(s, 2);
    }
    mock.timers.tick(29_000);
    await frame();
    assert.equal(byDefault.getSnapshot().state.stalled, false, 'not before 30 s');
    mock.timers.tick(2000);
    await frame();
    assert.equal(byDefault.getSnapshot().state.stalled, true, 'NaN is the default: 30 s');
    assert.equal(never.getSnapshot().state.stalled, false, '0: never');
  });

  it('runs no timer while idle, ended, paused, unobserved, suspended or closed', async () => {
    const s = session({ mapping, stallAfterMs: 5000 });
    const stop = s.subscribe(() => undefined);
    assert.equal(counter.alive, 0, 'idle: no timer');
    s.push(event({ status: 'running', percent: 10 }));
    await frame();
    assert.equal(counter.alive, 1, 'running and listened to: one clock');
    s.push(event({ status: 'running', percent: 20 }));
    await frame();
    assert.equal(counter.alive, 1, 'still one');
    s.push(event({ status: 'paused', percent: 20 }));
    await frame();
    assert.equal(s.getSnapshot().state.status, 'paused');
    assert.equal(counter.alive, 0, 'paused: no timer');
    mock.timers.tick(60_000);
    await frame();
    assert.equal(s.getSnapshot().state.stalled, false, 'a pause is not a stall');
    s.push(event({ status: 'running', percent: 25 }));
    await frame();
    assert.equal(counter.alive, 1, 'running again');
    stop();
    assert.equal(counter.alive, 0, 'nobody listens: no timer');
    s.subscribe(() => undefined);
    assert.equal(counter.alive, 1);
    s.update({ mapping, stallAfterMs: 5000, active: false });
    assert.equal(counter.alive, 0, 'suspended: no timer');
    s.update({ mapping, stallAfterMs: 5000 });
    assert.equal(counter.alive, 1);
    s.push(event({ status: 'complete', percent: 100 }));
    await frame();
    assert.equal(counter.alive, 0, 'ended: no timer');
    const other = session({ mapping });
    other.subscribe(() => undefined);
    other.push(event({ status: 'running', percent: 1 }));
    await frame();
    assert.equal(counter.alive, 1);
    other.close();
    assert.equal(counter.alive, 0, 'closed: no timer');
  });

  it('does not notify on a tick that changes nothing', async () => {
    const s = session({ mapping, stallAfterMs: 2000 });
    let calls = 0;
    s.subscribe(() => calls++);
    // A server-free job with no percent: nothing in it depends on time until it stalls.
    s.push(event({ status: 'running', message: 'working' }));
    await frame();
    const first = calls;
    const state = s.getSnapshot().state;
    mock.timers.tick(1000);
    await frame();
    assert.equal(calls, first, 'nothing changed: no notification');
    assert.equal(s.getSnapshot().state, state);
    mock.timers.tick(1000);
    await frame();
    assert.equal(calls, first + 1, 'stalled: one notification');
    assert.equal(s.getSnapshot().state.stalled, true);
  });
});
