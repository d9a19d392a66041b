// Everything that produces events: a job series per per-job format, the two channels, and the
// event streams they publish to. The HTTP side only asks it for a stream, a description, a
// restart, and to start and stop.
import { createEventStream, createEventStreamHub } from '../../dist/server/index.js';
import { JobSeries } from './job-series.mjs';
import { OrderChannel } from './order-channel.mjs';
import { STREAMS } from './streams.mjs';
import { SyncChannel } from './sync-channel.mjs';

/**
 * @param {{ clock, failureRate: number, heartbeatMs: number, onPublished(name: string, stored): void, broker? }} options
 * `broker`: where the events go; the default keeps them in this process (`npm start`), the
 * cluster demo's worker passes a Redis broker so that every instance serves them.
 */
export function createJobs({ clock, failureRate, heartbeatMs, onPublished, broker }) {
  const streamOptions = { heartbeatMs, retryMs: 1000, broker };
  const hub = createEventStreamHub({ ...streamOptions, bufferSize: 1000 });
  const recorder = (name) => (stored) => onPublished(name, stored);

  // Job numbers differ from one run of the server to the next, so that a page still open from
  // the previous run never mistakes a new job for the one it was showing.
  const firstId = 10_000 + (Math.floor(Date.now() / 1000) % 90_000);
  const series = {};
  for (const [name, def] of Object.entries(STREAMS)) {
    if (def.kind === 'job') series[name] = new JobSeries(name, def, { hub, clock, failureRate, firstId, onPublished: recorder(name) });
  }
  const syncStream = createEventStream({ ...streamOptions, key: 'typed-json', bufferSize: 500 });
  const orderStream = createEventStream({ ...streamOptions, key: 'workflow-stages', bufferSize: 500 });
  const channels = {
    'typed-json': new SyncChannel(syncStream, { clock, firstId, onPublished: recorder('typed-json') }),
    'workflow-stages': new OrderChannel(orderStream, { clock, failureRate, firstId, onPublished: recorder('workflow-stages') }),
  };
  const channelStreams = { 'typed-json': syncStream, 'workflow-stages': orderStream };

  return {
    /** The event stream behind `/streams/<name>` (a channel) or `/streams/<name>/<jobId>`; undefined if none. */
    stream(name, jobId) {
      return jobId === undefined ? channelStreams[name] : series[name].stream(jobId);
    },
    /** Where the stream's current job lives: its URL, its id (if it has one) and whether it runs. */
    describe(name) {
      if (STREAMS[name].kind === 'job') {
        const job = series[name].current;
        return { src: series[name].src, jobId: job?.id, jobRunning: job?.run.running === true, jobPaused: job?.run.paused === true };
      }
      return { src: `/streams/${name}`, jobId: name === 'typed-json' ? channels[name].jobId : undefined, jobRunning: true };
    },
    /**
     * The job that `POST …/cancel|pause|resume` acts on: a per-job format's job by its id (only
     * the current one still runs), a channel's current job (typed-json), or undefined.
     */
    run(name, jobId) {
      if (STREAMS[name].kind === 'job') return jobId === undefined ? undefined : series[name].job(jobId)?.run;
      return jobId === undefined ? channels[name].run : undefined;
    },
    /** Starts the current job over; returns the line the demo page shows. */
    restart(name) {
      return (series[name] ?? channels[name]).restart();
    },
    start() {
      for (const jobs of Object.values(series)) jobs.start();
      for (const channel of Object.values(channels)) {
        channel.start().catch((error) => console.error('progress-stream demo: a channel stopped:', error));
      }
    },
    /** Stops every job and closes every stream (which ends their connections). */
    async close() {
      for (const jobs of Object.values(series)) jobs.stop();
      for (const channel of Object.values(channels)) channel.stop();
      syncStream.close();
      orderStream.close();
      await hub.close();
    },
  };
}
