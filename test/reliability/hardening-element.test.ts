import { expect, fixture, html } from '@open-wc/testing';
import '../../src/element/progress-stream.js';
import type { ProgressStream } from '../../src/element/progress-stream.js';
import { appliedNumbers } from '../../src/element/internal/numeric-attributes.js';

/** The longest wait a timer holds (2^31 − 1 ms). */
const MAX_TIMER_MS = 2_147_483_647;
/** The documented defaults, written out: a wrong default in the code must fail here. */
const DEFAULTS = {
  heartbeatTimeoutMs: 45_000,
  maxRetries: 10,
  retryDelayMs: 1_000,
  maxRetryDelayMs: 30_000,
  pollIntervalMs: 5_000,
  feedLimit: 50,
};
import type { MappingFunction } from '../../src/mapping/index.js';
import { createInitialState, type JobState, type ProgressState } from '../../src/mapping/state.js';
import { scenario } from '../support/sse-server.js';
import { part, parts, settled, shadow, text, until } from '../support/element-helpers.js';

// Issue 14, the element's part: garbage numbers, unbounded server text, discovered steps,
// multi-job summaries, iframes, and the first request of a page that sets `headers` in a script.

/** A function mapping that ignores the message and shows `state`. */
const showing =
  (state: ProgressState): MappingFunction =>
  () =>
    state;

const job = (key: string, patch: Partial<JobState>): JobState => ({ ...createInitialState(), key, status: 'running', ...patch });

async function elementShowing(state: ProgressState): Promise<ProgressStream> {
  const el = await fixture<ProgressStream>(html`<progress-stream .mapping=${showing(state)}></progress-stream>`);
  el.push({ event: 'message', data: '{}' });
  await settled(el);
  return el;
}

describe('numeric attributes are normalised once and shown as applied (issue 14 #12)', function () {
  this.timeout(30_000);
  const garbage: Array<[string, number | undefined]> = [
    ['NaN', Number.NaN],
    ['-1', -1],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['absent', undefined],
  ];

  it('every numeric attribute falls back to the client default for each garbage value', () => {
    for (const [name, value] of garbage) {
      const applied = appliedNumbers({
        heartbeatTimeout: value,
        maxRetries: value,
        retryDelay: value,
        maxRetryDelay: value,
        pollInterval: value,
        feedLimit: value,
      });
      expect(applied, name).to.deep.equal(DEFAULTS);
    }
  });

  it('counts are rounded down and durations stop at the largest timer delay', () => {
    const applied = appliedNumbers({
      heartbeatTimeout: 1e12,
      maxRetries: 2.5,
      retryDelay: 2.5,
      maxRetryDelay: 1e12,
      pollInterval: 1e12,
      feedLimit: 3.9,
    });
    expect(applied).to.deep.equal({
      heartbeatTimeoutMs: MAX_TIMER_MS,
      maxRetries: 2,
      retryDelayMs: 3, // whole milliseconds, as the client's timers take them
      maxRetryDelayMs: MAX_TIMER_MS,
      pollIntervalMs: MAX_TIMER_MS,
      feedLimit: 3,
    });
  });

  it('an empty or non-numeric attribute means the default, not 0', async () => {
    const el = await fixture<ProgressStream>(
      html`<progress-stream
        manual
        heartbeat-timeout=""
        max-retries=" "
        retry-delay="abc"
        max-retry-delay=""
        poll-interval="x"
        feed-limit=""
      ></progress-stream>`,
    );
    expect(appliedNumbers(el)).to.deep.equal(DEFAULTS);
  });

  const shown: Array<[string, number]> = [
    ['NaN', 10],
    ['-1', 10],
    ['2.5', 2],
    ['abc', 10],
    ['', 10],
    ['Infinity', 10],
    ['1e400', 10],
  ];
  for (const [attribute, max] of shown) {
    it(`max-retries="${attribute}" reads "Reconnecting 1/${max}"`, async () => {
      const s = await scenario({ responses: [{ status: 503 }] });
      const el = await fixture<ProgressStream>(
        html`<progress-stream src=${s.url} max-retries=${attribute} retry-delay="60000"></progress-stream>`,
      );
      try {
        await until(() => el.client?.status === 'reconnecting', 'the first reconnect wait');
        await settled(el);
        expect(text(part(el, 'connection-text'))).to.match(new RegExp(`^Reconnecting 1/${max}(?![\\d.])`));
      } finally {
        el.remove();
        await s.dispose();
      }
    });
  }

  it('max-retries="2.5" makes 2 retries (3 requests) before "Live updates unavailable"', async () => {
    const s = await scenario({ responses: [{ status: 503 }] });
    const el = await fixture<ProgressStream>(
      html`<progress-stream src=${s.url} max-retries="2.5" retry-delay="1" max-retry-delay="1"></progress-stream>`,
    );
    try {
      await until(() => el.client?.status === 'offline', 'offline', 15_000);
      expect(await s.requests()).to.have.length(3);
    } finally {
      el.remove();
      await s.dispose();
    }
  });
});

