// @progress-stream/core/vue's useProgressStream in Node (no DOM), inside an effectScope, against a
// real SSE server on 127.0.0.1: the refs reach a completed job, a changed option (a ref, a
// getter, a reactive object) restarts the stream from a fresh state, and disposing the scope
// closes the connection (the server sees the socket close).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { effectScope, nextTick, reactive, ref, type EffectScope } from 'vue';
import { useProgressStream, type UseProgressStreamOptions, type UseProgressStreamResult } from '../../../src/vue/index.js';
import { startAdapterServer, stepEvent, until, type AdapterTestServer } from '../svelte/stream-server.js';

let server: AdapterTestServer;
const scopes: EffectScope[] = [];

/** Runs the composable in a scope of its own, as a component's setup would. */
function inScope(use: () => UseProgressStreamResult): { scope: EffectScope; result: UseProgressStreamResult } {
  const scope = effectScope();
  scopes.push(scope);
  const result = scope.run(use)!;
  return { scope, result };
}

describe('@progress-stream/core/vue: useProgressStream()', () => {
  before(async () => {
    server = await startAdapterServer();
  });
  after(async () => {
    for (const scope of scopes) scope.stop();
    await server.close();
  });

  it('follows a stream to completion in refs and calls onComplete once', async () => {
    const completed: string[] = [];
    const statuses: string[] = [];
    const { result } = inScope(() =>
      useProgressStream({
        url: `${server.origin}/done`,
        mapping: 'step-percent',
        onComplete: (state) => completed.push(state.message ?? ''),
        onStatus: (detail) => statuses.push(detail.status),
      }),
    );
    const { state, status, connection, client } = result;
    assert.equal(state.value.percent, null);
    await server.waitFor('/done', 1, 1);
    await until(() => status.value === 'open', 5000, 'the open status');
    assert.ok(client.value !== null, 'the client of the connection');
    assert.equal(connection.value?.status, 'open');

    server.send('/done', stepEvent('d-1', 'scanning', 20) + stepEvent('d-2', 'analyzing', 60));
    await until(() => state.value.percent === 60, 5000, '60 %');
    server.send('/done', stepEvent('d-3', 'complete', 100));
    await until(() => status.value === 'closed', 5000, 'closed by the terminal event');
    assert.equal(state.value.status, 'complete');
    assert.deepEqual(completed, ['complete 100']);
    assert.deepEqual(statuses.slice(0, 2), ['connecting', 'open']);
    assert.equal(statuses.at(-1), 'closed');
  });

  it('a new url in a getter restarts with a fresh state, resuming nothing', async () => {
    const job = ref('one');
    const { result } = inScope(() => useProgressStream(() => ({ url: `${server.origin}/job-${job.value}`, retryDelayMs: 10 })));
    await server.waitFor('/job-one', 1, 1);
    server.send('/job-one', stepEvent('j-1', 'indexing', 40));
    await until(() => result.state.value.percent === 40, 5000, '40 % on the first job');

    job.value = 'two';
    await nextTick();
    await server.waitFor('/job-two', 1, 1);
    await server.waitFor('/job-one', 1, 0);
    await until(() => result.state.value.percent === null, 5000, 'a fresh state');
    assert.deepEqual(server.lastEventIds('/job-two'), [undefined]);
    server.send('/job-two', stepEvent('k-1', 'scanning', 10));
    await until(() => result.state.value.percent === 10, 5000, '10 % on the second job');
  });

  it('watches a ref of options deeply, and a reactive object', async () => {
    const options = ref<UseProgressStreamOptions>({ url: `${server.origin}/ref-a`, retryDelayMs: 10 });
    inScope(() => useProgressStream(options));
    await server.waitFor('/ref-a', 1, 1);
    options.value.url = `${server.origin}/ref-b`; // a nested change, no new object
    await server.waitFor('/ref-b', 1, 1);
    await server.waitFor('/ref-a', 1, 0);

    const settings = reactive<UseProgressStreamOptions>({ url: `${server.origin}/reactive-a`, retryDelayMs: 10, enabled: true });
    const second = inScope(() => useProgressStream(settings));
    await server.waitFor('/reactive-a', 1, 1);
    settings.enabled = false;
    await server.waitFor('/reactive-a', 1, 0);
    await until(() => second.result.status.value === 'idle', 5000, 'idle once disabled');
    settings.enabled = true;
    await server.waitFor('/reactive-a', 2, 1);
  });

  it('disposing the scope closes the connection; disconnect(), connect() and retry() act on it', async () => {
    const { scope, result } = inScope(() => useProgressStream({ url: `${server.origin}/dispose`, retryDelayMs: 10 }));
    await server.waitFor('/dispose', 1, 1);
    server.send('/dispose', stepEvent('x-7', 'scanning', 35));
    await until(() => result.state.value.percent === 35, 5000, '35 %');

    result.disconnect();
    await server.waitFor('/dispose', 1, 0);
    assert.equal(result.state.value.percent, 35, 'the state stays');
    result.connect();
    await server.waitFor('/dispose', 2, 1);
    assert.deepEqual(server.lastEventIds('/dispose'), [undefined, 'x-7'], 'connect() resumes');
    result.reset();
    await until(() => result.state.value.percent === null, 5000, 'reset() forgets the state');

    scope.stop();
    await server.waitFor('/dispose', 2, 0);
    result.retry(); // after disposal nothing opens again
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(server.open('/dispose'), 0);
    assert.equal(server.lastEventIds('/dispose').length, 2);
  });
  it('exposes job control and the typical duration as refs: cancel(), control, typical, clearHistory()', async () => {
    const cancelled: string[] = [];
    const items = new Map([
      ['progress-stream:history:vue-nightly', JSON.stringify({ v: 1, runs: [{ totalMs: 90_000, steps: {}, endedAt: 1 }] })],
    ]);
    const historyStorage = {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
      removeItem: (key: string) => void items.delete(key),
    };
    const { result } = inScope(() =>
      useProgressStream({
        url: `${server.origin}/vue-control`,
        historyKey: 'vue-nightly',
        historyStorage,
        actions: { cancel: (state) => void cancelled.push(state.status) },
      }),
    );
    await until(() => result.typical.value?.medianMs === 90_000, 5000, 'typical read');
    assert.equal(result.control.value.available.cancel, false, 'nothing runs yet');
    await server.waitFor('/vue-control', 1, 1);
    server.send('/vue-control', stepEvent('v-1', 'scanning', 20));
    await until(() => result.control.value.available.cancel, 5000, 'cancel available while running');
    assert.equal(await result.cancel(), true);
    assert.deepEqual(cancelled, ['running']);
    await until(() => result.control.value.pending === 'cancel', 5000, 'pending in the ref');
    result.clearHistory();
    await until(() => result.typical.value === null, 5000, 'history cleared');
    assert.equal(items.size, 0);
  });
});
