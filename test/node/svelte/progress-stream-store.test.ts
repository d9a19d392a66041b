// @progress-stream/core/svelte's store against a real SSE server on 127.0.0.1: the first subscriber
// opens the connection, values arrive through the plain store contract, the last unsubscriber
// closes it (the server sees the socket close), and a new subscriber resumes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { progressStream, type PresetName, type ProgressStreamStore } from '../../../src/svelte/index.js';
import type { ProgressStreamSnapshot } from '../../../src/session/view-options.js';
import { startAdapterServer, stepEvent, until, type AdapterTestServer } from './stream-server.js';

let server: AdapterTestServer;
const stops: Array<() => void> = [];
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Subscribes and records every value the store hands over. */
function watchStore(store: ProgressStreamStore): {
  values: ProgressStreamSnapshot[];
  latest: () => ProgressStreamSnapshot;
  stop: () => void;
} {
  const values: ProgressStreamSnapshot[] = [];
  const stop = store.subscribe((value) => values.push(value));
  stops.push(stop);
  return { values, latest: () => values[values.length - 1]!, stop };
}

describe('@progress-stream/core/svelte: progressStream()', () => {
  before(async () => {
    server = await startAdapterServer();
  });
  after(async () => {
    for (const stop of stops) stop();
    await server.close();
  });

  it('connects on the first subscriber only, and hands over the values as they change', async () => {
    const completed: number[] = [];
    const store = progressStream({ url: `${server.origin}/first`, onComplete: (state) => completed.push(state.percent ?? -1) });
    assert.equal(store.getSnapshot().status, 'idle');
    await sleep(50);
    assert.deepEqual(server.lastEventIds('/first'), [], 'no connection without a subscriber');

    const { values, latest } = watchStore(store);
    assert.equal(values.length, 1, 'the current value at once');
    assert.equal(values[0]!.state.percent, null);
    await server.waitFor('/first', 1, 1);
    await until(() => latest().status === 'open', 5000, 'the open status');

    server.send('/first', stepEvent('a-1', 'scanning', 20) + stepEvent('a-2', 'analyzing', 60));
    await until(() => latest().state.percent === 60, 5000, '60 %');
    assert.equal(latest().state.steps.find((step) => step.id === 'scanning')?.status, 'complete');
    assert.equal(latest(), store.getSnapshot());

    server.send('/first', stepEvent('a-3', 'complete', 100));
    await until(() => latest().status === 'closed', 5000, 'closed by the terminal event');
    assert.equal(latest().state.status, 'complete');
    assert.deepEqual(completed, [100], 'onComplete once');
  });

  it('closes the connection when the last subscriber leaves, and resumes for the next one', async () => {
    const store = progressStream({ url: `${server.origin}/shared`, retryDelayMs: 10 });
    const one = watchStore(store);
    const two = watchStore(store);
    await server.waitFor('/shared', 1, 1);
    server.send('/shared', stepEvent('s-4', 'indexing', 40));
    await until(() => two.latest().state.percent === 40 && one.latest().state.percent === 40, 5000, 'both subscribers at 40 %');

    one.stop();
    await sleep(50);
    assert.equal(server.open('/shared'), 1, 'still open for the other subscriber');
    two.stop();
    await server.waitFor('/shared', 1, 0);
    assert.equal(store.getSnapshot().status, 'idle');

    const again = watchStore(store);
    assert.equal(again.values[0]!.state.percent, 40, 'the state stayed');
    await server.waitFor('/shared', 2, 1);
    assert.deepEqual(server.lastEventIds('/shared'), [undefined, 's-4'], 'resumes from the last event id');
    server.send('/shared', stepEvent('s-5', 'analyzing', 70));
    await until(() => again.latest().state.percent === 70, 5000, '70 % after resubscribing');
  });

  it('opens nothing for a subscription that ends at once (server rendering, get(store))', async () => {
    const store = progressStream({ url: `${server.origin}/at-once` });
    let seen: ProgressStreamSnapshot | undefined;
    store.subscribe((value) => (seen = value))();
    assert.equal(seen?.status, 'idle');
    await sleep(100);
    assert.deepEqual(server.lastEventIds('/at-once'), []);
  });

  it('update() with a new url starts a fresh state on the new stream and closes the old one', async () => {
    const store = progressStream({ url: `${server.origin}/old`, retryDelayMs: 10 });
    const { latest } = watchStore(store);
    await server.waitFor('/old', 1, 1);
    server.send('/old', stepEvent('o-1', 'scanning', 30));
    await until(() => latest().state.percent === 30, 5000, '30 % on the old stream');

    store.update({ url: `${server.origin}/new`, retryDelayMs: 10 });
    await server.waitFor('/new', 1, 1);
    await server.waitFor('/old', 1, 0);
    await until(() => latest().state.percent === null, 5000, 'a fresh state');
    assert.deepEqual(server.lastEventIds('/new'), [undefined], 'a new job resumes nothing');
    server.send('/new', stepEvent('n-1', 'indexing', 50));
    await until(() => latest().state.percent === 50, 5000, '50 % on the new stream');
  });

  it('disconnect() closes the stream keeping the state; connect() resumes; reset() forgets the state', async () => {
    const store = progressStream({ url: `${server.origin}/toggle`, retryDelayMs: 10 });
    const { latest } = watchStore(store);
    await server.waitFor('/toggle', 1, 1);
    server.send('/toggle', stepEvent('t-2', 'scanning', 25));
    await until(() => latest().state.percent === 25, 5000, '25 %');
    store.disconnect();
    await server.waitFor('/toggle', 1, 0);
    assert.equal(latest().state.percent, 25);
    store.connect();
    await server.waitFor('/toggle', 2, 1);
    assert.deepEqual(server.lastEventIds('/toggle'), [undefined, 't-2']);
    store.reset();
    await until(() => latest().state.percent === null, 5000, 'the state forgotten');
    assert.equal(server.open('/toggle'), 1, 'the connection stays');
  });

  it('reports a mapping that cannot be built to onError once subscribed, as offline', async () => {
    const errors: string[] = [];
    const store = progressStream({
      url: `${server.origin}/invalid`,
      mapping: 'no-such-preset' as PresetName,
      onError: (detail) => errors.push(detail.kind),
    });
    assert.deepEqual(errors, [], 'nobody listens yet');
    const { latest } = watchStore(store);
    await until(() => errors.length > 0, 5000, 'the mapping error');
    assert.deepEqual(errors, ['mapping']);
    assert.equal(latest().status, 'offline');
    await sleep(50);
    assert.deepEqual(server.lastEventIds('/invalid'), [], 'no connection with an invalid mapping');
  });
  it('exposes job control and the typical duration: cancel(), control, typical, clearHistory()', async () => {
    const cancelled: string[] = [];
    const runs = JSON.stringify({ v: 1, runs: [{ totalMs: 90_000, steps: {}, endedAt: 1 }] });
    const items = new Map([['progress-stream:history:nightly', runs]]);
    const historyStorage = {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
      removeItem: (key: string) => void items.delete(key),
    };
    const store = progressStream({
      url: `${server.origin}/control`,
      historyKey: 'nightly',
      historyStorage,
      actions: { cancel: (state) => void cancelled.push(state.status) },
    });
    const { latest } = watchStore(store);
    await until(() => latest().typical?.medianMs === 90_000, 5000, 'typical read (its code loads with the first historyKey)');
    assert.equal(latest().control.available.cancel, false, 'nothing runs yet');
    await server.waitFor('/control', 1, 1);
    server.send('/control', stepEvent('c-1', 'scanning', 20));
    await until(() => latest().control.available.cancel, 5000, 'cancel available while running');
    assert.equal(await store.cancel(), true);
    assert.deepEqual(cancelled, ['running']);
    await until(() => latest().control.pending === 'cancel', 5000, 'pending in the value');
    store.clearHistory();
    await until(() => latest().typical === null, 5000, 'history cleared');
    assert.equal(items.size, 0);
  });
});