describe('server text is bounded when rendered (issue 14 #9)', function () {
  this.timeout(30_000);
  it('a 1,000,000-character job key is rendered once, cut, and never copied into an attribute', async () => {
    const key = `PO-${'9'.repeat(1_000_000)}`;
    const long = 'x'.repeat(50_000);
    const el = await elementShowing({
      ...createInitialState(),
      status: 'running',
      operation: long,
      message: `${long}y`,
      steps: [{ id: long, label: long, status: 'active', message: long }],
      stepIndex: 0,
      stepCount: 1,
      metrics: { [long]: 1 },
      activity: [{ seq: 1, at: Date.now(), level: 'info', message: long, job: key }],
      jobs: [job(key, { percent: 10, operation: long })],
    });
    const root = shadow(el);
    for (const node of root.querySelectorAll('*')) {
      for (const attribute of node.attributes) expect(attribute.value.length, `${node.localName}[${attribute.name}]`).to.be.below(300);
    }
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) expect(node.textContent?.length ?? 0).to.be.at.most(1000);
    const keyText = text(part(el, 'job-key'));
    expect(keyText.length).to.be.at.most(200);
    expect(keyText.startsWith('PO-999')).to.equal(true);
    expect(keyText.endsWith('…')).to.equal(true);
    // The row's bar is still named by the key, through the rendered text.
    const bar = part(el, 'job-bar');
    expect(root.getElementById(bar?.getAttribute('aria-labelledby') ?? '')).to.equal(part(el, 'job-key'));
  });
});

describe('discovered steps (issue 14 #20)', function () {
  this.timeout(30_000);
  it('reads "Step 2" without a total, in the summary, the bar and the job rows', async () => {
    const el = await elementShowing({
      ...createInitialState(),
      status: 'running',
      percent: 40,
      stepIndex: 1,
      stepCount: null,
      jobs: [job('PO-1', { percent: 40, stepIndex: 1, stepCount: null, operation: 'Saving' })],
    });
    expect(text(part(el, 'step-count'))).to.equal('Step 2');
    expect(part(el, 'bar')?.getAttribute('aria-valuetext')).to.equal('40%, Step 2');
    expect(text(part(el, 'job-detail'))).to.equal('Step 2 · Saving');
  });

  it('the no-total text is a localisable string', async () => {
    const el = await elementShowing({ ...createInitialState(), status: 'running', stepIndex: 2, stepCount: null });
    el.strings = { stepN: 'Schritt {n}' };
    await settled(el);
    expect(text(part(el, 'step-count'))).to.equal('Schritt 3');
  });
});

