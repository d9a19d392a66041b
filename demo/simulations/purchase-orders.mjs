// The `workflow-stages` wire format: purchase orders, several at once, on one channel.
import { int, jobDuration, unevenSplit } from './support.mjs';

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
        publish({
          event: 'error',
          data: { stage, ...base(), error: 'Shopify API rate limit exceeded (HTTP 429); the order will be retried later' },
        });
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
