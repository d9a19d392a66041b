import { expect } from '@open-wc/testing';
import type { StreamMessage } from '../../src/client/types.js';
import { createReducer, presets, type Mapping, type PresetName, type ProgressState } from '../../src/mapping/index.js';
import { seededRandom, steppingClock } from './helpers.js';

// Invariants checked after every event of seeded random streams: realistic field names with
// random values, random nesting, non-JSON data, missing ids, and replays of earlier events.

const KEYS = [
  'step',
  'progress',
  'message',
  'error',
  'type',
  'jobId',
  'stage',
  'current',
  'total',
  'sourceName',
  'sourceId',
  'status',
  'title',
  'proposalId',
  'confidence',
  'event_type',
  'bom_id',
  'state',
  'total_items',
  'enriched_items',
  'failed_items',
  'pending_items',
  'percent_complete',
  'current_batch',
  'total_batches',
  'current_item',
  'mpn',
  'estimated_time_remaining',
  'reason',
  'poId',
  'workflowId',
  'lineItems',
  'completedSteps',
  'totalSteps',
  'currentOperation',
  'recordsPerSecond',
  'estimatedTimeRemaining',
  'coLinesProcessed',
  'mosProcessed',
  'mopsProcessed',
  'currentBatch',
  'totalBatches',
  '__proto__',
  'constructor',
  'kind',
  'n',
];
const WORDS = [
  'scanning',
  'indexing',
  'analyzing',
  'complete',
  'error',
  'failed',
  'started',
  'completed',
  'running',
  'cancelled',
  'ai_parsing',
  'database_save',
  'shopify_sync',
  'PO-1',
  'PO-2',
  'PO-3',
  'PO-4',
  'j1',
  'j2',
  'progress_update',
  'connected',
  'new_proposal',
  'status_update',
  'proposal_update',
  'proposal_deleted',
  'progress',
  'enrichment.started',
  'enrichment.completed',
  'enrichment.failed',
  'stream_end',
  'heartbeat',
  'Loading planned orders',
  '',
  '45',
  '99.5%',
  'x'.repeat(3000),
];
const EVENTS: Record<PresetName | 'custom', string[]> = {
  'step-percent': ['message', 'message', 'message', 'other'],
  'typed-json': ['message', 'message', 'ping'],
  'batch-enrichment': [
    'connected',
    'enrichment.started',
    'progress',
    'progress',
    'progress',
    'enrichment.completed',
    'enrichment.failed',
    'stream_end',
    'x',
  ],
  'workflow-stages': ['stage', 'progress', 'progress', 'completion', 'error', 'heartbeat', 'x'],
  'phase-snapshot': ['progress', 'progress', 'progress', 'complete', 'error', 'x'],
  custom: ['tick', 'tock', 'tock', 'oops', 'done', 'start', 'other'],
};

/**
 * The fields each format's mapping reads, so that most random events reach its rules (`error`
 * only comes from the general list: it ends a job, and ended jobs ignore most events).
 */
const FOCUS: Record<PresetName | 'custom', string[]> = {
  'step-percent': ['step', 'step', 'progress', 'progress', 'message'],
  'typed-json': ['type', 'type', 'jobId', 'progress', 'stage', 'current', 'total', 'message', 'sourceName', 'status', 'title'],
  'batch-enrichment': [
    'event_type',
    'state',
    'state',
    'status',
    'total_items',
    'enriched_items',
    'failed_items',
    'percent_complete',
    'current_item',
    'mpn',
    'reason',
  ],
  'workflow-stages': ['poId', 'poId', 'stage', 'stage', 'status', 'progress', 'message', 'lineItems'],
  'phase-snapshot': [
    'jobId',
    'status',
    'completedSteps',
    'totalSteps',
    'currentOperation',
    'message',
    'currentBatch',
    'totalBatches',
    'mopsProcessed',
  ],
  custom: ['kind', 'n', 'current', 'total', 'totalSteps', 'message', 'status', 'stage', 'stage', 'jobId', 'progress'],
};

