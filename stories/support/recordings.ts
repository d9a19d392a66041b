// Recorded event streams, one per preset, in the wire formats that preset reads (the same
// shapes as the preset tests). `at` is when the server sent the event, in milliseconds from the
// start of the stream; ids are assigned in order, as a server with a replay buffer does.
import type { StreamMessage } from '../../src/client/types.js';
import type { PresetName } from '../../src/mapping/index.js';

export interface RecordedEvent {
  /** Milliseconds from the start of the stream at 1× speed. */
  at: number;
  /** The SSE event name (`message` for unnamed events). */
  event: string;
  /** The JSON payload of `data:`. */
  data: unknown;
}

export interface Recording {
  preset: PresetName;
  title: string;
  events: RecordedEvent[];
}

/** The messages a client would dispatch for these events: JSON data and sequential ids. */
export function messagesOf(events: readonly RecordedEvent[], firstId = 1): StreamMessage[] {
  return events.map((e, i) => ({ id: String(firstId + i), event: e.event, data: JSON.stringify(e.data) }));
}

/** Spreads events evenly, `stepMs` apart, starting at `startMs`. */
function timed(startMs: number, stepMs: number, events: Array<Omit<RecordedEvent, 'at'>>): RecordedEvent[] {
  return events.map((e, i) => ({ at: startMs + i * stepMs, ...e }));
}

// --- step-percent: a database schema analysis ----------------------------------------------------

const sp = (step: string, progress: number | undefined, message: string, extra: object = {}) => ({
  event: 'message',
  data: { step, ...(progress === undefined ? {} : { progress }), message, ...extra },
});

export const stepPercent: Recording = {
  preset: 'step-percent',
  title: 'Schema analysis',
  events: timed(0, 600, [
    sp('scanning', 0, 'Scanning schema...'),
    sp('scanning', 8, 'Analyzing 59 tables, 450 columns...', { stats: { tables: 59, columns: 450 } }),
    sp('indexing', 20, 'Indexing 450 columns'),
    sp('indexing', 35, 'Indexing foreign keys'),
    sp('analyzing', 48, 'Analyzing relationships'),
    sp('analyzing', 61, 'Detecting naming patterns'),
    sp('generating', 74, 'Generating documentation'),
    sp('optimizing', 88, 'Optimizing indexes'),
    sp('optimizing', 99, 'Writing the summary'),
    sp('complete', 100, 'Analysis complete', { data: { tables: 59, documents: 12 } }),
  ]),
};

/** step-percent events up to (and including) the first one at or above `percent`. */
export function stepPercentUntil(percent: number): RecordedEvent[] {
  const index = stepPercent.events.findIndex((e) => ((e.data as { progress?: number }).progress ?? 0) >= percent);
  return stepPercent.events.slice(0, index + 1);
}

/** A step-percent run that starts without a percent (the server does not know it yet). */
export const stepPercentIndeterminate: RecordedEvent[] = timed(0, 600, [
  sp('scanning', undefined, 'Connecting to the database...'),
  sp('scanning', undefined, 'Waiting for a read replica'),
]);

// --- typed-json: a supplier catalog sync with proposals ------------------------------------------

const tjProgress = (stage: string, current: number, total: number, message: string) => ({
  event: 'message',
  data: { type: 'progress_update', jobId: 'sync-318', progress: { stage, current, total, message, timestamp: '2026-03-02T09:14:05Z' } },
});

