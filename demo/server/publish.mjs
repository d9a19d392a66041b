// Shared by the job series and the channels.

/** Pause between the end of a job and the next one (job time). */
export const NEXT_JOB_MS = [5_000, 8_000];

/** Publishes, ignoring a stream that has already ended or closed (a job cut short). */
export function publishTo(stream, event, onStored) {
  try {
    stream.publish(event).then(onStored, () => undefined);
  } catch {
    // ended or closed: nothing to do
  }
}