/** Exercises what the presets do not: index steps, sums, ratios, templates, unknown-event lines. */
const custom: Mapping = {
  discriminator: 'kind',
  runId: 'jobId',
  steps: ['a', 'b'],
  unknownEvents: 'activity',
  events: {
    tick: {
      step: { index: 'n', indexBase: 1, percent: { current: 'current', total: 'total' }, message: 'message' },
      stepCount: 'totalSteps',
      percent: { fromSteps: true },
      metrics: { Sum: { sum: ['current', 'total', 'n'] }, Scaled: { path: 'progress', scale: 100 } },
      counter: 'current',
      total: 'total',
      activity: [
        { text: 'Tick {n} {message?}', level: { path: 'status', default: 'info' } },
        { when: 'error', text: '{error}', level: 'warning' },
      ],
    },
    tock: {
      step: 'stage',
      percent: { current: 'current', total: 'total' },
      operation: { template: '{stage}: {message}' },
      rate: 'recordsPerSecond',
    },
    done: { status: { path: 'status', map: { ok: 'complete', bad: 'failed' }, default: 'complete' }, error: ['error', 'reason'] },
    start: { startsJob: true, status: 'running' },
    oops: { step: { id: 'stage', status: 'failed' } },
  },
};

/** A handful of words each stream keeps repeating, as real streams repeat their step names. */
let hotWords: readonly string[] = WORDS;

function randomWord(random: () => number): string | undefined {
  const pool = random() < 0.7 ? hotWords : WORDS;
  return pool[Math.floor(random() * pool.length)];
}

function randomValue(random: () => number, depth: number, focus: readonly string[]): unknown {
  const r = random();
  if (r < 0.3) {
    const n = Math.floor(random() * 300) - 50;
    return random() < 0.3 ? n + random() : n;
  }
  if (r < 0.65) return randomWord(random);
  if (r < 0.72) return random() < 0.5;
  if (r < 0.78) return null;
  if (r < 0.85 && depth < 3) return Array.from({ length: Math.floor(random() * 3) }, () => randomValue(random, depth + 1, focus));
  if (depth < 3) return randomObject(random, depth + 1, focus);
  return 'leaf';
}

