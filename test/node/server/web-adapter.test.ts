// The Web `Response` adapter, read through its body stream directly (as a runtime would).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEventStream, type SlowReaderInfo } from '../../../src/server/index.js';
import { readStream, until } from './helpers.js';

function request(headers: Record<string, string> = {}, signal?: AbortSignal): Request {
  return new Request('http://127.0.0.1/events', signal === undefined ? { headers } : { headers, signal });
}

describe('response()', () => {
  it('streams events with the event-stream headers and no Connection header', async () => {
    const stream = createEventStream({ heartbeatMs: 0, retryMs: 500 });
    const response = await stream.response(request());
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'no-cache, no-transform');
    assert.equal(response.headers.get('x-accel-buffering'), 'no');
    assert.equal(response.headers.get('connection'), null);
    const reader = readStream(response.body!);
    const first = await stream.publish({ event: 'progress', data: { percent: 1 } });
    await stream.publish({ data: 'line one\nline two' });
    await reader.waitFor((r) => r.events.length === 2);
    assert.deepEqual(reader.retries, [500]);
    assert.deepEqual(
      reader.events.map((e) => [e.type, e.data]),
      [
        ['progress', '{"percent":1}'],
        ['message', 'line one\nline two'],
      ],
    );
    assert.equal(reader.events[0]!.lastEventId, first.id);
    await stream.end({ event: 'complete', data: {} });
    assert.equal(await reader.finished, 'end');
    assert.equal(reader.events.at(-1)!.type, 'complete');
    assert.equal(stream.subscriberCount, 0);
  });

  it('works without a request, and resumes from Last-Event-ID or the lastEventId option', async () => {
    const stream = createEventStream({ heartbeatMs: 0 });
    const a = await stream.publish({ data: 'a' });
    await stream.publish({ data: 'b' });
    const fromScratch = readStream((await stream.response()).body!);
    const fromHeader = readStream((await stream.response(request({ 'last-event-id': a.id }))).body!);
    const fromOption = readStream((await stream.response(request({ 'last-event-id': 'ignored' }), { lastEventId: a.id })).body!);
    await fromScratch.waitFor((r) => r.events.length === 2);
    await fromHeader.waitFor((r) => r.events.length === 1);
    await fromOption.waitFor((r) => r.events.length === 1);
    assert.deepEqual(
      fromScratch.events.map((e) => e.data),
      ['a', 'b'],
    );
    assert.equal(fromHeader.events[0]!.data, 'b');
    assert.equal(fromOption.events[0]!.data, 'b');
    stream.close();
    assert.equal(await fromScratch.finished, 'end');
  });

  it('sends reset for an unknown id, or only clears the id when resetEvent is false', async () => {
    for (const resetEvent of ['reset', 'resync', false] as const) {
      const stream = createEventStream({ heartbeatMs: 0, resetEvent });
      await stream.publish({ data: 'kept' });
      const reader = readStream((await stream.response(request({ 'last-event-id': 'gone' }))).body!);
      await reader.waitFor((r) => r.events.some((e) => e.data === 'kept'));
      const types = reader.events.map((e) => e.type);
      assert.deepEqual(types, resetEvent === false ? ['message'] : [resetEvent, 'message']);
      assert.match(reader.raw(), /^id:$/m, 'the client’s id is cleared either way');
      stream.close();
    }
  });

  it('starts a client without history when sendHistory is false', async () => {
    const stream = createEventStream({ heartbeatMs: 0, sendHistory: false });
    await stream.publish({ data: 'old' });
    const reader = readStream((await stream.response(request())).body!);
    await stream.publish({ data: 'new' });
    await reader.waitFor((r) => r.events.length === 1);
    assert.equal(reader.events[0]!.data, 'new');
    stream.close();
  });

  it('cleans up when the body is cancelled', async () => {
    const stream = createEventStream({ heartbeatMs: 10 });
    const response = await stream.response(request());
    const reader = readStream(response.body!);
    await reader.waitFor((r) => r.raw().includes(': keepalive'));
    assert.equal(stream.subscriberCount, 1);
    await reader.cancel();
    assert.equal(stream.subscriberCount, 0);
    await stream.publish({ data: 'nobody listens' });
  });

  it('cleans up when the request is aborted, also before the response exists', async () => {
    const stream = createEventStream({ heartbeatMs: 0 });
    const controller = new AbortController();
    const response = await stream.response(request({}, controller.signal));
    assert.equal(stream.subscriberCount, 1);
    const reader = readStream(response.body!);
    controller.abort();
    assert.equal(stream.subscriberCount, 0);
    assert.equal(await reader.finished, 'end');

    const aborted = new AbortController();
    aborted.abort();
    const late = await stream.response(request({}, aborted.signal));
    assert.equal(late.status, 503);
    assert.equal(stream.subscriberCount, 0);
  });

  it('drops a body nobody reads once its queue passes maxQueueBytes', async () => {
    const reports: SlowReaderInfo[] = [];
    const stream = createEventStream({ heartbeatMs: 0, maxQueueBytes: 64 * 1024, onSlowReader: (info) => reports.push(info) });
    const response = await stream.response(request());
    for (let i = 0; i < 100 && reports.length === 0; i++) await stream.publish({ data: 'w'.repeat(4096) });
    assert.equal(reports.length, 1);
    assert.ok(reports[0]!.queuedBytes <= 64 * 1024);
    assert.equal(stream.subscriberCount, 0);
    // The body errors (dropping what it held), so the client reconnects and resumes.
    const reader = readStream(response.body!);
    assert.equal(await reader.finished, 'error');
  });

  it('keeps a slow but steady reader, delivering every event in order', async () => {
    const stream = createEventStream({ heartbeatMs: 0, maxQueueBytes: 4 * 1024 * 1024 });
    const response = await stream.response(request());
    for (let i = 0; i < 200; i++) await stream.publish({ id: `n${i}`, data: 'v'.repeat(1024) });
    const reader = readStream(response.body!);
    await reader.waitFor((r) => r.events.length === 200);
    assert.deepEqual(
      reader.events.map((e) => e.lastEventId),
      Array.from({ length: 200 }, (_, i) => `n${i}`),
    );
    assert.equal(stream.subscriberCount, 1);
    stream.close();
  });

  it('answers 204 after the end to a client that has everything, and 503 once closed', async () => {
    const stream = createEventStream({ heartbeatMs: 0 });
    await stream.end({ event: 'complete', data: 'bye' });
    const reader = readStream((await stream.response(request())).body!);
    assert.equal(await reader.finished, 'end');
    const terminal = reader.events[0]!;
    assert.equal(terminal.type, 'complete');
    const done = await stream.response(request({ 'last-event-id': terminal.lastEventId }));
    assert.equal(done.status, 204);
    assert.equal(done.body, null);
    stream.close();
    const closed = await stream.response(request());
    assert.equal(closed.status, 503);
    assert.equal(closed.headers.get('retry-after'), '1');
    await until(() => stream.subscriberCount === 0);
  });

  it('answers 503 with Retry-After and tells onError when the replay store fails (no rejection)', async () => {
    const errors: unknown[] = [];
    const stream = createEventStream({
      heartbeatMs: 0,
      replay: { append: (_key, event) => ({ id: '1', data: event.data }), since: () => Promise.reject(new Error('store down')) },
      onError: (error, info) => errors.push([(error as Error).message, info.key]),
    });
    const response = await stream.response(request());
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '1');
    assert.deepEqual(errors, [['store down', 'default']]);
    assert.equal(stream.subscriberCount, 0);
  });
});
