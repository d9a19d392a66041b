import { expect, fixture, html } from '@open-wc/testing';
import '../../src/element/progress-stream.js';
import type { ProgressStream } from '../../src/element/progress-stream.js';
import type { StatusDetail, StreamErrorDetail } from '../../src/client/types.js';
import type { ProgressState } from '../../src/mapping/state.js';
import { scenario, sse } from '../support/sse-server.js';
import { part, parts, settled, shadow, text, until } from '../support/element-helpers.js';

// <progress-stream> in Chromium, fed by push() and by the real SSE test server.

const step = (stepName: string, progress: number, message = '') => ({
  event: 'message',
  data: JSON.stringify({ step: stepName, progress, message }),
});

describe('<progress-stream> rendering from push()', () => {
  it('shows percent, "Step N of M", the timeline and an accessible progress bar', async () => {
    const el = await fixture<ProgressStream>(html`<progress-stream preset="step-percent" label="Schema analysis"></progress-stream>`);
    el.push(step('scanning', 10, 'Scanning tables'));
    el.push(step('indexing', 35, 'Indexing 450 columns'));
    await settled(el);
    expect(text(part(el, 'percent'))).to.equal('35%');
    expect(text(part(el, 'step-count'))).to.equal('Step 2 of 6');
    const bar = part(el, 'bar');
    expect(bar?.getAttribute('role')).to.equal('progressbar');
    expect(bar?.getAttribute('aria-label')).to.equal('Schema analysis');
    expect(bar?.getAttribute('aria-valuenow')).to.equal('35');
    const steps = parts(el, 'step');
    expect(steps).to.have.length(6);
    expect(steps[0]?.getAttribute('part')).to.include('step-complete');
    expect(steps[1]?.getAttribute('aria-current')).to.equal('step');
    expect(steps[2]?.getAttribute('part')).to.include('step-pending');
    expect(text(part(el, 'message'))).to.equal('Indexing 450 columns');
  });

  it('is indeterminate (no aria-valuenow) while the percent is unknown', async () => {
    const el = await fixture<ProgressStream>(html`<progress-stream preset="step-percent"></progress-stream>`);
    el.push({ event: 'message', data: JSON.stringify({ step: 'scanning', message: 'Starting' }) });
    await settled(el);
    const bar = part(el, 'bar');
    expect(bar?.classList.contains('indeterminate')).to.equal(true);
    expect(bar?.hasAttribute('aria-valuenow')).to.equal(false);
    expect(text(part(el, 'percent'))).to.equal('');
  });

  it('marks a failed step and shows the reason', async () => {
    const el = await fixture<ProgressStream>(html`<progress-stream preset="step-percent"></progress-stream>`);
    el.push(step('scanning', 20));
    el.push(step('analyzing', 50));
    el.push({ event: 'message', data: JSON.stringify({ step: 'error', error: 'Database timeout' }) });
    await settled(el);
    expect(el.state.status).to.equal('failed');
    expect(text(part(el, 'error'))).to.include('Database timeout');
    expect(text(part(el, 'connection'))).to.include('Failed: Database timeout');
    expect(parts(el, 'step-failed').length).to.be.greaterThan(0);
  });

  it('renders metrics with locale formatting, rate and ETA (phase-snapshot)', async () => {
    const el = await fixture<ProgressStream>(html`<progress-stream preset="phase-snapshot" lang="de-DE"></progress-stream>`);
    el.push({
      event: 'progress',
      data: JSON.stringify({
        jobId: 'j1',
        status: 'running',
        completedSteps: 1,
        totalSteps: 5,
        currentOperation: 'Loading planned orders',
        message: 'Loading planned orders',
        recordsPerSecond: 150,
        estimatedTimeRemaining: 30,
        coLinesProcessed: 1234,
        mosProcessed: 10,
        mopsProcessed: 2,
        currentBatch: 2,
        totalBatches: 10,
      }),
    });
    await settled(el);
    expect(text(part(el, 'step-count'))).to.equal('Step 2 of 5');
    expect(text(part(el, 'operation'))).to.equal('Loading planned orders (batch 2 of 10)');
    expect(text(part(el, 'metrics'))).to.include('1.234');
    expect(text(part(el, 'rate'))).to.equal('~150/s');
    expect(text(part(el, 'eta'))).to.equal('ETA ~30 s');
  });

  it('renders one row per job for multi-job streams', async () => {
    const el = await fixture<ProgressStream>(html`<progress-stream preset="workflow-stages"></progress-stream>`);
    el.push({
      event: 'stage',
      data: JSON.stringify({ stage: 'ai_parsing', poId: 'PO-1', workflowId: 'w1', status: 'started', message: 'Parsing PO-1' }),
    });
    el.push({
      event: 'stage',
      data: JSON.stringify({ stage: 'ai_parsing', poId: 'PO-2', workflowId: 'w2', status: 'started', message: 'Parsing PO-2' }),
    });
    el.push({ event: 'error', data: JSON.stringify({ stage: 'ai_parsing', poId: 'PO-2', workflowId: 'w2', error: 'Unreadable PDF' }) });
    await settled(el);
    const jobs = parts(el, 'job');
    expect(jobs.map((j) => text(j.querySelector('[part~="job-key"]')))).to.deep.equal(['PO-1', 'PO-2']);
    expect(jobs[1]?.getAttribute('part')).to.include('job-failed');
    expect(text(jobs[1] ?? null)).to.include('Unreadable PDF');
  });

  it('shows the activity feed newest first with HH:MM:SS times, capped by feed-limit', async () => {
    const el = await fixture<ProgressStream>(html`<progress-stream preset="step-percent" feed-limit="3"></progress-stream>`);
    for (let i = 1; i <= 6; i++) el.push(step('scanning', i, `message ${i}`));
    await settled(el);
    const feed = part(el, 'feed');
    expect(feed?.getAttribute('role')).to.equal('log');
    expect(feed?.tabIndex, 'the scrolling feed takes keyboard focus').to.equal(0);
    const entries = parts(el, 'feed-entry');
    expect(entries).to.have.length(3);
    expect(text(entries[0]?.querySelector('[part~="feed-message"]') ?? null)).to.equal('message 6');
    expect(text(entries[0]?.querySelector('time') ?? null)).to.match(/^\d\d:\d\d:\d\d$/);
  });

  it('hide-feed, hide-steps and compact remove those parts', async () => {
    const el = await fixture<ProgressStream>(html`<progress-stream preset="step-percent" hide-feed hide-steps></progress-stream>`);
    el.push(step('scanning', 10, 'x'));
    await settled(el);
    expect(part(el, 'feed')).to.equal(null);
    expect(part(el, 'steps')).to.equal(null);
    expect(part(el, 'step-count')).to.not.equal(null);
  });

  it('renders every server-supplied text inert', async () => {
    const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    const el = await fixture<ProgressStream>(html`<progress-stream preset="phase-snapshot" debug></progress-stream>`);
    el.push({
      event: 'progress',
      data: JSON.stringify({ completedSteps: 1, totalSteps: 5, currentOperation: payload, message: payload, coLinesProcessed: 1 }),
    });
    el.push({ event: 'error', data: JSON.stringify({ message: payload, error: payload }) });
    await settled(el);
    const root = shadow(el);
    expect(root.querySelectorAll('img, script').length).to.equal(0);
    expect(root.textContent).to.include('<img src=x');
    expect((window as { __xss?: number }).__xss).to.equal(undefined);
  });

  it('renders at most once per animation frame under a burst of 10,000 events', async () => {
    const el = await fixture<ProgressStream>(html`<progress-stream preset="step-percent"></progress-stream>`);
    let renders = 0;
    let updates = 0;
    const original = (el as unknown as { render: () => unknown }).render.bind(el);
    (el as unknown as { render: () => unknown }).render = () => {
      renders++;
      return original();
    };
    el.addEventListener('progress-update', () => updates++);
    for (let i = 0; i < 10_000; i++) el.push(step('scanning', i / 100, `item ${i}`));
    await settled(el);
    expect(el.state.percent).to.equal(99.99);
    expect(renders).to.be.at.most(2);
    expect(updates).to.equal(1);
  });

  it('re-renders existing feed entries when the strings change', async () => {
    const el = await fixture<ProgressStream>(html`<progress-stream preset="step-percent"></progress-stream>`);
    el.push(step('scanning', 10, 'first'));
    await settled(el);
    expect(text(part(el, 'feed'))).to.include('Info:');
    el.strings = { levelInfo: 'Hinweis' };
    await settled(el);
    expect(text(part(el, 'feed'))).to.include('Hinweis:');
  });

  it('applies string overrides', async () => {
    const el = await fixture<ProgressStream>(html`<progress-stream preset="step-percent"></progress-stream>`);
    el.strings = { stepOf: 'Schritt {n} von {total}' };
    el.push(step('indexing', 30));
    await settled(el);
    expect(text(part(el, 'step-count'))).to.equal('Schritt 2 von 6');
  });

  it('reports an invalid mapping visibly and never connects', async () => {
    const server = await scenario({ responses: [{ steps: [{ hold: true }] }] });
    const errors: StreamErrorDetail[] = [];
    const el = document.createElement('progress-stream');
    el.addEventListener('stream-error', (e) => errors.push(e.detail));
    el.setAttribute('mapping', '{"events": 42');
    el.src = server.url;
    document.body.append(el);
    await settled(el);
    expect(text(part(el, 'error'))).to.include('The mapping is invalid');
    expect(errors[0]).to.include({ kind: 'mapping', fatal: true });
    expect(await server.requests()).to.have.length(0);
    el.remove();
  });

  it('reads a declarative mapping from a <script type="application/json"> child', async () => {
    const mapping = {
      events: {
        tick: { percent: { current: 'done', total: 'all' }, message: { template: 'Loaded {done} of {all}' } },
      },
    };
    const el = await fixture<ProgressStream>(
      html`<progress-stream
        ><script type="application/json">
          ${JSON.stringify(mapping)}
        </script></progress-stream
      >`,
    );
    el.push({ event: 'tick', data: JSON.stringify({ done: 3, all: 12 }) });
    await settled(el);
    expect(text(part(el, 'percent'))).to.equal('25%');
    expect(text(part(el, 'message'))).to.equal('Loaded 3 of 12');
  });

  it('passes an automated accessibility check', async () => {
    const el = await fixture<ProgressStream>(html`<progress-stream preset="phase-snapshot" label="Nightly snapshot"></progress-stream>`);
    el.push({
      event: 'progress',
      data: JSON.stringify({
        completedSteps: 2,
        totalSteps: 5,
        currentOperation: 'Loading manufacturing orders',
        coLinesProcessed: 10,
        recordsPerSecond: 3,
        estimatedTimeRemaining: 90,
      }),
    });
    el.showConnection({ status: 'offline', previous: 'reconnecting', attempt: 11 });
    await settled(el);
    await expect(el).to.be.accessible();
  });
});