function randomObject(random: () => number, depth: number, focus: readonly string[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  const count = 2 + Math.floor(random() * 9);
  for (let i = 0; i < count; i++) {
    const keys = random() < 0.75 ? focus : KEYS;
    const key = keys[Math.floor(random() * keys.length)] ?? 'n';
    Object.defineProperty(object, key, { value: randomValue(random, depth, focus), enumerable: true, writable: true, configurable: true });
  }
  return object;
}

function randomData(random: () => number, focus: readonly string[]): string {
  const r = random();
  if (r < 0.05) return 'not json {';
  if (r < 0.08) return '';
  if (r < 0.1) return JSON.stringify(randomValue(random, 2, focus));
  return JSON.stringify(randomObject(random, 0, focus));
}

function randomStream(name: PresetName | 'custom', seed: number, length: number): StreamMessage[] {
  const random = seededRandom(seed);
  hotWords = Array.from({ length: 4 }, () => WORDS[Math.floor(random() * WORDS.length)] ?? '');
  const events = EVENTS[name];
  const stream: StreamMessage[] = [];
  for (let i = 0; i < length; i++) {
    const r = random();
    const earlier = stream[Math.floor(random() * stream.length)];
    if (r < 0.08 && earlier !== undefined) {
      stream.push(earlier); // a replay
      continue;
    }
    const event = events[Math.floor(random() * events.length)] ?? 'message';
    const data = randomData(random, FOCUS[name]);
    stream.push(random() < 0.15 ? { event, data } : { id: String(i), event, data });
  }
  return stream;
}

const TERMINAL = new Set(['complete', 'failed', 'cancelled']);

function jobsOf(state: ProgressState): Map<string, ProgressState> {
  return state.jobs ? new Map(state.jobs.map((job) => [job.key, job])) : new Map([['', state]]);
}

/** Checks one transition; returns a description of the first broken invariant. */
function broken(previous: ProgressState, next: ProgressState, limits: { activity: number; jobs: number }): string | undefined {
  const roundTrip: unknown = JSON.parse(JSON.stringify(next));
  if (JSON.stringify(roundTrip) !== JSON.stringify(next)) return 'not plain JSON';
  for (const [key, job] of jobsOf(next)) {
    if (job.percent !== null && !(job.percent >= 0 && job.percent <= 100)) return `${key}: percent ${job.percent} out of range`;
    if (job.activity.length > limits.activity) return `${key}: activity grew to ${job.activity.length}`;
    for (let i = 1; i < job.activity.length; i++) {
      if ((job.activity[i]?.seq ?? 0) <= (job.activity[i - 1]?.seq ?? 0)) return `${key}: activity seq not increasing`;
    }
    if (job.activity.some((entry) => typeof entry.message !== 'string' || entry.message.length > 1000))
      return `${key}: activity text unbounded`;
    if (job.steps.length > 200) return `${key}: ${job.steps.length} steps`;
    const count = Math.max(job.stepCount ?? 0, job.steps.length);
    if (job.stepIndex !== null && (job.stepIndex < 0 || job.stepIndex >= count)) return `${key}: stepIndex ${job.stepIndex} of ${count}`;
    if (job.status === 'failed' && !job.error) return `${key}: failed without a reason`;
    if (job.message.length > 1000) return `${key}: message unbounded`;

    const before = jobsOf(previous).get(key);
    if (before === undefined) continue;
    const restarted = job.startedAt !== before.startedAt || (TERMINAL.has(before.status) && !TERMINAL.has(job.status));
    if (restarted) continue;
    if (before.percent !== null && (job.percent === null || job.percent < before.percent))
      return `${key}: percent went from ${before.percent} to ${job.percent}`;
    for (const step of before.steps) {
      if (step.status === 'failed' && job.steps.find((s) => s.id === step.id)?.status !== 'failed')
        return `${key}: failed step ${step.id} recovered`;
    }
    if (TERMINAL.has(before.status) && job.status !== before.status) return `${key}: ended job changed status`;
  }
  if (next.activity.length > limits.activity) return `top-level activity grew to ${next.activity.length}`;
  if ((next.jobs?.length ?? 0) > limits.jobs) return `${next.jobs?.length} jobs kept`;
  return undefined;
}

/**
 * Lets other test pages run: pages of one origin can share the browser's main thread, and a
 * long synchronous loop would stall their timers.
 */
const yieldToOthers = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('reducer invariants on random streams', () => {
  for (const name of [...(Object.keys(presets) as PresetName[]), 'custom' as const]) {
    it(`${name}: bounded, monotonic, never failing`, async () => {
      for (let seed = 1; seed <= 25; seed++) {
        await yieldToOthers();
        const random = seededRandom(seed * 7919);
        const limits = { activity: 3 + Math.floor(random() * 10), jobs: 2 + Math.floor(random() * 4) };
        const reducer = createReducer(name === 'custom' ? custom : name, {
          now: steppingClock(0, 1 + Math.floor(random() * 5000)),
          activityLimit: limits.activity,
          jobLimit: limits.jobs,
          diagnostics: true,
        });
        let state = reducer.initialState();
        const applied: StreamMessage[] = [];
        for (const message of randomStream(name, seed, 300)) {
          const next = reducer(state, message);
          const problem = broken(state, next, limits);
          if (problem !== undefined)
            expect.fail(`seed ${seed}, event ${applied.length} (${message.event} ${message.data.slice(0, 200)}): ${problem}`);
          const replay =
            message.id !== undefined &&
            applied.slice(-200).some((m) => m.id === message.id && m.data === message.data && m.event === message.event);
          if (replay) expect(next, `seed ${seed}: replay of id ${message.id} changed the state`).to.equal(state);
          applied.push(message);
          state = next;
        }
        const errors = Object.values(reducer.diagnostics() ?? {}).reduce((sum, entry) => sum + entry.errors, 0);
        expect(errors, `seed ${seed}: the reducer caught errors`).to.equal(0);
      }
    });
  }

  it('handles 1,000,000 events with bounded state', async function () {
    this.timeout(120_000);
    const reducer = createReducer('workflow-stages', { now: steppingClock(0, 10), activityLimit: 20, jobLimit: 50 });
    let state = reducer.initialState();
    const stages = ['ai_parsing', 'database_save', 'shopify_sync'];
    for (let i = 0; i < 1_000_000; i++) {
      if (i % 20_000 === 0) await yieldToOthers();
      const po = `PO-${i % 997}`;
      const stage = stages[i % 3] ?? 'ai_parsing';
      const data =
        i % 5 === 0
          ? `{"poId":"${po}","stage":"${stage}"}`
          : `{"poId":"${po}","stage":"${stage}","progress":${i % 100},"message":"step ${i % 13}"}`;
      state = reducer(state, { id: String(i), event: i % 5 === 0 ? 'completion' : 'progress', data });
    }
    expect(state.jobs?.length).to.equal(50);
    expect(state.activity.length).to.equal(20);
    expect(state.lastEventId).to.equal('999999');
    for (const job of state.jobs ?? []) expect(job.activity.length).to.be.at.most(20);
  });
});
