// Simulated jobs for the five wire formats of progress-stream's presets. Each simulation only
// calls `publish({ event?, data })` and `sleep(ms)`; the server decides where the events go.
// Times are in "job milliseconds": the clock divides them by the speed factor, so a job that
// takes 40 s at speed 1 takes 2 s at speed 20.

/** A random number in [min, max). */
export function rand(min, max) {
  return min + Math.random() * (max - min);
}

/** A random integer in [min, max]. */
export function int(min, max) {
  return Math.floor(rand(min, max + 1));
}

export function pick(list) {
  return list[Math.floor(Math.random() * list.length)];
}

/** Splits `total` into `parts` uneven shares (some steps are slow, some quick). */
export function unevenSplit(total, parts) {
  const weights = Array.from({ length: parts }, () => rand(0.35, 1.65) ** 1.6);
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (total * w) / sum);
}

const round1 = (n) => Math.round(n * 10) / 10;
const iso = () => new Date().toISOString();

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

/**
 * The demo's clock: `sleep(ms, signal)` waits `ms / speed` real milliseconds and rejects with
 * `Cancelled` when the signal aborts (a restarted job, a server shutting down).
 */
export function createClock(speed) {
  return {
    speed,
    /** Real milliseconds for `ms` job milliseconds. */
    real: (ms) => ms / speed,
    sleep(ms, signal) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(new Cancelled());
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, Math.max(0, ms / speed));
        const onAbort = () => {
          clearTimeout(timer);
          reject(new Cancelled());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}

/** A job lasts 20–60 s (job time). */
const jobDuration = () => rand(20_000, 60_000);

// --- 1. step-percent: an AI schema analysis ------------------------------------------------------

const TABLES = ['orders', 'order_lines', 'customers', 'invoices', 'shipments', 'products', 'price_lists', 'stock_moves', 'suppliers', 'audit_log'];

/**
 * Unnamed events `{step, progress, message, stats}` through scanning … optimizing, then
 * `step: "complete"`. Returns the terminal event.
 */
export async function schemaAnalysis({ publish, sleep }) {
  const tables = int(24, 90);
  const columns = tables * int(6, 11);
  const relations = Math.round(tables * rand(1.2, 2.4));
  const suggestions = int(4, 18);
  const stats = { tables, columns, relationships: relations };
  const steps = [
    { step: 'scanning', from: 0, to: 15, message: (f) => `Analyzing ${Math.round(tables * f)} tables, ${Math.round(columns * f)} columns...` },
    { step: 'indexing', from: 15, to: 35, message: (f) => `Indexing ${Math.round(relations * f)} of ${relations} relationships` },
    { step: 'analyzing', from: 35, to: 70, message: () => `Profiling column statistics of ${pick(TABLES)}` },
    { step: 'generating', from: 70, to: 90, message: (f) => `Drafting index suggestions (${Math.max(1, Math.round(suggestions * f))} so far)` },
    { step: 'optimizing', from: 90, to: 99, message: () => 'Estimating query cost savings' },
  ];
  publish({ data: { step: 'scanning', progress: 0, message: 'Connecting to the database...', stats } });
  const spans = unevenSplit(jobDuration(), steps.length);
  for (const [i, s] of steps.entries()) {
    const ticks = int(3, 9);
    const waits = unevenSplit(spans[i], ticks);
    for (let t = 1; t <= ticks; t++) {
      await sleep(waits[t - 1]);
      const f = t / ticks;
      publish({ data: { step: s.step, progress: Math.round(s.from + (s.to - s.from) * f), message: s.message(f), stats } });
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

// --- 3. batch-enrichment: a bill of materials enriched in batches ------------------------------

const MPNS = ['LM358DR', 'NE555P', 'STM32F103C8T6', 'ATMEGA328P-AU', 'SN74HC595N', 'LM7805CT', 'BC547B', '1N4148W', 'ESP32-WROOM-32E', 'TPS7A4700RGWR', 'GRM188R71H104KA93D', 'RC0603FR-0710KL', 'MCP2551-I/SN', 'FT232RL', 'AMS1117-3.3', 'IRLZ44NPBF', 'CP2102N-A02', 'W25Q128JVSIQ'];

/**
 * Named events connected, enrichment.started, progress (one per item) and
 * enrichment.completed; returns the terminal `stream_end`.
 */
export async function bomEnrichment({ publish, sleep, jobId }) {
  const total = int(40, 110);
  const batchSize = 10;
  const totalBatches = Math.ceil(total / batchSize);
  const startedAt = iso();
  const wallStart = Date.now();
  const counts = { enriched: 0, failed: 0 };
  let currentItem = null;
  let batch = 1;
  const state = (status) => {
    const done = counts.enriched + counts.failed;
    const elapsed = (Date.now() - wallStart) / 1000;
    return {
      status,
      total_items: total,
      enriched_items: counts.enriched,
      failed_items: counts.failed,
      pending_items: total - done,
      percent_complete: round1((done / total) * 100),
      current_batch: batch,
      total_batches: totalBatches,
      current_item: currentItem,
      estimated_time_remaining: done === 0 ? null : Math.round((elapsed / done) * (total - done)),
      started_at: startedAt,
      last_update: iso(),
      completed_at: null,
    };
  };
  const send = (event, status) => publish({ event, data: { event_type: event, bom_id: jobId, state: state(status) } });

  publish({ event: 'connected', data: { event_type: 'connected', bom_id: jobId, message: 'Subscribed to enrichment updates' } });
  await sleep(rand(300, 900));
  send('enrichment.started', 'processing');
  // Some batches hit a slow supplier API: uneven batch lengths.
  const batchTimes = unevenSplit(jobDuration(), totalBatches);
  for (batch = 1; batch <= totalBatches; batch++) {
    const items = Math.min(batchSize, total - (batch - 1) * batchSize);
    const waits = unevenSplit(batchTimes[batch - 1], items);
    for (let i = 0; i < items; i++) {
      await sleep(waits[i]);
      const mpn = pick(MPNS);
      const roll = Math.random();
      if (roll < 0.08) {
        counts.failed++;
        currentItem = { mpn, status: 'not_found', message: 'no distributor match, kept as entered' };
      } else if (roll < 0.11) {
        counts.failed++;
        currentItem = { mpn, status: 'failed', message: 'supplier API timed out after 3 attempts' };
      } else {
        counts.enriched++;
        currentItem = { mpn, status: 'enriched', message: `${int(2, 9)} offers, lifecycle ${pick(['active', 'active', 'active', 'NRND'])}` };
      }
      send('progress', 'processing');
    }
  }
  const completed = state('completed');
  completed.completed_at = iso();
  completed.current_item = null;
  completed.estimated_time_remaining = 0;
  publish({ event: 'enrichment.completed', data: { event_type: 'enrichment.completed', bom_id: jobId, state: completed } });
  return { event: 'stream_end', data: { reason: 'completed' } };
}

export const bomEnrichmentCancelled = () => ({ event: 'stream_end', data: { reason: 'cancelled' } });

// --- 5. phase-snapshot: a nightly import in five phases -----------------------------------------

const PHASES = ['Preparing database', 'Loading planned orders', 'Loading manufacturing orders', 'Loading customer order lines', 'Finalizing'];
const PHASE_COUNTER = [null, 'mopsProcessed', 'mosProcessed', 'coLinesProcessed', null];
const PHASE_NOUN = [null, 'planned orders', 'manufacturing orders', 'customer order lines', null];
const RESEND_MS = 15_000;

/**
 * Named `progress` events carrying the whole snapshot after every batch, re-sent unchanged
 * every 15 s while a batch takes long; `complete` at the end, or `error` now and then.
 */
export async function nightlyImport({ publish, sleep, clock, jobId, failureRate }) {
  const wallStart = Date.now();
  const snapshot = {
    jobId,
    status: 'running',
    completedSteps: 0,
    totalSteps: PHASES.length,
    currentOperation: PHASES[0],
    message: 'Import started',
    recordsPerSecond: 0,
    estimatedTimeRemaining: null,
    coLinesProcessed: 0,
    mosProcessed: 0,
    mopsProcessed: 0,
    currentBatch: 0,
    totalBatches: 1,
  };
  const spans = unevenSplit(jobDuration(), PHASES.length);
  const totalJobMs = spans.reduce((a, b) => a + b, 0);
  let elapsedJobMs = 0;
  const failAt = Math.random() < failureRate ? { phase: int(1, 3), fraction: rand(0.2, 0.9) } : null;
  const send = (event = 'progress') => publish({ event, data: { ...snapshot } });
  // Waits, re-sending the unchanged snapshot every 15 s (job time) as the format's heartbeat.
  const wait = async (ms) => {
    let left = ms;
    while (left > RESEND_MS) {
      await sleep(RESEND_MS);
      left -= RESEND_MS;
      send();
    }
    await sleep(left);
  };

  send();
  for (const [phase, name] of PHASES.entries()) {
    const batches = phase === 4 ? int(1, 2) : phase === 0 ? int(2, 4) : int(4, 12);
    const waits = unevenSplit(spans[phase], batches);
    Object.assign(snapshot, { completedSteps: phase, currentOperation: name, currentBatch: 0, totalBatches: batches });
    snapshot.message = phase === 4 ? 'Rebuilding indexes and refreshing statistics' : `Starting: ${name.toLowerCase()}`;
    send();
    for (let b = 1; b <= batches; b++) {
      await wait(waits[b - 1]);
      elapsedJobMs += waits[b - 1];
      const counter = PHASE_COUNTER[phase];
      const records = counter ? int(180, 1400) : 0;
      if (counter) snapshot[counter] += records;
      snapshot.currentBatch = b;
      snapshot.recordsPerSecond = counter ? Math.round(records / (clock.real(waits[b - 1]) / 1000)) : 0;
      snapshot.estimatedTimeRemaining = Math.max(0, Math.round(clock.real(totalJobMs - elapsedJobMs) / 1000));
      snapshot.message = counter
        ? `Loaded ${snapshot[counter].toLocaleString('en-US')} ${PHASE_NOUN[phase]}`
        : phase === 0
          ? `Truncated staging tables (${b} of ${batches})`
          : 'Rebuilding indexes and refreshing statistics';
      if (failAt && failAt.phase === phase && b / batches >= failAt.fraction) {
        Object.assign(snapshot, { status: 'failed', recordsPerSecond: 0, estimatedTimeRemaining: null });
        snapshot.message = `Deadlock detected while ${name.toLowerCase()}; the import was rolled back`;
        return { event: 'error', data: { ...snapshot } };
      }
      send();
    }
  }
  const records = snapshot.mopsProcessed + snapshot.mosProcessed + snapshot.coLinesProcessed;
  Object.assign(snapshot, {
    status: 'completed',
    completedSteps: PHASES.length,
    currentOperation: 'Finalizing',
    message: `Import complete: ${records.toLocaleString('en-US')} records in ${Math.round((Date.now() - wallStart) / 1000)} s`,
    recordsPerSecond: 0,
    estimatedTimeRemaining: 0,
  });
  return { event: 'complete', data: { ...snapshot } };
}

export const nightlyImportCancelled = (jobId) => ({
  event: 'error',
  data: { jobId, status: 'cancelled', totalSteps: PHASES.length, message: 'Cancelled: a new import was started', error: 'Cancelled: a new import was started' },
});

// --- 2. typed-json: a sync channel whose jobs come one after another ---------------------------

const SOURCES = [
  { sourceId: 'src-acme', sourceName: 'Acme supplier catalogue' },
  { sourceId: 'src-globex', sourceName: 'Globex price list' },
  { sourceId: 'src-initech', sourceName: 'Initech ERP export' },
];
const COMPANIES = ['Acme Ltd.', 'ACME Limited', 'Globex Corp', 'Globex Corporation', 'Initech', 'Initech GmbH', 'Umbrella plc', 'Umbrella PLC', 'Hooli', 'Hooli Inc.'];

/**
 * One sync job on the channel: unnamed events with a `type`: status_update, progress_update
 * (stages download, parse, match, then complete) and proposals along the way.
 */
export async function sourceSync({ publish, sleep, jobId }) {
  const source = pick(SOURCES);
  const total = int(800, 3200);
  const stamp = () => iso();
  const status = (value) => publish({ data: { type: 'status_update', ...source, status: value, updatedAt: stamp() } });
  const progress = (stage, current, message) =>
    publish({ data: { type: 'progress_update', jobId, progress: { stage, current, total, message, timestamp: stamp() } } });

  status('syncing');
  progress('download', 0, `Requesting ${source.sourceName}`);
  const stages = [
    { stage: 'download', to: 0.3, message: (n) => `Downloaded ${n.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} records` },
    { stage: 'parse', to: 0.55, message: (n) => `Parsed ${n.toLocaleString('en-US')} records` },
    { stage: 'match', to: 1, message: (n) => `Matched ${n.toLocaleString('en-US')} records against the catalogue` },
  ];
  const spans = unevenSplit(jobDuration(), stages.length);
  const proposals = [];
  let current = 0;
  let nextProposal = 1;
  for (const [i, s] of stages.entries()) {
    const ticks = int(4, 10);
    const waits = unevenSplit(spans[i], ticks);
    const from = current;
    const target = Math.round(total * s.to);
    for (let t = 1; t <= ticks; t++) {
      await sleep(waits[t - 1]);
      current = t === ticks && s.to === 1 ? total - 1 : Math.round(from + ((target - from) * t) / ticks);
      progress(s.stage, current, s.message(current));
      if (s.stage === 'download' && t === 2 && Math.random() < 0.35) status('warning');
      if (s.stage === 'match' && Math.random() < 0.45) {
        const [a, b] = [pick(COMPANIES), pick(COMPANIES)];
        const proposal = { proposalId: `prop-${jobId}-${nextProposal++}`, title: `Merge “${a}” into “${b}”`, confidence: int(55, 99) / 100 };
        proposals.push(proposal);
        publish({ data: { type: 'new_proposal', ...proposal } });
      } else if (s.stage === 'match' && proposals.length > 0 && Math.random() < 0.2) {
        const proposal = proposals.shift();
        publish(
          Math.random() < 0.5
            ? { data: { type: 'proposal_update', proposalId: proposal.proposalId, title: `${proposal.title} (reviewed)` } }
            : { data: { type: 'proposal_deleted', proposalId: proposal.proposalId } },
        );
      }
    }
  }
  await sleep(rand(400, 1200));
  progress('complete', total, `Sync complete: ${total.toLocaleString('en-US')} records, ${nextProposal - 1} proposals`);
  status('completed');
}

// --- 4. workflow-stages: purchase orders, several at once, on one channel ---------------------

const STAGES = ['ai_parsing', 'database_save', 'shopify_sync'];

/** A new purchase order; `stage` follows the running stage (a restart names it in its `error`). */
export function createPurchaseOrder(poId) {
  return { poId, workflowId: `wf-${Math.random().toString(16).slice(2, 8)}`, stage: STAGES[0] };
}

/**
 * One purchase order through ai_parsing, database_save and shopify_sync: named events stage,
 * progress and completion, or `error` (that order only) now and then.
 */
export async function purchaseOrderWorkflow({ publish, sleep, failureRate }, po) {
  const lineItems = int(3, 42);
  const confidence = int(78, 99) / 100;
  const spans = unevenSplit(jobDuration(), 3).map((ms, i) => (i === 1 ? ms * 0.5 : ms));
  const failStage = Math.random() < failureRate ? 2 : -1;
  const base = () => ({ poId: po.poId, workflowId: po.workflowId });
  const messages = {
    ai_parsing: [`Reading ${po.poId}.pdf`, 'Extracting the supplier and dates', 'Extracting line items', 'Matching SKUs to the catalogue'],
    database_save: [`Saving ${lineItems} line items`, 'Writing the purchase order'],
    shopify_sync: [`Updating ${lineItems} products in Shopify`, 'Updating inventory levels', 'Updating incoming stock'],
  };
  for (const [i, stage] of STAGES.entries()) {
    po.stage = stage;
    publish({ event: 'stage', data: { stage, ...base(), status: 'started', message: messages[stage][0] } });
    const ticks = stage === 'database_save' ? int(2, 4) : int(4, 9);
    const waits = unevenSplit(spans[i], ticks + 1);
    for (let t = 1; t <= ticks; t++) {
      await sleep(waits[t - 1]);
      if (i === failStage && t === Math.ceil(ticks / 2)) {
        publish({ event: 'error', data: { stage, ...base(), error: 'Shopify API rate limit exceeded (HTTP 429); the order will be retried later' } });
        return 'failed';
      }
      const text = messages[stage][Math.min(messages[stage].length - 1, Math.floor(((t - 1) / ticks) * messages[stage].length))];
      publish({ event: 'progress', data: { ...base(), stage, progress: Math.round((t / ticks) * 95), message: text } });
    }
    await sleep(waits[ticks]);
    publish({
      event: 'completion',
      data: stage === 'ai_parsing' ? { stage, ...base(), lineItems, confidence } : { stage, ...base(), lineItems },
    });
  }
  return 'complete';
}
