// typed-json's server: one long-lived channel that carries one sync job after another, told
// apart by `jobId` (the element starts over when it changes).
import { Cancelled, rand, sourceSync } from '../simulations.mjs';
import { NEXT_JOB_MS, publishTo } from './publish.mjs';

/** typed-json: one channel; sync jobs follow each other, each with a new `jobId`. */
export class SyncChannel {
  constructor(stream, { clock, onPublished, firstId }) {
    this.stream = stream;
    this.clock = clock;
    this.onPublished = onPublished;
    this.counter = firstId;
    this.controller = new AbortController();
    this.stopped = false;
    this.jobId = undefined;
  }

  publish(event) {
    publishTo(this.stream, event, (stored) => this.onPublished(stored));
  }

  async start() {
    this.publish({ data: { type: 'connected', message: 'Connected to the catalogue sync channel' } });
    while (!this.stopped) {
      this.controller = new AbortController();
      const signal = this.controller.signal;
      const sleep = (ms) => this.clock.sleep(ms, signal);
      this.jobId = `sync-${this.counter++}`;
      try {
        await sourceSync({ publish: (event) => this.publish(event), sleep, jobId: this.jobId });
        await sleep(rand(...NEXT_JOB_MS));
      } catch (error) {
        if (!(error instanceof Cancelled)) throw error;
      }
    }
  }

  /** Abandons the running sync and starts a new one (a new jobId: the element starts over). */
  restart() {
    this.controller.abort();
    return `Restarted: new sync job sync-${this.counter}`;
  }

  stop() {
    this.stopped = true;
    this.controller.abort();
  }
}
