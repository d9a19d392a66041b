import { expect } from '@open-wc/testing';
import '../../src/element/progress-stream.js';
import type { ProgressStream } from '../../src/element/progress-stream.js';
import type { StatusDetail, StreamErrorDetail, StreamMessage } from '../../src/client/types.js';
import { defaultStrings } from '../../src/element/strings.js';
import { captureConsole, safeJson } from '../support/console-capture.js';
import { sleep, text } from '../support/element-helpers.js';
import { JOB_EVENTS, chaosMapping, parseJobId } from './job.mjs';
import {
  CHAOS_CLIENT,
  expectedOfflines,
  faultCounts,
  formatSeed,
  generateSchedule,
  scheduleSeed,
  type RequestOutcome,
  type Schedule,
} from './schedule.mjs';

// The chaos suite: <progress-stream> against the fault-injecting server of
// test/support/chaos-server.mjs (on the second origin). Every schedule streams the same
// 500-event job with different faults; whatever happens on the way, the element must end where
// the fault-free run ends. A failure names the seed; `npm run chaos -- --only <seed>` replays it.

interface TestConfig {
  crossOrigin: string;
  chaos: { schedules: number; seed: number; lanes: number; only: number[] };
}

/**
 * The requests as the client lived them. A 401 the client never acted on (its hook had not
 * replaced the token the request carried when the next request started) was a request it had
 * already given up on: its heartbeat found no answer in time (a loaded machine), which the
 * client counts as a failed attempt, while the server logged an `auth` outcome that the retry
 * count skips. Such a 401 counts as a failure.
 */
function asSeenByClient(requests: ServerRequest[], replacedAt: ReadonlyMap<number, number>): ServerRequest[] {
  return requests.map((request, i) => {
    const next = requests[i + 1];
    if (request.outcome !== 'auth' || next === undefined || request.presentedVersion === null) return request;
    const handled = (replacedAt.get(request.presentedVersion) ?? Number.POSITIVE_INFINITY) <= next.startedAt;
    return handled ? request : { ...request, outcome: 'failed' };
  });
}

interface ServerRequest {
  index: number;
  url: string;
  lastEventId: string | null;
  authorized: boolean;
  /** The version of the token the request carried, null without one. */
  presentedVersion: number | null;
  startedAt: number;
  closedAt: number | null;
  outcome: RequestOutcome;
  fault?: string;
  reset?: boolean;
  /** The request's Last-Event-ID was not an id the server issued: its encoding was lost. */
  mangledId?: boolean;
}

interface RunLog {
  requests: ServerRequest[];
  fired: Record<string, number>;
  epoch: number;
}

interface RunResult {
  seed: number;
  problems: string[];
  fired: Record<string, number>;
  requests: number;
  offlines: number;
  resets: number;
  ms: number;
}

const config = (await (await fetch('/__test/config')).json()) as TestConfig;
const origin = config.crossOrigin;
const RUN_TIMEOUT_MS = 30_000;
const NOTICE = defaultStrings.startingOver;

// --- what must never happen anywhere on the page --------------------------------------------

const uncaught: string[] = [];
addEventListener('error', (event) => uncaught.push(`error: ${event.message}`));
addEventListener('unhandledrejection', (event) => uncaught.push(`unhandled rejection: ${String(event.reason)}`));
const logged = captureConsole().lines;

// --- helpers --------------------------------------------------------------------------------

async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  return (await response.json()) as T;
}

async function runLog(id: string): Promise<RunLog> {
  return (await (await fetch(`${origin}/__chaos/runs/${id}/log`, { cache: 'no-store' })).json()) as RunLog;
}