describe('multi-job readability (issue 14 #19)', function () {
  this.timeout(30_000);
  const at = Date.now();
  const channel: ProgressState = {
    ...createInitialState(),
    status: 'failed',
    percent: 80,
    error: 'PO-1002: Shopify rejected the order',
    activity: [
      { seq: 1, at, level: 'success', message: 'Synced to Shopify', job: 'PO-1001' },
      { seq: 2, at, level: 'error', message: 'Shopify rejected the order', job: 'PO-1002' },
      { seq: 3, at, level: 'success', message: 'Synced to Shopify', job: 'PO-1003' },
    ],
    jobs: [
      job('PO-1001', { status: 'complete', percent: 100 }),
      job('PO-1002', { status: 'failed', percent: 40, error: 'Shopify rejected the order' }),
      job('PO-1003', { status: 'complete', percent: 100 }),
    ],
  };

  it('feed lines name their job', async () => {
    const el = await elementShowing(channel);
    const lines = parts(el, 'feed-entry').map((entry) => text(entry.querySelector('[part~="feed-message"]')));
    expect(lines).to.deep.equal(['PO-1003 Synced to Shopify', 'PO-1002 Shopify rejected the order', 'PO-1001 Synced to Shopify']);
    expect(parts(el, 'feed-job').map((node) => text(node))).to.deep.equal(['PO-1003', 'PO-1002', 'PO-1001']);
  });

  it('2 of 3 orders done reads "1 of 3 failed", the bar is not all red, the failed row says why', async () => {
    const el = await elementShowing(channel);
    expect(text(part(el, 'connection-text'))).to.equal('1 of 3 failed');
    expect(parts(el, 'error').map((node) => text(node))).to.deep.equal([]);
    const bar = part(el, 'bar');
    expect(bar?.classList.contains('bar-failed')).to.equal(false);
    expect(bar?.classList.contains('bar-partial')).to.equal(true);
    const fill = part(el, 'bar-fill');
    expect(fill ? getComputedStyle(fill).backgroundImage : '').to.include('linear-gradient');
    const failedRow = parts(el, 'job').find((row) => row.getAttribute('part')?.includes('job-failed'));
    expect(text(failedRow?.querySelector('[part~="job-detail"]'))).to.equal('Failed: Shopify rejected the order');
  });

  it('"{failed} of {total} failed" is a localisable string', async () => {
    const el = await elementShowing(channel);
    el.strings = { jobsFailed: '{failed} von {total} fehlgeschlagen' };
    await settled(el);
    expect(text(part(el, 'connection-text'))).to.equal('1 von 3 fehlgeschlagen');
  });
});

/** A same-origin iframe whose document has its own base URL. */
async function iframeWithBase(base: string): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.srcdoc = `<!doctype html><html><head><base href="${base}"></head><body></body></html>`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  return frame;
}

describe('an element adopted into an iframe (issue 14 #15)', function () {
  this.timeout(30_000);
  for (const rendered of [false, true]) {
    it(`resolves a relative src and status-url against its own document (${rendered ? 'after rendering in the main page' : 'before its first connection'}), styled`, async () => {
      const stream = await scenario({ responses: [{ status: 503 }] });
      const status = await scenario({
        responses: [{ status: 200, headers: { 'content-type': 'application/json' }, steps: [{ write: '{}' }] }],
      });
      const frame = await iframeWithBase(new URL(`${stream.url}/`).href);
      const el = document.createElement('progress-stream');
      try {
        if (rendered) {
          document.body.append(el);
          await el.updateComplete;
        }
        const doc = frame.contentDocument;
        if (!doc) throw new Error('no iframe document');
        doc.body.append(doc.adoptNode(el));
        el.setAttribute('status-url', `../${status.id}/status`);
        el.setAttribute('poll-interval', '60000');
        el.setAttribute('retry-delay', '60000');
        el.setAttribute('src', 'events');
        const [request] = await stream.waitFor({ requests: 1 });
        expect(new URL(request?.url ?? '', location.href).pathname).to.equal(`/__sse/stream/${stream.id}/events`);
        const [poll] = await status.waitFor({ requests: 1 });
        expect(new URL(poll?.url ?? '', location.href).pathname).to.equal(`/__sse/stream/${status.id}/status`);
        await settled(el);
        const base = part(el, 'base');
        expect(base && frame.contentWindow?.getComputedStyle(base).display).to.equal('grid');
      } finally {
        el.remove();
        frame.remove();
        await stream.dispose();
        await status.dispose();
      }
    });
  }
});

// --- the README's two-line auth usage, in real page loads ----------------------------------------

interface AuthStream {
  url: string;
  requests(): Promise<Array<{ authorization: string | null }>>;
  dispose(): Promise<void>;
}

async function authStream(missing: 401 | 403): Promise<AuthStream> {
  const created = (await (await fetch('/__sse/auth', { method: 'POST', body: JSON.stringify({ missing }) })).json()) as {
    id: string;
    url: string;
  };
  const base = `/__sse/auth/${created.id}`;
  return {
    url: new URL(created.url, location.href).href,
    requests: async () => (await (await fetch(`${base}/requests`)).json()) as Array<{ authorization: string | null }>,
    dispose: async () => {
      await fetch(base, { method: 'DELETE' });
    },
  };
}

