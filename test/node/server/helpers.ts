// Shared by the server tests: a real node:http server on 127.0.0.1 and a reader that parses a
// response body with the client's WHATWG parser while keeping the raw text.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventStreamParser, type ParsedEvent } from '../../../src/client/index.js';
import type { Transport } from '../../../src/server/index.js';

export interface TestHttpServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestHttpServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Resolves once `condition` holds, checking every few milliseconds; rejects after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 2000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

export interface StreamReader {
  readonly events: ParsedEvent[];
  /** Every `retry:` value seen. */
  readonly retries: number[];
  /** The decoded text so far. */
  raw(): string;
  /** Settles when the body ends (`'end'`) or fails (`'error'`). */
  readonly finished: Promise<'end' | 'error'>;
  /** Resolves once `condition` holds for what was read. */
  waitFor(condition: (reader: StreamReader) => boolean, timeoutMs?: number): Promise<void>;
  cancel(): Promise<void>;
}

/** Reads a body stream in the background, parsing it as the client would. */
export function readStream(body: ReadableStream<Uint8Array>): StreamReader {
  const events: ParsedEvent[] = [];
  const retries: number[] = [];
  const decoder = new TextDecoder();
  let raw = '';
  let waiters: Array<() => void> = [];
  const parser = new EventStreamParser({ onEvent: (e) => events.push(e), onRetry: (ms) => retries.push(ms) });
  const reader = body.getReader();
  const notify = (): void => {
    const current = waiters;
    waiters = [];
    for (const w of current) w();
  };
  const finished = (async (): Promise<'end' | 'error'> => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return 'end';
        raw += decoder.decode(value, { stream: true });
        parser.pushBytes(value);
        notify();
      }
    } catch {
      return 'error';
    } finally {
      notify();
    }
  })();
  const self: StreamReader = {
    events,
    retries,
    raw: () => raw,
    finished,
    async waitFor(condition, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      let ended = false;
      void finished.then(() => {
        ended = true;
      });
      while (!condition(self)) {
        if (ended) throw new Error(`Stream ended before the condition held; got: ${JSON.stringify(raw)}`);
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`Timed out; got: ${JSON.stringify(raw.slice(-500))}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, remaining);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    cancel: () => reader.cancel().catch(() => undefined),
  };
  return self;
}

/** A transport that accepts `capacity` bytes until `drain()` is called. */
export class FakeTransport implements Transport {
  readonly events: ParsedEvent[] = [];
  text = '';
  ended = false;
  aborted = false;
  /** Bytes written since the last drain. */
  pending = 0;
  maxPending = 0;
  #parser = new EventStreamParser({ onEvent: (e) => this.events.push(e) });
  constructor(readonly capacity = Number.POSITIVE_INFINITY) {}
  write(chunk: Uint8Array): boolean {
    assert.ok(!this.ended && !this.aborted, 'no write after the end');
    this.text += new TextDecoder().decode(chunk);
    this.#parser.pushBytes(chunk);
    this.pending += chunk.byteLength;
    this.maxPending = Math.max(this.maxPending, this.pending);
    return this.pending < this.capacity;
  }
  end(): void {
    this.ended = true;
  }
  abort(): void {
    this.aborted = true;
  }
  drain(): void {
    this.pending = 0;
  }
}