export const typedJson: Recording = {
  preset: 'typed-json',
  title: 'Supplier catalog sync',
  events: timed(0, 500, [
    { event: 'message', data: { type: 'connected', message: 'Connected to the sync channel' } },
    {
      event: 'message',
      data: {
        type: 'status_update',
        sourceId: 'src-7',
        status: 'syncing',
        sourceName: 'Supplier catalog',
        updatedAt: '2026-03-02T09:14:00Z',
      },
    },
    tjProgress('fetching', 0, 240, 'Fetching records'),
    tjProgress('fetching', 48, 240, 'Fetching records'),
    tjProgress('fetching', 96, 240, 'Fetching records'),
    { event: 'message', data: { type: 'new_proposal', proposalId: 'p-1', title: 'Merge duplicate suppliers', confidence: 0.92 } },
    tjProgress('matching', 132, 240, 'Matching products'),
    tjProgress('matching', 168, 240, 'Matching products'),
    { event: 'message', data: { type: 'new_proposal', proposalId: 'p-2', title: 'Normalise units of measure', confidence: 0.81 } },
    { event: 'message', data: { type: 'proposal_update', proposalId: 'p-1', title: 'Merge duplicate suppliers (3 records)' } },
    tjProgress('matching', 216, 240, 'Matching products'),
    { event: 'message', data: { type: 'proposal_deleted', proposalId: 'p-2' } },
    {
      event: 'message',
      data: {
        type: 'status_update',
        sourceId: 'src-7',
        status: 'completed',
        sourceName: 'Supplier catalog',
        updatedAt: '2026-03-02T09:14:07Z',
      },
    },
    tjProgress('complete', 240, 240, 'Sync complete: 1 proposal to review'),
  ]),
};

// --- batch-enrichment: a bill of materials enriched with supplier data ---------------------------

const parts = [
  { mpn: 'LM358DR', status: 'enriched', message: '4 offers found' },
  { mpn: 'NE555DR', status: 'enriched', message: '6 offers found' },
  { mpn: 'STM32F103C8T6', status: 'enriched', message: '3 offers found' },
  { mpn: 'GRM188R71H104KA93D', status: 'enriched', message: '12 offers found' },
  { mpn: 'XC6206P332MR-X', status: 'not_found', message: 'No supplier lists this part' },
  { mpn: 'RC0603FR-0710KL', status: 'enriched', message: '9 offers found' },
  { mpn: '1N4148W-7-F', status: 'enriched', message: '5 offers found' },
  { mpn: 'BSS138LT1G', status: 'failed', message: 'Supplier API timeout' },
  { mpn: 'TPS63020DSJR', status: 'enriched', message: '2 offers found' },
  { mpn: 'ESP32-WROOM-32E', status: 'enriched', message: '7 offers found' },
  { mpn: 'AMS1117-3.3', status: 'enriched', message: '8 offers found' },
  { mpn: 'USBLC6-2SC6', status: 'enriched', message: '5 offers found' },
];

const BOM = 'BOM-1042';
const TOTAL_ITEMS = 48;
const TOTAL_BATCHES = 4;

function bomState(done: number, failed: number, extra: object = {}) {
  const processed = done + failed;
  return {
    status: 'enriching',
    total_items: TOTAL_ITEMS,
    enriched_items: done,
    failed_items: failed,
    pending_items: TOTAL_ITEMS - processed,
    percent_complete: Math.round((processed / TOTAL_ITEMS) * 1000) / 10,
    current_batch: Math.min(TOTAL_BATCHES, Math.floor(processed / (TOTAL_ITEMS / TOTAL_BATCHES)) + 1),
    total_batches: TOTAL_BATCHES,
    estimated_time_remaining: Math.round((TOTAL_ITEMS - processed) * 0.75),
    started_at: '2026-03-02T09:20:00Z',
    last_update: '2026-03-02T09:20:30Z',
    ...extra,
  };
}

function bomProgress(): Array<Omit<RecordedEvent, 'at'>> {
  let enriched = 0;
  let failed = 0;
  return parts.map((item, i) => {
    // Each event reports one item; the batch moves on by four items per event.
    const processed = (i + 1) * 4;
    if (item.status === 'failed') failed += 1;
    enriched = processed - failed;
    return { event: 'progress', data: { event_type: 'progress', bom_id: BOM, state: bomState(enriched, failed, { current_item: item }) } };
  });
}