const eventNumber = (message: string) => Number(/^#(\d+) /.exec(message)?.[1] ?? NaN);

/** What a person sees and what the state says, without times (which differ run to run). */
function snapshot(el: ProgressStream, ordered: boolean) {
  const state = el.state;
  const root = el.shadowRoot;
  if (!root) throw new Error('no shadow root');
  const all = (part: string) => [...root.querySelectorAll(`[part~="${part}"]`)];
  const byNumber = (a: string, b: string) => eventNumber(a) - eventNumber(b);
  const feedState = state.activity.filter((entry) => entry.message !== NOTICE).map((e) => `${e.level}|${e.step ?? ''}|${e.message}`);
  const feedDom = all('feed-message')
    .map(text)
    .filter((message) => message !== NOTICE);
  return {
    status: state.status,
    percent: state.percent,
    message: state.message,
    operation: state.operation,
    stepIndex: state.stepIndex,
    stepCount: state.stepCount,
    steps: state.steps.map((s) => `${s.id}|${s.label}|${s.status}`),
    metrics: state.metrics,
    error: state.error,
    lastEvent: parseJobId(state.lastEventId)?.n ?? null,
    activity: ordered ? feedState : [...feedState].sort((a, b) => byNumber(a.split('|')[2] ?? '', b.split('|')[2] ?? '')),
    shown: {
      percent: text(root.querySelector('[part~="percent"]')),
      steps: all('step').map((node) => `${node.getAttribute('part') ?? ''}|${text(node)}`),
      metrics: all('metric').map(text),
      feed: ordered ? feedDom.reverse() : feedDom.sort(byNumber),
      connection: text(root.querySelector('[part~="connection-text"]')),
    },
  };
}
type Snapshot = ReturnType<typeof snapshot>;

/** The first place two snapshots differ, as a readable line. */
function difference(actual: unknown, expected: unknown, at = ''): string | undefined {
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) {
    return Object.is(actual, expected) ? undefined : `${at || '(root)'}: got ${safeJson(actual)}, expected ${safeJson(expected)}`;
  }
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  for (const key of keys) {
    const found = difference((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${at}.${key}`);
    if (found) return found;
  }
  return undefined;
}

// --- one run --------------------------------------------------------------------------------

async function runSchedule(schedule: Schedule, reference: Snapshot | undefined): Promise<{ result: RunResult; snapshot?: Snapshot }> {
  const started = performance.now();
  const problems: string[] = [];
  const uncaughtBefore = uncaught.length;
  const run = await postJson<{ id: string; url: string; tokenUrl: string }>(`${origin}/__chaos/runs`, { schedule });
  const fetchToken = async () => (await fetch(`${origin}${run.tokenUrl}`, { cache: 'no-store' })).text();
  let token = await fetchToken();
  const tokens = new Set([token]);
  /** Token version → when the hook replaced it: from then on, sending it is the client's fault. */
  const replacedAt = new Map<number, number>();
  const versionOf = (secret: string) => Number(/-(\d+)-s3cr3t$/.exec(secret)?.[1]);

  const el = document.createElement('progress-stream') as ProgressStream;
  el.setAttribute('heartbeat-timeout', String(CHAOS_CLIENT.heartbeatTimeoutMs));
  el.setAttribute('max-retries', String(CHAOS_CLIENT.maxRetries));
  el.setAttribute('retry-delay', String(CHAOS_CLIENT.retryDelayMs));
  el.setAttribute('max-retry-delay', String(CHAOS_CLIENT.maxRetryDelayMs));
  el.setAttribute('feed-limit', String(JOB_EVENTS + 10));
  el.mapping = chaosMapping;
  el.headers = () => ({ authorization: `Bearer ${token}` });
  /** What the client went through, for failure messages: statuses, errors, the 401 hook. */
  const clientTrail: string[] = [];
  const at = () => Date.now() % 100000;
  el.onUnauthorized = async () => {
    const old = token;
    clientTrail.push(`hook@${at()}`);
    token = await fetchToken();
    clientTrail.push(`hook-done(v${versionOf(token)})@${at()}`);
    tokens.add(token);
    if (token !== old) replacedAt.set(versionOf(old), Date.now());
    return true;
  };
  el.src = `${origin}${run.url}`;

  const connects: number[] = [];
  const offlineAfter: number[] = [];
  const errors: StreamErrorDetail[] = [];
  let resets = 0;
  let client: EventTarget | undefined;
  let closedAt: number | undefined;
  let completed = false;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let offlineHandling = Promise.resolve();
  const onMessage = (event: Event) => {
    if ((event as CustomEvent<StreamMessage>).detail.event === 'reset') resets += 1;
  };

  const handleOffline = async () => {
    // No request is in flight while offline: the log's length is the count that led here.
    offlineAfter.push((await runLog(run.id)).requests.length);
    // The element renders once per frame: give it a second to show the state.
    const root = el.shadowRoot;
    const shown = () => text(root?.querySelector('[part~="connection-text"]'));
    for (let waited = 0; shown() !== defaultStrings.offline && waited < 1000; waited += 10) await sleep(10);
    if (shown() !== defaultStrings.offline) problems.push(`offline but the element shows "${shown()}"`);
    const retry = root?.querySelector<HTMLButtonElement>('[part~="retry-button"]');
    if (!retry) {
      problems.push('offline without a Retry button');
      el.connect();
    } else {
      connects.push(Date.now());
      retry.click();
    }
  };

  el.addEventListener('connection-change', (event) => {
    const detail = event.detail as StatusDetail;
    clientTrail.push(`${detail.status}@${at()}`);
    if (el.client !== client) {
      client?.removeEventListener('message', onMessage);
      client = el.client;
      client?.addEventListener('message', onMessage);
    }
    if (detail.status === 'offline') offlineHandling = offlineHandling.then(handleOffline);
    if (detail.status === 'closed') {
      closedAt = Date.now();
      if (completed) finish();
    }
  });
  el.addEventListener('progress-complete', () => {
    completed = true;
    if (closedAt !== undefined) finish();
  });
  el.addEventListener('stream-error', (event) => {
    const detail = event.detail as StreamErrorDetail;
    errors.push(detail);
    clientTrail.push(
      `error(${detail.kind}${detail.status === undefined ? '' : ` ${detail.status}`}: ${detail.message.slice(0, 60)})@${at()}`,
    );
  });

  document.body.append(el);
  const timedOut = await Promise.race([finished.then(() => false), sleep(RUN_TIMEOUT_MS).then(() => true)]);
  await offlineHandling;
  await el.updateComplete;
  let shot: Snapshot | undefined;
  if (timedOut) {
    problems.push(
      `did not complete within ${RUN_TIMEOUT_MS / 1000} s: status ${el.state.status}, ${el.state.percent ?? '?'} %, ` +
        `connection ${el.client?.status ?? 'none'}, last id ${el.state.lastEventId ?? 'none'}`,
    );
  } else {
    // Closing is final: after the terminal event, no request may follow (wait out the longest backoff).
    await sleep(CHAOS_CLIENT.maxRetryDelayMs * 2 + 30);
  }
  const attributes = el.getAttributeNames().map((name) => `${name}=${el.getAttribute(name) ?? ''}`);
  const log = await runLog(run.id);
  const reorders = log.fired.reorder ?? 0;
  // Swapped events show in the order they arrived: compare those feeds in event order.
  if (!timedOut) shot = snapshot(el, reorders === 0);
  el.remove();
  await sleep(20);
  const afterRemoval = await runLog(run.id);
  await fetch(`${origin}/__chaos/runs/${run.id}`, { method: 'DELETE' });

  // Invariant: the final state is the fault-free run's (whose feed is in event order already).
  if (shot !== undefined && reference !== undefined) {
    const diff = difference(shot, reference);
    if (diff) problems.push(`final state differs from the fault-free run at ${diff}`);
  }

  // Invariant: every event id applied exactly once (the feed has one line per applied event).
  if (!timedOut) {
    const applied = new Map<number, number>();
    for (const entry of el.state.activity) {
      if (entry.message === NOTICE) continue;
      const n = eventNumber(entry.message);
      applied.set(n, (applied.get(n) ?? 0) + 1);
    }
    const twice = [...applied].filter(([, times]) => times > 1).map(([n]) => n);
    const missing = [];
    for (let n = 1; n <= JOB_EVENTS; n++) if (!applied.has(n)) missing.push(n);
    if (twice.length) problems.push(`events applied more than once: ${twice.slice(0, 10).join(', ')}`);
    if (missing.length) problems.push(`events never applied: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ' …' : ''}`);
  }

  // A restart is noticed, and the element starts over visibly. The server answers an id from
  // before its restart with a `reset` event (which can itself be lost to the next drop, and is
  // then sent again): the client must have received at least one, and at most one per answer.
  // (A client that lost every event of its first connection has no id to resume from: there
  // is nothing to notice.) The feed then shows one notice, as its oldest line.
  const resetsSent = log.requests.filter((r) => r.reset).length;
  if ((resetsSent > 0 && resets === 0) || resets > resetsSent) {
    const trail = log.requests
      .map((r, i) => `${i + 1}:${r.fault ?? r.outcome}${r.reset ? '+reset' : ''}[${r.lastEventId ?? '-'}]`)
      .join(' ');
    problems.push(`the server sent ${resetsSent} reset events, the client received ${resets}; requests ${trail}`);
  }
  if (!timedOut) {
    const notices = el.state.activity.filter((entry) => entry.message === NOTICE);
    if (resets > 0 && (notices.length !== 1 || el.state.activity[0]?.message !== NOTICE)) {
      problems.push('after a reset, the feed does not start with exactly one "starting over" notice');
    }
    if (resets === 0 && notices.length > 0) problems.push('a "starting over" notice without a reset');
  }

  // Invariant: offline exactly when the retries are exhausted, never otherwise.
  const expectedOffline = expectedOfflines(asSeenByClient(log.requests, replacedAt), connects, CHAOS_CLIENT.maxRetries);
  if (safeJson(expectedOffline) !== safeJson(offlineAfter)) {
    const trail = log.requests.map((r, i) => `${i + 1}:${r.fault ?? r.outcome}(v${r.presentedVersion})@${r.startedAt % 100000}`).join(' ');
    problems.push(
      `offline after requests [${offlineAfter.join(', ')}], expected [${expectedOffline.join(', ')}]; ` +
        `requests ${trail}; Retry at ${connects.map((t) => t % 100000).join(', ')}; client ${clientTrail.join(' ')}`,
    );
  }

  // Invariant: no request after close(), and none left open.
  if (closedAt !== undefined) {
    const late = afterRemoval.requests.filter((r) => r.startedAt > (closedAt ?? 0));
    if (late.length) problems.push(`${late.length} request(s) after the client closed`);
  }
  const open = afterRemoval.requests.filter((r) => r.closedAt === null);
  if (open.length) problems.push(`${open.length} request(s) still open after the element was removed`);

  // Every scheduled fault fired, once.
  const scheduled = faultCounts(schedule);
  if (!timedOut && safeJson(sortKeys(scheduled)) !== safeJson(sortKeys(log.fired))) {
    problems.push(`faults scheduled ${safeJson(sortKeys(scheduled))} but fired ${safeJson(sortKeys(log.fired))}`);
  }

  // Retry-After is honoured up to maxRetryDelayMs (unless a Retry click came first): 1 s and
  // 27 hours both mean the cap here, neither ignored (a timer overflow) nor obeyed for a day.
  const retryAfterMs: Record<string, number> = { 'http-503-retry-after-1': 1_000, 'http-503-retry-after-huge': 99_999_999_000 };
  log.requests.forEach((request, i) => {
    const next = log.requests[i + 1];
    const asked = retryAfterMs[request.fault ?? ''];
    if (asked === undefined || next === undefined) return;
    const clicked = connects.some((at) => at >= request.startedAt && at <= next.startedAt);
    const expected = Math.min(asked, CHAOS_CLIENT.maxRetryDelayMs);
    if (!clicked && next.startedAt - request.startedAt < expected - 5) {
      problems.push(`retried ${next.startedAt - request.startedAt} ms after "${request.fault ?? ''}", expected ${expected} ms`);
    }
  });

  // Every resume id came back intact, Unicode ids included (sent as UTF-8 header bytes).
  const mangled = log.requests.filter((r) => r.mangledId);
  if (mangled.length) problems.push(`${mangled.length} request(s) with a mangled Last-Event-ID, e.g. ${safeJson(mangled[0]?.lastEventId)}`);

  // Security: the token only ever travels in the Authorization header.
  // A request with a token the client had been given a newer one for (or none) is a defect.
  // A scheduled 401 to a request the client had already abandoned (its heartbeat gave up waiting
  // for the answer, e.g. on a loaded machine) rotates the token behind its back: the next request
  // then carries the latest token it has, gets a 401 too and goes through the hook. Not a defect.
  const unexpected401 = log.requests.filter(
    (r) =>
      r.fault === 'unexpected-401' &&
      (r.presentedVersion === null || (replacedAt.get(r.presentedVersion) ?? Number.POSITIVE_INFINITY) <= r.startedAt),
  ).length;
  if (unexpected401) problems.push(`${unexpected401} request(s) with a stale or missing token`);
  for (const secret of tokens) {
    if (log.requests.some((r) => r.url.includes(secret))) problems.push('a token in a request URL');
    if (attributes.some((a) => a.includes(secret))) problems.push('a token in an attribute');
    if (errors.some((e) => e.message.includes(secret))) problems.push('a token in an error message');
  }
  if (logged.some((line) => line.includes('s3cr3t'))) problems.push('a token in a console line');
  if (uncaught.length > uncaughtBefore) problems.push(`uncaught: ${uncaught.slice(uncaughtBefore).join('; ')}`);

  return {
    result: {
      seed: schedule.seed,
      problems,
      fired: log.fired,
      requests: log.requests.length,
      offlines: offlineAfter.length,
      resets,
      ms: Math.round(performance.now() - started),
    },
    snapshot: shot,
  };
}

function sortKeys(record: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(record)
      .filter((e): e is [string, number] => e[1] !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

// --- the suite ------------------------------------------------------------------------------

describe('chaos: <progress-stream> under seeded network faults', () => {
  let reference: Snapshot | undefined;

  it('the fault-free run completes with every event applied once, and is the reference', async function () {
    this.timeout(RUN_TIMEOUT_MS + 10_000);
    const clean: Schedule = { seed: 0, events: JOB_EVENTS, faults: [], initialOutage: [], splitWrites: false };
    const { result, snapshot: shot } = await runSchedule(clean, undefined);
    expect(result.problems).to.deep.equal([]);
    expect(shot?.status).to.equal('complete');
    expect(shot?.percent).to.equal(100);
    expect(shot?.activity).to.have.length(JOB_EVENTS);
    expect(result.requests).to.equal(1);
    reference = shot;
  });

  it(`${config.chaos.only.length || config.chaos.schedules} seeded schedules end exactly where the fault-free run ends`, async function () {
    const seeds = config.chaos.only.length
      ? config.chaos.only
      : Array.from({ length: config.chaos.schedules }, (_, i) => scheduleSeed(config.chaos.seed, i));
    const lanes = Math.max(1, Math.min(config.chaos.lanes, 5));
    this.timeout(Math.max(60_000, (seeds.length / lanes) * 6_000));
    if (reference === undefined) throw new Error('the fault-free run failed; no reference state');

    const results: RunResult[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (next < seeds.length) {
          const seed = seeds[next++] ?? 0;
          const schedule = generateSchedule(seed, { events: JOB_EVENTS, maxRetries: CHAOS_CLIENT.maxRetries });
          results.push((await runSchedule(schedule, reference)).result);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;

    const fired: Record<string, number> = {};
    for (const r of results) for (const [kind, n] of Object.entries(r.fired)) fired[kind] = (fired[kind] ?? 0) + n;
    const total = Object.values(fired).reduce((a, b) => a + b, 0);
    const slowest = Math.max(...results.map((r) => r.ms));
    console.log(
      [
        `chaos: ${results.length} schedules (base seed ${formatSeed(config.chaos.seed)}, ${lanes} lanes) in ${seconds.toFixed(1)} s, slowest ${slowest} ms`,
        `chaos: ${total} faults injected: ${Object.entries(sortKeys(fired))
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`,
        `chaos: ${results.reduce((a, r) => a + r.requests, 0)} requests, ${results.reduce((a, r) => a + r.offlines, 0)} offline + Retry, ${results.reduce((a, r) => a + r.resets, 0)} resets started over`,
      ].join('\n'),
    );

    const failed = results.filter((r) => r.problems.length > 0);
    const report = failed
      .map((r) => `seed ${formatSeed(r.seed)} (npm run chaos -- --only ${formatSeed(r.seed)}):\n  ${r.problems.join('\n  ')}`)
      .join('\n');
    expect(failed.length, `${failed.length} of ${results.length} schedules broke an invariant:\n${report}`).to.equal(0);
  });
});
