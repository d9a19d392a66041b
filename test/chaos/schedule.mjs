import { seededRandom } from '../support/seeded-random.mjs';

// Seeded fault schedules for the chaos suite. A schedule is plain data, generated from one 32-bit
// seed, so a failing run is reproduced from the seed alone (`npm run chaos -- --only <seed>`).
//
// Two families of faults:
// - stream faults fire while the server writes the job, just before event `at`. Some end the
//   connection (drops of every kind, a stall, a restart that loses the replay buffer), and may
//   be followed by an outage: failed answers to the next reconnection attempts. Others corrupt
//   the stream without ending it (a duplicate id, two events swapped, garbage bytes, `retry: 0`).
// - outage faults answer one connection attempt: 503 with and without Retry-After (0, 1 s and
//   27 hours, which the client caps at its maxRetryDelayMs), 429, a
//   refused connection, a server that never sends headers, or 401 answered by a token refresh.

/** Stream faults that end the connection. */
export const ENDING_FAULTS = ['drop-clean', 'drop-abrupt', 'drop-reset', 'drop-mid-event', 'drop-mid-utf8', 'stall', 'restart'];
/** Stream faults that corrupt the stream and let it go on. */
export const INLINE_FAULTS = ['duplicate', 'reorder', 'garbage', 'retry-zero'];
/** Answers to one connection attempt. All but `auth-401` are failed attempts. */
export const OUTAGE_FAULTS = [
  'http-503',
  'http-503-retry-after-0',
  'http-503-retry-after-1',
  'http-503-retry-after-huge',
  'http-429',
  'cut-headers',
  'silent',
  'auth-401',
];

/** The client settings every chaos run uses (the element's attributes). */
export const CHAOS_CLIENT = {
  heartbeatTimeoutMs: 400,
  maxRetries: 3,
  retryDelayMs: 10,
  maxRetryDelayMs: 60,
};

/** The seed of schedule `index` of a suite started from `baseSeed`. */
export function scheduleSeed(baseSeed, index) {
  let h = (baseSeed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export const formatSeed = (seed) => `0x${(seed >>> 0).toString(16).padStart(8, '0')}`;

/**
 * The schedule for one seed.
 * @param {number} seed
 * @param {{ events: number, maxRetries?: number }} job
 */
export function generateSchedule(seed, { events, maxRetries = CHAOS_CLIENT.maxRetries }) {
  const random = seededRandom(seed);
  const int = (min, max) => min + Math.floor(random() * (max - min + 1));
  const pick = (list) => list[Math.floor(random() * list.length)];

  /** One outage: `failures` failed attempts, with 401s mixed in (never two in a row). */
  const outage = (failures) => {
    const items = [];
    for (let i = 0; i < failures; i++) {
      if (items.at(-1) !== 'auth-401' && random() < 0.15) items.push('auth-401');
      // Retry-After is honoured up to the client's maxRetryDelayMs: 1 s costs only that cap.
      items.push(pick(OUTAGE_FAULTS.filter((k) => k !== 'auth-401')));
    }
    return items;
  };
  /** Failed attempts after a fault: none most often, sometimes enough to exhaust the retries. */
  const outageLength = () => {
    const r = random();
    if (r < 0.55) return 0;
    if (r < 0.85) return int(1, Math.max(1, maxRetries - 1));
    return int(maxRetries, maxRetries + 2);
  };

  const count = int(1, 8);
  const positions = new Set();
  while (positions.size < count) positions.add(int(2, events - 2));
  const faults = [...positions]
    .sort((a, b) => a - b)
    .map((at) => {
      const kind = random() < 0.62 ? pick(ENDING_FAULTS) : pick(INLINE_FAULTS);
      const fault = { at, kind };
      if (ENDING_FAULTS.includes(kind)) fault.outage = outage(outageLength());
      return fault;
    });
  // A 401 on the very first request as well, now and then: the token refresh before any event.
  const initialOutage = random() < 0.2 ? outage(outageLength()) : random() < 0.1 ? ['auth-401'] : [];
  // Half the schedules use ids outside Latin-1, which travel back as UTF-8 header bytes.
  return { seed, events, faults, initialOutage, splitWrites: random() < 0.5, unicodeIds: random() < 0.5 };
}

/** How many times each fault kind occurs in a schedule. */
export function faultCounts(schedule) {
  const counts = {};
  const add = (kind) => (counts[kind] = (counts[kind] ?? 0) + 1);
  for (const kind of schedule.initialOutage) add(kind);
  for (const fault of schedule.faults) {
    add(fault.kind);
    for (const kind of fault.outage ?? []) add(kind);
  }
  return counts;
}

/**
 * When the client must go offline, replayed from what happened: the server's request log and
 * the test's own `connect`s (Retry clicks, reconnects). The rule the client promises: a stream
 * that delivered an event is healthy (failures start over); every other failed request, and the
 * end of a healthy stream, counts one failure; more than `maxRetries` consecutive failures is
 * `offline`. A 401 answered by a refresh is retried at once and counts nothing. A terminal
 * stream ends nothing. Returns, for each expected `offline`, how many requests had been made.
 *
 * Whether a stream delivered an event is read from the client's next request: its
 * `Last-Event-ID` moved on (or was cleared by a reset). What the server wrote is not enough: a
 * connection that dies abruptly may take its last unread bytes with it.
 * @param {Array<{ startedAt: number, lastEventId: string | null, outcome: 'failed' | 'auth' | 'healthy' | 'terminal' | 'broken' }>} requests
 * @param {number[]} connects times of the test's connect()/Retry
 */
export function expectedOfflines(requests, connects, maxRetries) {
  const seen = requests.map((r, index) => {
    if (r.outcome !== 'healthy' && r.outcome !== 'broken') return r;
    const next = requests[index + 1];
    const delivered = next !== undefined && next.lastEventId !== r.lastEventId;
    return { ...r, outcome: delivered ? 'healthy' : 'broken' };
  });
  const timeline = [
    ...seen.map((r, index) => ({ at: r.startedAt, order: 1, request: r, index })),
    ...connects.map((at) => ({ at, order: 0 })),
  ].sort((a, b) => a.at - b.at || a.order - b.order);
  const offlines = [];
  let failures = 0;
  for (const entry of timeline) {
    if (entry.request === undefined) {
      failures = 0;
      continue;
    }
    const { outcome } = entry.request;
    if (outcome === 'auth' || outcome === 'terminal') continue;
    failures = outcome === 'healthy' ? 1 : failures + 1;
    if (failures > maxRetries) {
      offlines.push(entry.index + 1);
      failures = 0;
    }
  }
  return offlines;
}
