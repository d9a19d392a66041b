// The per-job formats (step-percent, batch-enrichment, phase-snapshot), served the way backends
// that give every job its own stream URL serve them.
import { Cancelled, rand } from '../simulations.mjs';
import { NEXT_JOB_MS, publishTo } from './publish.mjs';

/**
 * The jobs of one per-job format: every job is its own event stream at its own URL, ended with
 * the format's terminal event; the next job starts a few seconds later.
 */
export class JobSeries {
  constructor(name, def, { hub, clock, failureRate, onPublished, firstId }) {
    this.name = name;
    this.def = def;
    this.hub = hub;
    this.clock = clock;
    this.failureRate = failureRate;
    this.onPublished = onPublished;
    this.counter = firstId;
    this.current = undefined;
    this.timer = undefined;
    this.stopped = false;
  }

  get src() {
    return this.current === undefined ? undefined : `/streams/${this.name}/${encodeURIComponent(this.current.id)}`;
  }

  stream(jobId) {
    return this.hub.get(`${this.name}/${jobId}`);
  }

  start() {
    clearTimeout(this.timer);
    this.timer = undefined;
    const id = `${this.def.prefix}-${this.counter++}`;
    const stream = this.hub.stream(`${this.name}/${id}`);
    const controller = new AbortController();
    const job = { id, stream, controller, running: true };
    this.current = job;
    const context = {
      jobId: id,
      clock: this.clock,
      failureRate: this.failureRate,
      publish: (event) => publishTo(stream, event, (stored) => this.onPublished(stored)),
      sleep: (ms) => this.clock.sleep(ms, controller.signal),
    };
    this.def.run(context).then(
      (terminal) => this.#finish(job, terminal),
      (error) => {
        if (!(error instanceof Cancelled)) console.error(`progress-stream demo: the ${this.name} job failed:`, error);
        this.#finish(job, this.def.cancelled(id));
      },
    );
    return job;
  }

  #finish(job, terminal) {
    job.running = false;
    if (this.stopped) return;
    job.stream.end(terminal).catch(() => undefined);
    // A restarted job already has its successor.
    if (job === this.current) {
      this.timer = setTimeout(() => this.start(), this.clock.real(rand(...NEXT_JOB_MS)));
    }
  }

  /** Cancels the running job (its stream ends with the format's "cancelled" event) and starts a new one. */
  restart() {
    const old = this.current;
    const job = this.start();
    if (old?.running) old.controller.abort();
    return `Restarted: new job ${job.id}`;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.current?.controller.abort();
  }
}
