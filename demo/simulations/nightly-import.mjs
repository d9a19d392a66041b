// The `phase-snapshot` wire format: a nightly import in five phases.
import { int, jobDuration, rand, unevenSplit } from './support.mjs';

const PHASES = [
  'Preparing database',
  'Loading planned orders',
  'Loading manufacturing orders',
  'Loading customer order lines',
  'Finalizing',
];
const PHASE_COUNTER = [null, 'mopsProcessed', 'mosProcessed', 'coLinesProcessed', null];
const PHASE_NOUN = [null, 'planned orders', 'manufacturing orders', 'customer order lines', null];
const RESEND_MS = 15_000;

/**
 * Named `progress` events carrying the whole snapshot after every batch, re-sent unchanged
 * every 15 s while a batch takes long; `complete` at the end, or `error` now and then. Paused
 * and resumed from the page, the snapshot says `paused`, then `running`; cancelled, the import
 * ends with a `cancelled` event.
 */
export async function nightlyImport({ publish, sleep, clock, jobId, failureRate, onControl }) {
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
  // A pause or a resume is the snapshot with its new status; a cancellation ends the import.
  onControl?.((what) => {
    if (what === 'cancelled') return { event: 'cancelled', data: cancelledSnapshot(jobId, 'Cancelled by the user', snapshot) };
    snapshot.status = what === 'paused' ? 'paused' : 'running';
    snapshot.message = what === 'paused' ? 'Paused' : `Resumed: ${snapshot.currentOperation.toLowerCase()}`;
    if (what === 'paused') Object.assign(snapshot, { recordsPerSecond: 0, estimatedTimeRemaining: null });
    return { event: 'progress', data: { ...snapshot } };
  });
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

/** The snapshot of a cancelled import (`snapshot`: where it stood). */
function cancelledSnapshot(jobId, reason, snapshot = undefined) {
  return {
    ...snapshot,
    jobId,
    status: 'cancelled',
    totalSteps: PHASES.length,
    recordsPerSecond: 0,
    estimatedTimeRemaining: null,
    message: reason,
  };
}

/** The `error` event that ends an import abandoned by a restart. */
export const nightlyImportCancelled = (jobId) => {
  const reason = 'Cancelled: a new import was started';
  return { event: 'error', data: { ...cancelledSnapshot(jobId, reason), error: reason } };
};
