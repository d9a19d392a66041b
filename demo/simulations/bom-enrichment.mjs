// The `batch-enrichment` wire format: a bill of materials enriched in batches.
import { int, iso, jobDuration, pick, rand, round1, unevenSplit } from './support.mjs';

const MPNS = [
  'LM358DR',
  'NE555P',
  'STM32F103C8T6',
  'ATMEGA328P-AU',
  'SN74HC595N',
  'LM7805CT',
  'BC547B',
  '1N4148W',
  'ESP32-WROOM-32E',
  'TPS7A4700RGWR',
  'GRM188R71H104KA93D',
  'RC0603FR-0710KL',
  'MCP2551-I/SN',
  'FT232RL',
  'AMS1117-3.3',
  'IRLZ44NPBF',
  'CP2102N-A02',
  'W25Q128JVSIQ',
];

/**
 * Named events connected, enrichment.started, progress (one per item) and
 * enrichment.completed; returns the terminal `stream_end`.
 */
export async function bomEnrichment({ publish, sleep, jobId, onControl }) {
  const total = int(40, 110);
  const batchSize = 10;
  const totalBatches = Math.ceil(total / batchSize);
  const startedAt = iso();
  const wallStart = Date.now();
  // Time spent paused is no work time: the server's ETA leaves it out.
  let pausedMs = 0;
  let pausedAt = null;
  const counts = { enriched: 0, failed: 0 };
  let currentItem = null;
  let batch = 1;
  const state = (status) => {
    const done = counts.enriched + counts.failed;
    const elapsed = (Date.now() - wallStart - pausedMs - (pausedAt === null ? 0 : Date.now() - pausedAt)) / 1000;
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

  const event = (name, status) => ({ event: name, data: { event_type: name, bom_id: jobId, state: state(status) } });
  onControl?.((what) => {
    if (what === 'paused') {
      pausedAt = Date.now();
      return event('enrichment.paused', 'paused');
    }
    if (what === 'resumed') {
      pausedMs += Date.now() - (pausedAt ?? Date.now());
      pausedAt = null;
      return event('enrichment.resumed', 'processing');
    }
    const cancelled = event('enrichment.cancelled', 'cancelled');
    Object.assign(cancelled.data, { message: 'Cancelled by the user' });
    return cancelled;
  });

  publish({ event: 'connected', data: { event_type: 'connected', bom_id: jobId, message: 'Subscribed to enrichment updates' } });
  await sleep(rand(300, 900));
  publish(event('enrichment.started', 'processing'));
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
        currentItem = {
          mpn,
          status: 'enriched',
          message: `${int(2, 9)} offers, lifecycle ${pick(['active', 'active', 'active', 'NRND'])}`,
        };
      }
      publish(event('progress', 'processing'));
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
