/** A flood is parsed in slices this big… */
const SLICE_BYTES = 64 * 1024;
/** …and after this long without a break, the page gets a turn (frames, timers, input). */
const BUSY_MS = 50;

export interface PumpTarget {
  /** Parses a slice of the body. */
  push(bytes: Uint8Array): void;
  /** Bytes arrived (a sign of life for the heartbeat). */
  onBytes(now: number): void;
  /** False once the request was abandoned (close(), a terminal event, a newer attempt). */
  isCurrent(): boolean;
}

/** How reading ended: the server ended the body, the connection broke, or we stopped caring. */
export type PumpResult = 'ended' | 'broken' | 'abandoned';

/**
 * Reads a response body into `target`. Reads of buffered data resolve as microtasks: a flood
 * would hold the thread until it is all parsed, with no frame rendered and no timer run. So it
 * parses in slices and gives the page a turn after every BUSY_MS of continuous work. Cancels
 * the body when abandoned.
 */
export async function pumpBody(reader: ReadableStreamDefaultReader<Uint8Array>, target: PumpTarget): Promise<PumpResult> {
  let busySince = Date.now();
  try {
    for (;;) {
      const waitedSince = Date.now();
      const { done, value } = await reader.read();
      if (!target.isCurrent()) return 'abandoned';
      if (done) return 'ended';
      const now = Date.now();
      target.onBytes(now);
      if (now > waitedSince) busySince = now; // the network kept us waiting
      for (let offset = 0; offset < value.length; offset += SLICE_BYTES) {
        // Most chunks fit in one slice: no view of them is made.
        target.push(value.length <= SLICE_BYTES ? value : value.subarray(offset, offset + SLICE_BYTES));
        if (!target.isCurrent()) return 'abandoned'; // a listener closed us, or a terminal event
        if (Date.now() - busySince >= BUSY_MS) {
          await new Promise((resolve) => setTimeout(resolve, 0));
          if (!target.isCurrent()) return 'abandoned';
          busySince = Date.now();
        }
      }
    }
  } catch {
    return target.isCurrent() ? 'broken' : 'abandoned';
  } finally {
    if (!target.isCurrent()) void reader.cancel().catch(() => undefined);
  }
}
