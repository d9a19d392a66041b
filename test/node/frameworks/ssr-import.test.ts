// Server rendering (Next.js, Nuxt, SvelteKit): every entry imports in Node without a DOM, and
// the React wrapper, the useProgressStream hooks of React and Vue and the Svelte store render
// to HTML without opening a connection. Runs against dist/ through the package's own exports
// (npm test builds it first).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type * as ReactComponentEntry from '../../../src/react/component.js';
import type * as ReactEntry from '../../../src/react/index.js';
import type * as SvelteEntry from '../../../src/svelte/index.js';
import type * as VueEntry from '../../../src/vue/index.js';

// Resolved at run time through package.json "exports" (dist/), like an app would.
const entry = (name: string): string => (name === '.' ? '@progress-stream/core' : `@progress-stream/core/${name}`);

describe('SSR: importing progress-stream in Node', () => {
  let fetches: string[] = [];
  const realFetch = globalThis.fetch;

  beforeEach(() => {
    fetches = [];
    globalThis.fetch = ((input: RequestInfo | URL) => {
      fetches.push(String(input instanceof Request ? input.url : input));
      return Promise.reject(new Error('no request may be made during server rendering'));
    }) as typeof fetch;
  });

  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('imports every code entry without a DOM', async () => {
    for (const name of ['.', 'client', 'mapping', 'server', 'react', 'react/component', 'vue', 'svelte']) {
      const loaded = (await import(entry(name))) as Record<string, unknown>;
      assert.ok(Object.keys(loaded).length > 0, `${entry(name)} exports something`);
    }
    assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
    assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
  });

  it('renders the React wrapper to a <progress-stream> tag and connects nothing', async () => {
    const { ProgressStream } = (await import(entry('react/component'))) as typeof ReactComponentEntry;
    const { createElement } = await import('react');
    const { renderToString } = await import('react-dom/server');
    const html = renderToString(
      createElement(
        'section',
        null,
        createElement(ProgressStream, {
          src: 'http://127.0.0.1:9/jobs/42/events',
          preset: 'batch-enrichment',
          headers: { Authorization: 'Bearer secret-token' },
          onProgressComplete: () => undefined,
          className: 'job',
        }),
      ),
    );
    assert.match(html, /^<section><progress-stream\b[^>]*><\/progress-stream><\/section>$/);
    assert.match(html, /class="job"/);
    assert.ok(!html.includes('secret-token'), 'headers are never rendered');
    await new Promise((done) => setTimeout(done, 50));
    assert.deepEqual(fetches, []);
  });

  it('renders a component using useProgressStream with the initial state and connects nothing', async () => {
    const { useProgressStream } = (await import(entry('react'))) as typeof ReactEntry;
    const { createElement } = await import('react');
    const { renderToString } = await import('react-dom/server');
    function Job() {
      const { state, status } = useProgressStream({
        url: 'http://127.0.0.1:9/jobs/42/events',
        mapping: 'step-percent',
        headers: { Authorization: 'Bearer secret-token' },
      });
      return createElement('p', null, `${status}:${state.status}:${state.percent ?? 'none'}:${state.steps.length}`);
    }
    assert.equal(renderToString(createElement(Job)), '<p>idle:idle:none:6</p>');
    await new Promise((done) => setTimeout(done, 50));
    assert.deepEqual(fetches, []);
  });

  it('renders a Vue component using useProgressStream with the initial state and connects nothing', async () => {
    const { useProgressStream } = (await import(entry('vue'))) as typeof VueEntry;
    const { createSSRApp, defineComponent, h } = await import('vue');
    const { renderToString } = await import('vue/server-renderer');
    const Job = defineComponent({
      setup() {
        const { state, status } = useProgressStream({
          url: 'http://127.0.0.1:9/jobs/42/events',
          mapping: 'step-percent',
          headers: { Authorization: 'Bearer secret-token' },
        });
        return () => h('p', `${status.value}:${state.value.status}:${state.value.percent ?? 'none'}:${state.value.steps.length}`);
      },
    });
    assert.equal(await renderToString(createSSRApp(Job)), '<p>idle:idle:none:6</p>');
    await new Promise((done) => setTimeout(done, 50));
    assert.deepEqual(fetches, []);
  });

  it('gives the initial value of the Svelte store to a subscription that ends during rendering, and connects nothing', async () => {
    const { progressStream } = (await import(entry('svelte'))) as typeof SvelteEntry;
    const job = progressStream({ url: 'http://127.0.0.1:9/jobs/42/events', headers: { Authorization: 'Bearer secret-token' } });
    // What Svelte's server rendering does with `$job`: subscribe, read, unsubscribe, all at once.
    let html = '';
    job.subscribe(({ state, status }) => (html = `<p>${status}:${state.status}:${state.percent ?? 'none'}</p>`))();
    assert.equal(html, '<p>idle:idle:none</p>');
    await new Promise((done) => setTimeout(done, 50));
    assert.deepEqual(fetches, []);
  });
});