describe('<progress-stream> against the SSE test server', () => {
  it('connects from src, goes live, completes, and fires typed events', async () => {
    const server = await scenario({
      responses: [
        {
          steps: [{ write: sse({ id: '1', data: { step: 'scanning', progress: 20, message: 'Analyzing 59 tables' } }) }, { hold: true }],
        },
      ],
    });
    const statuses: StatusDetail[] = [];
    const updates: ProgressState[] = [];
    const completes: ProgressState[] = [];
    const el = document.createElement('progress-stream');
    el.addEventListener('connection-change', (e) => statuses.push(e.detail));
    el.addEventListener('progress-update', (e) => updates.push(e.detail));
    el.addEventListener('progress-complete', (e) => completes.push(e.detail));
    el.preset = 'step-percent';
    el.src = server.url;
    document.body.append(el);
    // progress-update fires while the job runs, not only at its end.
    await until(() => updates.some((u) => u.status === 'running' && u.percent === 20), 'a running update');
    await settled(el);
    expect(text(part(el, 'connection'))).to.include('Live');
    await server.push(
      { write: sse({ id: '2', data: { step: 'analyzing', progress: 60, message: 'Analyzing' } }) },
      { write: sse({ id: '3', data: { step: 'complete', progress: 100, message: 'Done' } }) },
      { hold: true },
    );
    await until(() => completes.length === 1, 'progress-complete');
    await settled(el);
    expect(completes[0]?.percent).to.equal(100);
    expect(statuses.map((s) => s.status)).to.deep.equal(['connecting', 'open', 'closed']);
    expect(statuses[1]).to.deep.equal({ status: 'open', previous: 'connecting', attempt: 0 });
    expect(text(part(el, 'connection'))).to.include('Complete');
    // The terminal event closed the connection: the server sees it end, no reconnect follows.
    await server.waitFor({ closed: 1 });
    expect(await server.requests()).to.have.length(1);
    el.remove();
  });

  it('sends headers as headers, never as attributes or in the URL', async () => {
    const server = await scenario({
      responses: [{ steps: [{ write: sse({ data: { step: 'scanning', progress: 5 } }) }, { hold: true }] }],
    });
    const secret = 'sk-test-9f8e7d';
    const el = document.createElement('progress-stream');
    el.headers = { authorization: `Bearer ${secret}` };
    el.src = server.url;
    document.body.append(el);
    const [request] = await server.waitFor({ requests: 1 });
    expect(request?.headers['authorization']).to.equal(`Bearer ${secret}`);
    expect(request?.url).to.not.include(secret);
    expect(el.outerHTML).to.not.include(secret);
    expect(shadow(el).innerHTML).to.not.include(secret);
    el.remove();
  });

  it('closes the connection when removed and resumes with Last-Event-ID when re-added', async () => {
    const server = await scenario({
      responses: [
        { steps: [{ write: sse({ id: 'e1', data: { step: 'scanning', progress: 10 } }) }, { hold: true }] },
        { steps: [{ write: sse({ id: 'e2', data: { step: 'indexing', progress: 30 } }) }, { hold: true }] },
      ],
    });
    const el = document.createElement('progress-stream');
    el.src = server.url;
    document.body.append(el);
    await until(() => el.state.percent === 10, 'first event');
    el.remove();
    await server.waitFor({ closed: 1 });
    document.body.append(el);
    await until(() => el.state.percent === 30, 'resumed event');
    const requests = await server.requests();
    expect(requests[1]?.headers['last-event-id']).to.equal('e1');
    el.remove();
  });

  it('switches streams cleanly when src changes', async () => {
    const a = await scenario({
      responses: [{ steps: [{ write: sse({ id: 'a1', data: { step: 'analyzing', progress: 70 } }) }, { hold: true }] }],
    });
    const b = await scenario({
      responses: [{ steps: [{ write: sse({ id: 'b1', data: { step: 'scanning', progress: 5 } }) }, { hold: true }] }],
    });
    const el = document.createElement('progress-stream');
    el.src = a.url;
    document.body.append(el);
    await until(() => el.state.percent === 70, 'stream a');
    el.src = b.url;
    await a.waitFor({ closed: 1 });
    await until(() => el.state.percent === 5, 'stream b');
    const [request] = await b.requests();
    expect(request?.headers['last-event-id']).to.equal(undefined);
    el.remove();
  });

  it('shows "Reconnecting n/max" with a countdown, then offline with a keyboard-usable Retry', async () => {
    const server = await scenario({
      // Retry-After makes the wait exact (the backoff is otherwise jittered down to ~0).
      responses: [
        { status: 503, headers: { 'retry-after': '2' } },
        { status: 503 },
        { steps: [{ write: sse({ data: { step: 'scanning', progress: 15 } }) }, { hold: true }] },
      ],
    });
    const el = document.createElement('progress-stream');
    el.setAttribute('max-retries', '1');
    el.setAttribute('retry-delay', '10');
    el.src = server.url;
    document.body.append(el);
    await until(() => text(part(el, 'connection')).includes('Reconnecting 1/1, next try in 2 s'), 'countdown');
    await until(() => text(part(el, 'connection')).includes('Reconnecting 1/1, next try in 1 s'), 'countdown ticking', 2500);
    await until(() => text(part(el, 'connection')).includes('Live updates unavailable'), 'offline', 6000);
    const button = part(el, 'retry-button') as HTMLButtonElement | null;
    expect(button?.tagName).to.equal('BUTTON');
    button?.focus();
    expect(shadow(el).activeElement).to.equal(button);
    button?.click();
    await until(() => el.state.percent === 15, 'recovered');
    await settled(el);
    expect(text(part(el, 'connection'))).to.include('Live');
    el.remove();
  });

  it('dispatches stream-error with the client error detail', async () => {
    const server = await scenario({ responses: [{ status: 404 }] });
    const errors: StreamErrorDetail[] = [];
    const el = document.createElement('progress-stream');
    el.addEventListener('stream-error', (e) => errors.push(e.detail));
    el.src = server.url;
    document.body.append(el);
    await until(() => errors.length > 0, 'stream-error');
    expect(errors[0]).to.include({ kind: 'http', status: 404, fatal: true });
    await settled(el);
    expect(text(part(el, 'connection'))).to.include('Live updates unavailable');
    el.remove();
  });

  it('refuses javascript: and data: URLs without making a request', async () => {
    for (const src of ['javascript:alert(1)', 'data:text/event-stream,data:%20x%0A%0A']) {
      const errors: StreamErrorDetail[] = [];
      const el = document.createElement('progress-stream');
      el.addEventListener('stream-error', (e) => errors.push(e.detail));
      el.src = src;
      document.body.append(el);
      await settled(el);
      expect(errors[0]).to.include({ kind: 'config', fatal: true });
      expect(el.client).to.equal(undefined);
      el.remove();
    }
  });

  it('disconnect() closes and connect() resumes', async () => {
    const server = await scenario({
      responses: [
        { steps: [{ write: sse({ id: 'd1', data: { step: 'scanning', progress: 12 } }) }, { hold: true }] },
        { steps: [{ hold: true }] },
      ],
    });
    const el = document.createElement('progress-stream');
    el.src = server.url;
    document.body.append(el);
    await until(() => el.state.percent === 12, 'first event');
    el.disconnect();
    await server.waitFor({ closed: 1 });
    expect(el.state.percent).to.equal(12);
    el.connect();
    const requests = await server.waitFor({ requests: 2 });
    expect(requests[1]?.headers['last-event-id']).to.equal('d1');
    el.remove();
  });
});

