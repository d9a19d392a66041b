// A hub must not keep a stream per made-up id: a route that does `hub.stream(id)` for whatever a
// client asks created streams that never ended and were never dropped. Streams that were never
// published to are dropped when their last connection leaves; streams with history stay.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEventStreamHub } from '../../../src/server/index.js';
import { listen, readStream, until } from './helpers.js';

/** Connects to `hub.stream(key)` the way a Web route would, and leaves. */
async function subscribeAndLeave(hub: ReturnType<typeof createEventStreamHub>, key: string): Promise<void> {
  const controller = new AbortController();
  const response = await hub.stream(key).response(new Request('http://127.0.0.1/', { signal: controller.signal }));
  const reader = readStream(response.body!);
  await reader.waitFor((r) => r.raw().includes(': connected'));
  controller.abort();
  await reader.finished;
}

describe('EventStreamHub: streams nobody publishes to', () => {
  it('are dropped when their last connection leaves: many made-up keys leave nothing', async () => {
    const hub = createEventStreamHub({ heartbeatMs: 0 });
    for (let i = 0; i < 500; i++) await subscribeAndLeave(hub, `made-up-${i}`);
    assert.equal(hub.size, 0);
    await hub.close();
  });

  it('are dropped over real node:http connections too', async () => {
    const hub = createEventStreamHub({ heartbeatMs: 0 });
    const server = await listen((req, res) => void hub.stream(req.url ?? '/').handleNode(req, res));
    try {
      const controllers = Array.from({ length: 20 }, () => new AbortController());
      const responses = await Promise.all(controllers.map((c, i) => fetch(`${server.url}job-${i}`, { signal: c.signal })));
      assert.ok(responses.every((r) => r.status === 200));
      assert.equal(hub.size, 20, 'kept while someone is connected');
      for (const c of controllers) c.abort();
      await until(() => hub.size === 0, 5000, 'every stream to be dropped');
    } finally {
      await server.close();
      await hub.close();
    }
  });

  it('keeps a stream that was published to (it has history), also with nobody connected', async () => {
    const hub = createEventStreamHub({ heartbeatMs: 0 });
    const stream = hub.stream('job');
    await stream.publish({ data: 'one' });
    await subscribeAndLeave(hub, 'job');
    assert.equal(hub.get('job'), stream);
    const reader = readStream((await hub.stream('job').response()).body!);
    await reader.waitFor((r) => r.events.length === 1);
    assert.equal(reader.events[0]!.data, 'one');
    await reader.cancel();
    await hub.close();
  });

  it('serves a stream subscribed before its first publish while it is subscribed, and keeps it after', async () => {
    const hub = createEventStreamHub({ heartbeatMs: 0 });
    const controller = new AbortController();
    const reader = readStream((await hub.stream('job').response(new Request('http://127.0.0.1/', { signal: controller.signal }))).body!);
    await reader.waitFor((r) => r.raw().includes(': connected'));
    await hub.stream('job').publish({ event: 'progress', data: 'first' });
    await reader.waitFor((r) => r.events.length === 1);
    assert.equal(reader.events[0]!.data, 'first');
    controller.abort();
    await reader.finished;
    assert.equal(hub.has('job'), true, 'it has history now');
    await hub.close();
  });

  it('takes back a dropped stream that its job still holds, once the job publishes', async () => {
    const hub = createEventStreamHub({ heartbeatMs: 0 });
    const held = hub.stream('job'); // the job creates its stream, publishes later
    await subscribeAndLeave(hub, 'job');
    assert.equal(hub.has('job'), false, 'dropped: nothing published yet');

    // Meanwhile another client made a (history-less) stream for the key and is connected to it.
    const waiting = readStream((await hub.stream('job').response()).body!);
    await waiting.waitFor((r) => r.raw().includes(': connected'));
    assert.notEqual(hub.get('job'), held);

    await held.publish({ data: 'from the job' });
    assert.equal(hub.get('job'), held, 'the job’s stream has its key again');
    assert.equal(await waiting.finished, 'end', 'the other stream’s client is sent to reconnect');
    const reader = readStream((await hub.stream('job').response()).body!);
    await reader.waitFor((r) => r.events.length === 1);
    assert.equal(reader.events[0]!.data, 'from the job');
    await reader.cancel();
    await hub.close();
  });
});