const bomEvents = timed(0, 450, [
  { event: 'connected', data: { event_type: 'connected', bom_id: BOM } },
  { event: 'enrichment.started', data: { event_type: 'enrichment.started', bom_id: BOM, state: bomState(0, 0) } },
  ...bomProgress(),
  {
    event: 'enrichment.completed',
    data: {
      event_type: 'enrichment.completed',
      bom_id: BOM,
      state: bomState(47, 1, { status: 'completed', completed_at: '2026-03-02T09:21:10Z' }),
    },
  },
  { event: 'stream_end', data: { event_type: 'stream_end', bom_id: BOM, reason: 'completed' } },
]);

export const batchEnrichment: Recording = { preset: 'batch-enrichment', title: `Enriching ${BOM}`, events: bomEvents };

/** A batch-enrichment run that fails in its third batch. */
export const batchEnrichmentFailed: RecordedEvent[] = [
  ...bomEvents.slice(0, 8),
  {
    at: 3600,
    event: 'enrichment.failed',
    data: {
      event_type: 'enrichment.failed',
      bom_id: BOM,
      error: 'Supplier API quota exceeded (HTTP 429)',
      state: bomState(23, 1, { status: 'failed' }),
    },
  },
];

// --- workflow-stages: purchase orders on one channel ---------------------------------------------

const wf = (poId: string) => `wf-${poId.toLowerCase()}`;
const stage = (poId: string, name: string, message: string) => ({
  event: 'stage',
  data: { stage: name, poId, workflowId: wf(poId), status: 'started', message },
});
const wfProgress = (poId: string, name: string, progress: number, message: string) => ({
  event: 'progress',
  data: { poId, workflowId: wf(poId), stage: name, progress, message },
});
const completion = (poId: string, name: string, extra: object = {}) => ({
  event: 'completion',
  data: { stage: name, poId, workflowId: wf(poId), ...extra },
});

export const workflowStages: Recording = {
  preset: 'workflow-stages',
  title: 'Purchase orders',
  events: timed(0, 350, [
    stage('PO-2041', 'ai_parsing', 'Parsing PO-2041.pdf'),
    stage('PO-2042', 'ai_parsing', 'Parsing PO-2042.pdf'),
    wfProgress('PO-2041', 'ai_parsing', 45, 'Reading line items'),
    wfProgress('PO-2042', 'ai_parsing', 30, 'Reading line items'),
    completion('PO-2041', 'ai_parsing', { lineItems: 12, confidence: 0.94 }),
    stage('PO-2041', 'database_save', 'Saving 12 line items'),
    stage('PO-2043', 'ai_parsing', 'Parsing PO-2043.pdf'),
    completion('PO-2042', 'ai_parsing', { lineItems: 7, confidence: 0.88 }),
    { event: 'heartbeat', data: { timestamp: '2026-03-02T10:00:15Z' } },
    completion('PO-2041', 'database_save'),
    stage('PO-2042', 'database_save', 'Saving 7 line items'),
    stage('PO-2041', 'shopify_sync', 'Syncing to Shopify'),
    wfProgress('PO-2043', 'ai_parsing', 60, 'Reading line items'),
    { event: 'error', data: { stage: 'database_save', poId: 'PO-2042', workflowId: wf('PO-2042'), error: 'Duplicate order number' } },
    wfProgress('PO-2041', 'shopify_sync', 50, 'Creating 12 products'),
    completion('PO-2043', 'ai_parsing', { lineItems: 21, confidence: 0.91 }),
    completion('PO-2041', 'shopify_sync'),
    stage('PO-2043', 'database_save', 'Saving 21 line items'),
    { event: 'heartbeat', data: { timestamp: '2026-03-02T10:00:30Z' } },
    wfProgress('PO-2043', 'database_save', 40, 'Saving 21 line items'),
  ]),
};

