// Browser-side handle on the scriptable SSE test server (test/support/sse-test-server.mjs),
// which the test runner serves on the same origin as the test page.

export type Step =
  { write: string } | { bytes: number[] } | { wait: number } | { hold: true } | { end: true } | { destroy: true } | { stall: true };

export interface PlannedResponse {
  status?: number;
  /** An empty string removes a default header (e.g. `'content-type': ''`). */
  headers?: Record<string, string>;
  /** Milliseconds to wait before sending the status line and headers. */
  headersDelay?: number;
  steps?: Step[];
}

export interface ScenarioPlan {
  responses: PlannedResponse[];
  /** What requests beyond the plan get: the last response again (default) or a 404. */
  afterLast?: 'repeat' | 'status-404';
}

export interface RecordedRequest {
  index: number;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  startedAt: number;
  closedAt: number | null;
}

export interface Scenario {
  id: string;
  /** Absolute URL of the scripted stream. */
  url: string;
  requests(): Promise<RecordedRequest[]>;
  /** Resolves once `requests` requests arrived and `closed` of them closed; rejects on timeout. */
  waitFor(condition: { requests?: number; closed?: number; timeoutMs?: number }): Promise<RecordedRequest[]>;
  /** Hands more steps to the response currently holding at a `hold` step. */
  push(...steps: Step[]): Promise<void>;
  dispose(): Promise<void>;
}

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** Registers a scenario on the test server. */
export async function scenario(plan: ScenarioPlan): Promise<Scenario> {
  const created = await json<{ id: string; url: string }>(await fetch('/__sse/scenarios', { method: 'POST', body: JSON.stringify(plan) }));
  const base = `/__sse/scenarios/${created.id}`;
  return {
    id: created.id,
    url: new URL(created.url, location.href).href,
    requests: async () => json<RecordedRequest[]>(await fetch(`${base}/requests`)),
    async waitFor({ requests = 0, closed = 0, timeoutMs = 5000 }) {
      const response = await fetch(`${base}/wait?requests=${requests}&closed=${closed}&timeout=${timeoutMs}`);
      const seen = await json<RecordedRequest[]>(response);
      if (!response.ok) {
        const closedCount = seen.filter((r) => r.closedAt !== null).length;
        throw new Error(`SSE test server: wanted ${requests} requests/${closed} closed, saw ${seen.length}/${closedCount}`);
      }
      return seen;
    },
    async push(...steps) {
      await fetch(`${base}/push`, { method: 'POST', body: JSON.stringify(steps) });
    },
    async dispose() {
      await fetch(base, { method: 'DELETE' });
    },
  };
}

/** Formats one SSE event the way a server would write it. */
export function sse(event: { id?: string; event?: string; data: string | object; retry?: number }): string {
  const data = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
  let text = '';
  if (event.event !== undefined) text += `event: ${event.event}\n`;
  if (event.id !== undefined) text += `id: ${event.id}\n`;
  if (event.retry !== undefined) text += `retry: ${event.retry}\n`;
  for (const line of data.split('\n')) text += `data: ${line}\n`;
  return `${text}\n`;
}
