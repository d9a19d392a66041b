// workflow-stages' server: one channel with several purchase orders in flight at once, keyed by
// `poId`, to show the element's multi-job view.
import { Cancelled, createPurchaseOrder, purchaseOrderWorkflow, rand } from '../simulations.mjs';
import { publishTo } from './publish.mjs';

/** workflow-stages: one channel, two to four purchase orders in flight at any time. */
export class OrderChannel {
  constructor(stream, { clock, failureRate, onPublished, firstId }) {
    this.stream = stream;
    this.clock = clock;
    this.failureRate = failureRate;
    this.onPublished = onPublished;
    this.orders = new Map();
    this.nextNumber = firstId;
    this.stopper = new AbortController();
  }

  publish(event) {
    publishTo(this.stream, event, (stored) => this.onPublished(stored));
  }

  launch(po = createPurchaseOrder(`PO-${this.nextNumber++}`)) {
    const controller = new AbortController();
    const entry = { po, controller };
    this.orders.set(po.poId, entry);
    const context = {
      publish: (event) => this.publish(event),
      sleep: (ms) => this.clock.sleep(ms, controller.signal),
      failureRate: this.failureRate / 2, // several orders at once: fail them half as often
    };
    const forget = () => {
      if (this.orders.get(po.poId) === entry) this.orders.delete(po.poId);
    };
    purchaseOrderWorkflow(context, po).then(forget, (error) => {
      forget();
      if (!(error instanceof Cancelled)) console.error('progress-stream demo: an order workflow failed:', error);
    });
  }

  async start() {
    const signal = this.stopper.signal;
    const heartbeat = async () => {
      for (;;) {
        await this.clock.sleep(15_000, signal);
        this.publish({ event: 'heartbeat', data: { timestamp: new Date().toISOString() } });
      }
    };
    heartbeat().catch(() => undefined);
    try {
      this.launch();
      await this.clock.sleep(rand(1_000, 2_500), signal);
      for (;;) {
        const inFlight = this.orders.size;
        if (inFlight < 2 || (inFlight < 4 && Math.random() < 0.5)) this.launch();
        await this.clock.sleep(rand(3_000, 8_000), signal);
      }
    } catch (error) {
      if (!(error instanceof Cancelled)) throw error;
    }
  }

  /** Every order in flight fails with "restarted" and starts again from AI parsing. */
  restart() {
    const entries = [...this.orders.values()];
    for (const { po, controller } of entries) {
      controller.abort();
      this.publish({
        event: 'error',
        data: { stage: po.stage, poId: po.poId, workflowId: po.workflowId, error: 'Restarted from the demo page' },
      });
      this.launch(createPurchaseOrder(po.poId));
    }
    if (entries.length === 0) this.launch();
    return `Restarted ${entries.length} order${entries.length === 1 ? '' : 's'}: ${entries.map((e) => e.po.poId).join(', ')}`;
  }

  stop() {
    this.stopper.abort();
    for (const { controller } of this.orders.values()) controller.abort();
  }
}