// --- phase-snapshot: a nightly planning snapshot --------------------------------------------------

const PHASES = [
  'Preparing database',
  'Loading planned orders',
  'Loading manufacturing orders',
  'Loading customer order lines',
  'Finalizing',
];

function snapshot(completedSteps: number, currentBatch: number, counts: { mops?: number; mos?: number; co?: number }, extra: object = {}) {
  const remainingBatches = (PHASES.length - completedSteps) * 4 - currentBatch;
  return {
    jobId: 'snapshot-2026-03-02',
    status: 'running',
    completedSteps,
    totalSteps: PHASES.length,
    currentOperation: PHASES[Math.min(completedSteps, PHASES.length - 1)],
    message: `${PHASES[Math.min(completedSteps, PHASES.length - 1)]}...`,
    recordsPerSecond: 150,
    estimatedTimeRemaining: Math.max(0, remainingBatches * 2),
    mopsProcessed: counts.mops ?? 0,
    mosProcessed: counts.mos ?? 0,
    coLinesProcessed: counts.co ?? 0,
    currentBatch,
    totalBatches: 4,
    ...extra,
  };
}

const phaseEvents = timed(0, 450, [
  { event: 'progress', data: snapshot(0, 1, {}) },
  { event: 'progress', data: snapshot(0, 4, {}, { message: 'Indexes ready' }) },
  { event: 'progress', data: snapshot(1, 1, { mops: 410 }) },
  { event: 'progress', data: snapshot(1, 3, { mops: 1234 }, { recordsPerSecond: 152 }) },
  { event: 'progress', data: snapshot(2, 1, { mops: 1640, mos: 220 }, { recordsPerSecond: 148 }) },
  { event: 'progress', data: snapshot(2, 2, { mops: 1640, mos: 870 }, { recordsPerSecond: 151 }) },
  { event: 'progress', data: snapshot(2, 4, { mops: 1640, mos: 1502 }, { recordsPerSecond: 149 }) },
  { event: 'progress', data: snapshot(3, 1, { mops: 1640, mos: 1502, co: 3120 }, { recordsPerSecond: 163 }) },
  { event: 'progress', data: snapshot(3, 3, { mops: 1640, mos: 1502, co: 9875 }, { recordsPerSecond: 171 }) },
  { event: 'progress', data: snapshot(4, 1, { mops: 1640, mos: 1502, co: 12408 }, { recordsPerSecond: 120 }) },
  { event: 'progress', data: snapshot(4, 3, { mops: 1640, mos: 1502, co: 12408 }, { recordsPerSecond: 90 }) },
  {
    event: 'complete',
    data: snapshot(
      5,
      4,
      { mops: 1640, mos: 1502, co: 12408 },
      { status: 'complete', currentOperation: 'Finalizing', message: 'Snapshot complete', estimatedTimeRemaining: 0 },
    ),
  },
]);

export const phaseSnapshot: Recording = { preset: 'phase-snapshot', title: 'Nightly planning snapshot', events: phaseEvents };

/** Phase-snapshot events while loading planned orders: "Step 2 of 5", counters, rate and ETA. */
export const phaseSnapshotRunning: RecordedEvent[] = phaseEvents.slice(0, 4);

/** A phase-snapshot run that fails in its third phase, with two phases done and two to go. */
export const phaseSnapshotFailed: RecordedEvent[] = [
  ...phaseEvents.slice(0, 6),
  {
    at: 2700,
    event: 'error',
    data: snapshot(
      2,
      2,
      { mops: 1640, mos: 870 },
      { status: 'failed', message: 'Database connection lost while loading manufacturing orders' },
    ),
  },
];

export const recordings: Record<PresetName, Recording> = {
  'step-percent': stepPercent,
  'typed-json': typedJson,
  'batch-enrichment': batchEnrichment,
  'workflow-stages': workflowStages,
  'phase-snapshot': phaseSnapshot,
};
