// The per-job formats (step-percent, batch-enrichment, phase-snapshot), served the way backends
// that give every job its own stream URL serve them.
import { Cancelled, rand } from '../simulations.mjs';
import { JobRun } from './job-run.mjs';
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
    const publish = (event) => publishTo(stream, event, (stored) => this.onPublished(stored));
    const run = new JobRun(this.clock, publish);
    const job = { id, stream, run };
    this.current = job;
    const context = {
      jobId: id,
      clock: this.clock,
      failureRate: this.failureRate,
      publish,
      sleep: (ms) => run.sleep(ms),
      onControl: (describe) => run.onControl(describe),
    };
    this.def.run(context).then(
      (terminal) => this.#finish(job, terminal),
      (error) => {
        if (!(error instanceof Cancelled)) console.error(`progress-stream demo: the ${this.name} job failed:`, error);
        // Cancelled from the page: the format's own word for it; a restart keeps its old story.
        const terminal = run.cancelReason === 'user' ? run.describe('cancelled') : undefined;
        this.#finish(job, terminal ?? this.def.cancelled(id));
      },
    );
    return job;
  }

  /** The job `jobId` if it is this series' current one (older jobs have ended or are ending). */
  job(jobId) {
    return this.current?.id === jobId ? this.current : undefined;
  }

  #finish(job, terminal) {
    job.run.running = false;
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
    old?.run.cancel('restart');
    return `Restarted: new job ${job.id}`;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.current?.run.cancel('stop');
  }
}