describe('<progress-stream> debug panel', () => {
  it('keeps raw events only while debug is on, each cut to 2,000 characters', async () => {
    const el = document.createElement('progress-stream');
    document.body.append(el);
    const big = JSON.stringify({ step: 'scanning', progress: 10, message: 'x'.repeat(100_000) });
    el.push({ id: 'b1', event: 'message', data: big });
    el.debug = true;
    await settled(el);
    expect(parts(el, 'debug')).to.have.length(1);
    expect(shadow(el).querySelectorAll('.debug-events li'), 'nothing kept while debug was off').to.have.length(0);
    el.push({ id: 'b2', event: 'message', data: big });
    await settled(el);
    const shown = shadow(el).querySelector('.debug-data')?.textContent ?? '';
    expect(shown).to.have.length(2001);
    expect(shown.endsWith('…')).to.equal(true);
    el.debug = false;
    await settled(el);
    el.debug = true;
    await settled(el);
    expect(shadow(el).querySelectorAll('.debug-events li'), 'forgotten when debug was turned off').to.have.length(0);
    el.remove();
  });
});

describe('<progress-stream> connect() while offline', () => {
  it('starts again with a fresh retry count, resuming from the last id', async () => {
    const server = await scenario({
      responses: [
        { steps: [{ write: sse({ id: 'o1', data: { step: 'scanning', progress: 20 } }) }, { end: true }] },
        { status: 503 },
        { steps: [{ write: sse({ id: 'o2', data: { step: 'scanning', progress: 40 } }) }, { hold: true }] },
      ],
    });
    const el = document.createElement('progress-stream');
    el.setAttribute('max-retries', '1');
    el.setAttribute('retry-delay', '10');
    el.src = server.url;
    document.body.append(el);
    await until(() => el.client?.status === 'offline', 'offline');
    expect(el.state.percent).to.equal(20);
    el.connect();
    await until(() => el.state.percent === 40, 'recovered');
    const requests = await server.requests();
    expect(requests).to.have.length(3);
    expect(requests[2]?.headers['last-event-id']).to.equal('o1');
    el.remove();
  });
});

