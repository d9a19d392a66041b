// Client disconnects leave nothing behind. In a file of its own: it counts the process's active
// timers, and only node:http's client (which keeps none) talks to the server here.
import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import { MemoryReplayStore, createEventStream, type ReplayStore } from '../../../src/server/index.js';
import { listen, until } from './helpers.js';

const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
const listenerTotal = (res: ServerResponse): number => ['close', 'drain', 'error'].reduce((n, e) => n + res.listenerCount(e), 0);

function get(url: string): { req: ReturnType<typeof httpRequest>; response: Promise<IncomingMessage> } {
  const req = httpRequest(url, { headers: { accept: 'text/event-stream' } });
  const response = new Promise<IncomingMessage>((resolve) => req.on('response', resolve));
  req.on('error', () => undefined);
  req.end();
  return { req, response };
}

describe('client disconnects', () => {
  it('clear the heartbeat timer and the response listeners', async () => {
    const stream = createEventStream({ heartbeatMs: 20 });
    const served: Array<Promise<void>> = [];
    const responses: Array<{ res: ServerResponse; before: number }> = [];
    const server = await listen((req, res) => {
      responses.push({ res, before: listenerTotal(res) });
      served.push(stream.handleNode(req, res));
    });
    try {
      const baseline = timers();
      const clients = [get(server.url), get(server.url), get(server.url)];
      for (const client of clients) (await client.response).resume();
      await until(() => stream.subscriberCount === 3);
      assert.equal(timers(), baseline + 1, 'one heartbeat timer for the stream while clients are connected');

      clients[0]!.req.destroy();
      await until(() => stream.subscriberCount === 2, 2000, 'the first disconnect');
      assert.equal(timers(), baseline + 1, 'still needed by the others');

      for (const client of clients.slice(1)) client.req.destroy();
      await until(() => stream.subscriberCount === 0, 2000, 'every disconnect');
      await Promise.all(served);
      assert.equal(timers(), baseline, 'heartbeat timer cleared');
      for (const { res, before } of responses) assert.equal(listenerTotal(res), before, 'listeners removed');
      // Publishing to nobody is fine and arms nothing.
      await stream.publish({ data: 'after' });
      assert.equal(timers(), baseline);
    } finally {
      stream.close();
      await server.close();
    }
  });

  it('while the replay is still being read: nothing is written, nothing is left', async () => {
    const inner = new MemoryReplayStore();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gated: ReplayStore = {
      append: (key, event) => inner.append(key, event),
      since: async (key, id) => {
        await gate;
        return inner.since(key, id);
      },
    };
    const stream = createEventStream({ replay: gated, heartbeatMs: 20 });
    let served: Promise<void> | undefined;
    let response: ServerResponse | undefined;
    const server = await listen((req, res) => {
      response = res;
      served = stream.handleNode(req, res);
    });
    try {
      const baseline = timers();
      const client = get(server.url);
      await until(() => stream.subscriberCount === 1);
      client.req.destroy();
      await until(() => stream.subscriberCount === 0, 2000, 'the disconnect');
      await served;
      release();
      await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(response!.headersSent, false, 'no response was started for a client that left');
      assert.equal(timers(), baseline);
    } finally {
      stream.close();
      await server.close();
    }
  });
});
