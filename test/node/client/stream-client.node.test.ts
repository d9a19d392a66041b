// The client must run in Node 20 with no DOM globals: same server, real sockets.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { StreamClient, type StreamMessage } from '../../../src/client/index.js';
// @ts-expect-error -- plain JavaScript test server without declarations
import { startSseTestServer } from '../../support/sse-test-server.mjs';

interface TestServer {
  origin: string;
  close(): Promise<void>;
}

let server: TestServer;

async function createScenario(plan: unknown): Promise<{ id: string; url: string }> {
  const response = await fetch(`${server.origin}/__sse/scenarios`, { method: 'POST', body: JSON.stringify(plan) });
  const created = (await response.json()) as { id: string; url: string };
  return { id: created.id, url: `${server.origin}${created.url}` };
}

async function requests(id: string): Promise<Array<{ headers: Record<string, string> }>> {
  return (await (await fetch(`${server.origin}/__sse/scenarios/${id}/requests`)).json()) as Array<{ headers: Record<string, string> }>;
}

describe('StreamClient under Node', () => {
  before(async () => {
    server = (await startSseTestServer()) as TestServer;
  });
  after(async () => {
    await server.close();
  });

  it('has no DOM globals to lean on', () => {
    assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
    assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
  });

  it('streams, resumes with Last-Event-ID and closes on a terminal event', async () => {
    const s = await createScenario({
      responses: [
        { steps: [{ write: 'id: 1\ndata: {"step":"scanning"}\n\n' }, { wait: 30 }, { destroy: true }] },
        { steps: [{ write: 'id: 2\nevent: stream_end\ndata: {}\n\n' }, { stall: true }] },
      ],
    });
    const client = new StreamClient({ url: s.url, retryDelayMs: 10, terminalEvents: ['stream_end'], heartbeatTimeoutMs: 1000 });
    const messages: StreamMessage[] = [];
    const statuses: string[] = [];
    client.addEventListener('message', (e) => messages.push(e.detail));
    const closed = new Promise<void>((resolve) =>
      client.addEventListener('status', (e) => {
        statuses.push(e.detail.status);
        if (e.detail.status === 'closed') resolve();
      }),
    );
    client.connect();
    await closed;
    assert.deepEqual(
      messages.map((m) => m.id),
      ['1', '2'],
    );
    assert.deepEqual(statuses, ['connecting', 'open', 'reconnecting', 'reconnecting', 'open', 'closed']);
    const seen = await requests(s.id);
    assert.equal(seen[1]?.headers['last-event-id'], '1');
    assert.equal(seen[0]?.headers['accept'], 'text/event-stream');
  });

  it('detects a stalled connection with the heartbeat timer', async () => {
    const s = await createScenario({ responses: [{ steps: [{ write: 'data: a\n\n' }, { stall: true }] }] });
    const client = new StreamClient({ url: s.url, heartbeatTimeoutMs: 150, maxRetries: 0 });
    const kinds: string[] = [];
    client.addEventListener('error', (e) => kinds.push(e.detail.kind));
    const offline = new Promise<void>((resolve) =>
      client.addEventListener('status', (e) => {
        if (e.detail.status === 'offline') resolve();
      }),
    );
    client.connect();
    await offline;
    assert.deepEqual(kinds, ['heartbeat']);
    client.close();
  });

  it('refuses a relative URL, which has no base outside a page', async () => {
    const client = new StreamClient({ url: '/events' });
    const errors: string[] = [];
    client.addEventListener('error', (e) => errors.push(e.detail.kind));
    client.connect();
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(client.status, 'offline');
    assert.deepEqual(errors, ['config']);
    client.close();
  });
});