describe('<progress-stream> in frameworks', () => {
  it('keeps its state when a framework sets an equal mapping object again', async () => {
    const mapping = () => ({ events: { tick: { percent: 'p' } } });
    const el = await fixture<ProgressStream>(html`<progress-stream></progress-stream>`);
    el.mapping = mapping();
    el.push({ event: 'tick', data: '{"p":40}' });
    await settled(el);
    el.mapping = mapping();
    await settled(el);
    expect(el.state.percent).to.equal(40);
    el.mapping = { events: { tick: { percent: 'q' } } };
    await settled(el);
    expect(el.state.percent).to.equal(null);
  });

  it('does not dispatch connection-change synchronously while being inserted', async () => {
    const server = await scenario({ responses: [{ steps: [{ hold: true }] }] });
    const el = document.createElement('progress-stream');
    el.src = server.url;
    let duringInsert = 0;
    el.addEventListener('connection-change', () => duringInsert++);
    document.body.append(el);
    const synchronous = duringInsert;
    await until(() => duringInsert > 0, 'connection-change');
    expect(synchronous).to.equal(0);
    el.remove();
  });
});

describe('<progress-stream> details', () => {
  it('starts a client that was set before the element was added', async () => {
    const { StreamClient } = await import('../../src/client/index.js');
    const server = await scenario({
      responses: [{ steps: [{ write: sse({ data: { step: 'scanning', progress: 7 } }) }, { hold: true }] }],
    });
    const el = document.createElement('progress-stream');
    const client = new StreamClient({ url: server.url });
    el.client = client;
    expect(client.status).to.equal('idle');
    document.body.append(el);
    await until(() => el.state.percent === 7, 'the external client to deliver');
    el.remove();
    expect(client.status).to.equal('open', 'a client the page owns is not closed by the element');
    client.close();
  });

  it('shows 60% for jobs averaging 59.99999999999999', async () => {
    const el = await fixture<ProgressStream>(html`<progress-stream preset="step-percent"></progress-stream>`);
    el.push(step('scanning', (100 + 33.333333333333336 + 46.666666666666664) / 3));
    await settled(el);
    expect(text(part(el, 'percent'))).to.equal('60%');
  });

  it('keeps the bar still before anything happened', async () => {
    const el = await fixture<ProgressStream>(html`<progress-stream preset="step-percent"></progress-stream>`);
    await settled(el);
    expect(part(el, 'bar')?.classList.contains('indeterminate')).to.equal(false);
  });
});

describe('<progress-stream> when the server cannot resume', () => {
  it("starts over visibly on the server's reset event instead of mixing old and new progress", async () => {
    const server = await scenario({
      responses: [
        { steps: [{ write: sse({ id: 'r1', data: { step: 'analyzing', progress: 60 } }) }, { wait: 30 }, { destroy: true }] },
        {
          steps: [
            { write: 'event: reset\nid\ndata: {"reason":"unknown","lastEventId":"r1"}\n\n' },
            { write: sse({ id: 'n1', data: { step: 'scanning', progress: 5 } }) },
            { hold: true },
          ],
        },
      ],
    });
    const el = document.createElement('progress-stream');
    el.setAttribute('retry-delay', '10');
    el.src = server.url;
    document.body.append(el);
    await until(() => el.state.percent === 60, 'the first job');
    await until(() => el.state.percent === 5, 'the fresh start');
    await settled(el);
    expect(el.state.activity.some((a) => a.level === 'warning' && a.message.includes('starting over'))).to.equal(true);
    expect(text(part(el, 'feed'))).to.include('could not resume');
    const requests = await server.requests();
    expect(requests[1]?.headers['last-event-id']).to.equal('r1');
    el.remove();
  });
});
