// typed-json's server: one long-lived channel that carries one sync job after another, told
// apart by `jobId` (the element starts over when it changes).
import { Cancelled, rand, sourceSync } from '../simulations.mjs';
import { JobRun } from './job-run.mjs';
import { NEXT_JOB_MS, publishTo } from './publish.mjs';

/** typed-json: one channel; sync jobs follow each other, each with a new `jobId`. */
export class SyncChannel {
  constructor(stream, { clock, onPublished, firstId }) {
    this.stream = stream;
    this.clock = clock;
    this.onPublished = onPublished;
    this.counter = firstId;
    this.gap = new AbortController();
    this.run = undefined;
    this.stopped = false;
    this.jobId = undefined;
  }

  publish(event) {
    publishTo(this.stream, event, (stored) => this.onPublished(stored));
  }

  async start() {
    this.publish({ data: { type: 'connected', message: 'Connected to the catalogue sync channel' } });
    while (!this.stopped) {
      const run = new JobRun(this.clock, (event) => this.publish(event));
      this.run = run;
      this.jobId = `sync-${this.counter++}`;
      const context = {
        publish: (event) => this.publish(event),
        sleep: (ms) => run.sleep(ms),
        onControl: (describe) => run.onControl(describe),
        jobId: this.jobId,
      };
      try {
        await sourceSync(context);
      } catch (error) {
        if (!(error instanceof Cancelled)) throw error;
        if (run.cancelReason !== 'user') continue; // restarted: the next job at once
        const cancelled = run.describe('cancelled');
        if (cancelled !== undefined) this.publish(cancelled);
      } finally {
        run.running = false;
      }
      if (this.stopped) break;
      // Between jobs (a restart or stopping the channel cuts the wait short).
      this.gap = new AbortController();
      await this.clock.sleep(rand(...NEXT_JOB_MS), this.gap.signal).catch(() => undefined);
    }
  }

  /** Abandons the running sync and starts a new one (a new jobId: the element starts over). */
  restart() {
    this.run?.cancel('restart');
    this.gap.abort();
    return `Restarted: new sync job sync-${this.counter}`;
  }

  stop() {
    this.stopped = true;
    this.gap.abort();
    this.run?.cancel('stop');
  }
}