const SET_HEADERS = `document.getElementById('job').headers = { Authorization: 'Bearer t0ken' };`;
const SET_HEADERS_FUNCTION = `document.getElementById('job').headers = async () => ({ Authorization: 'Bearer t0ken' });`;

/** Loads a page that defines the element with a classic script, as the IIFE is used. */
async function loadPage(body: string): Promise<{ frame: HTMLIFrameElement; el: () => ProgressStream | null }> {
  const frame = document.createElement('iframe');
  frame.srcdoc = `<!doctype html><html><head><script src="/__sse/element/progress-stream.iife.js"></script></head><body>${body}</body></html>`;
  document.body.append(frame);
  return { frame, el: () => (frame.contentDocument?.getElementById('job') as ProgressStream | null) ?? null };
}

const pages: Array<{ name: string; script: (stream: string) => string }> = [
  { name: 'a classic inline script after the element', script: () => `<script>${SET_HEADERS}</script>` },
  { name: 'an inline module script', script: () => `<script type="module">${SET_HEADERS}</script>` },
  { name: 'a classic inline script with an async headers function', script: () => `<script>${SET_HEADERS_FUNCTION}</script>` },
  {
    name: 'a deferred external script',
    script: () => `<script defer src="${URL.createObjectURL(new Blob([SET_HEADERS], { type: 'text/javascript' }))}"></script>`,
  },
];

describe('the first request carries the headers a later script sets (issue 14 #16)', function () {
  this.timeout(30_000);
  for (const missing of [401, 403] as const) {
    for (const page of pages) {
      it(`${page.name}, against a backend that answers ${missing} without a token`, async () => {
        const stream = await authStream(missing);
        const { frame, el } = await loadPage(`<progress-stream id="job" src="${stream.url}"></progress-stream>${page.script(stream.url)}`);
        try {
          await until(() => el()?.state.percent === 42, 'the authorised event', 8000);
          const requests = await stream.requests();
          expect(requests[0]?.authorization).to.equal('Bearer t0ken');
          expect(requests.every((request) => request.authorization !== null)).to.equal(true);
          expect(el()?.client?.status).to.equal('open');
        } finally {
          frame.remove();
          await stream.dispose();
        }
      });
    }
  }

  for (const missing of [401, 403] as const) {
    it(`headers set well after load: a ${missing} before them waits, then the element connects by itself`, async () => {
      const stream = await authStream(missing);
      const { frame, el } = await loadPage(`<progress-stream id="job" src="${stream.url}"></progress-stream>`);
      try {
        await until(() => el() !== null, 'the element', 8000);
        const page = el();
        if (!page) throw new Error('no element');
        await until(() => text(page.shadowRoot?.querySelector('[part~="connection-text"]')) === 'Waiting for credentials…', 'waiting');
        const errors: Array<{ fatal: boolean }> = [];
        page.headers = { Authorization: 'Bearer t0ken' };
        page.addEventListener('stream-error', (event) => errors.push((event as CustomEvent<{ fatal: boolean }>).detail));
        await until(() => page.state.percent === 42, 'the authorised event', 8000);
        expect(page.client?.status).to.equal('open');
        expect((await stream.requests()).map((request) => request.authorization)).to.deep.equal([null, 'Bearer t0ken']);
        expect(errors).to.deep.equal([]);
      } finally {
        frame.remove();
        await stream.dispose();
      }
    });
  }

  it('credentials that were sent and refused stay fatal', async () => {
    const s = await scenario({ responses: [{ status: 403 }] });
    const el = await fixture<ProgressStream>(
      html`<progress-stream .headers=${{ Authorization: 'Bearer wrong' }} src=${s.url}></progress-stream>`,
    );
    try {
      await until(() => el.client?.status === 'offline', 'offline');
      await settled(el);
      expect(text(part(el, 'connection-text'))).to.equal('Live updates unavailable');
      expect(await s.requests()).to.have.length(1);
    } finally {
      el.remove();
      await s.dispose();
    }
  });
});
