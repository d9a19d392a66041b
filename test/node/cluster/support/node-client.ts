// A Node client of the cluster tests: a real StreamClient (src/client) through the proxy, with
// a progress session (src/session) on it building the state a view would show. It records
// every message it dispatched, resets included, so the tests can check what was applied.
import { StreamClient, type StreamErrorDetail, type StreamMessage } from '../../../../src/client/index.js';
import { createProgressSession, type ProgressSession } from '../../../../src/session/index.js';
import { JOB_EVENTS, chaosMapping } from '../../../chaos/job.mjs';

/** One dispatched message: an event of the job (`n` from its data) or a reset. */
export interface Received {
  id: string | undefined;
  event: string;
  /** The job's event number, from the data; `undefined` for a reset. */
  n: number | undefined;
  /** A reset's data: why, and the id it refused. */
  reset?: { reason: string; lastEventId: string };
}

/**
 * Client settings of the cluster tests: quick retries that never give up during an outage (the
 * test decides when a run has failed), and a heartbeat timeout well above the instances'
 * heartbeat interval.
 */
export const CLUSTER_CLIENT = { retryDelayMs: 50, maxRetryDelayMs: 250, maxRetries: 400, heartbeatTimeoutMs: 5000 } as const;

function parse(message: StreamMessage): Received {
  const data = JSON.parse(message.data) as { n?: unknown; reason?: unknown; lastEventId?: unknown };
  if (message.event === 'reset') {
    return {
      id: message.id,
      event: message.event,
      n: undefined,
      reset: { reason: String(data.reason), lastEventId: String(data.lastEventId) },
    };
  }
  return { id: message.id, event: message.event, n: typeof data.n === 'number' ? data.n : undefined };
}

export class RecordingClient {
  readonly name: string;
  readonly received: Received[] = [];
  readonly errors: StreamErrorDetail[] = [];
  readonly session: ProgressSession;
  readonly #url: string;
  #client: StreamClient;
  #done!: () => void;
  /** Resolves once the job's terminal event arrived and the client closed. */
  readonly done: Promise<void>;
  /** The client is away on purpose (`leave`): its `closed` status is not the end. */
  #away = false;

  constructor(name: string, url: string) {
    this.name = name;
    this.#url = url;
    this.done = new Promise<void>((resolve) => (this.#done = resolve));
    this.#client = this.#connect(undefined);
    this.session = createProgressSession({ client: this.#client, mapping: chaosMapping, feedLimit: JOB_EVENTS + 10 });
  }

  get lastEventId(): string | undefined {
    return this.#client.lastEventId;
  }

  get finished(): boolean {
    return this.received.at(-1)?.n === JOB_EVENTS && this.#client.status === 'closed' && !this.#away;
  }

  /** Goes away (the connection closes), keeping its resume point, like a phone losing its network. */
  leave(): void {
    this.#away = true;
    this.#client.close();
  }

  /** Comes back and resumes with `Last-Event-ID`, on whichever instance the proxy picks. */
  comeBack(): void {
    this.#away = false;
    this.#client = this.#connect(this.#client.lastEventId);
    this.session.update({ client: this.#client, mapping: chaosMapping, feedLimit: JOB_EVENTS + 10 });
  }

  close(): void {
    this.session.close();
    this.#client.close();
  }

  #connect(lastEventId: string | undefined): StreamClient {
    const client = new StreamClient({
      url: this.#url,
      ...CLUSTER_CLIENT,
      terminalEvents: ['complete'],
      ...(lastEventId === undefined ? {} : { lastEventId }),
    });
    client.addEventListener('message', (event) => this.received.push(parse(event.detail)));
    client.addEventListener('error', (event) => this.errors.push(event.detail));
    client.addEventListener('status', (event) => {
      if (event.detail.status === 'closed' && this.finished) this.#done();
    });
    client.connect();
    return client;
  }
}
