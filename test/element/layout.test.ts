import { expect } from '@open-wc/testing';
import { html, render as renderTemplate } from 'lit';
import '../../src/element/progress-stream.js';
import type { ProgressStream } from '../../src/element/progress-stream.js';
import type { MappingFunction } from '../../src/mapping/index.js';
import { createInitialState, type JobState, type ProgressState } from '../../src/mapping/state.js';
import { part, parts, settled, shadow } from '../support/element-helpers.js';

// Issue 14 #13 and #18: nothing a server sends may widen the element past its container, and
// the job rows' percent never runs into the detail text, in any locale.

const URL_ID = `https://example.com/${'a'.repeat(60)}/step`; // 80 characters, no break opportunity
const WORD = 'W'.repeat(400);

const job = (key: string, patch: Partial<JobState>): JobState => ({ ...createInitialState(), key, status: 'running', ...patch });

function hostile(): ProgressState {
  const at = Date.now();
  return {
    ...createInitialState(),
    status: 'running',
    percent: 10,
    operation: `op-${WORD}`,
    message: `msg-${WORD}`,
    steps: [
      { id: URL_ID, label: URL_ID, status: 'complete' },
      { id: `${URL_ID}2`, label: `${URL_ID}2`, status: 'active', percent: 10, message: `step-${WORD}` },
      { id: 'short', label: 'Short', status: 'pending' },
    ],
    stepIndex: 1,
    stepCount: 3,
    metrics: { [`metric-${WORD}`]: 123_456_789 },
    rate: 12,
    etaMs: 30_000,
    activity: [
      { seq: 1, at, level: 'info', message: `feed-${WORD}`, job: `job-${WORD}` },
      { seq: 2, at, level: 'error', message: `error-${WORD}` },
    ],
    jobs: [job(`key-${WORD}`, { percent: 10, operation: `job-op-${WORD}` }), job('PO-2', { percent: 100, status: 'complete' })],
  };
}

const mounted: HTMLElement[] = [];
afterEach(() => {
  for (const node of mounted.splice(0)) node.remove();
});

async function render(
  width: number,
  dir: 'ltr' | 'rtl',
  state: ProgressState,
  lang = 'en',
): Promise<{ container: HTMLElement; el: ProgressStream }> {
  const mapping: MappingFunction = () => state;
  // Mounted by hand, not with open-wc's fixture(): on a plain <div> that waits for an animation
  // frame, and the runner's second page, when it runs files side by side, is hidden and gets
  // none (visibilityState 'hidden', zero frames), so every test hung until its timeout. Layout
  // is read synchronously (getBoundingClientRect) and needs no frame; settled() falls back to
  // a timer.
  const container = document.createElement('div');
  mounted.push(container);
  document.body.append(container);
  renderTemplate(
    html`<div dir=${dir} lang=${lang} style="width: ${width}px; --ps-transition-duration: 0s">
      <progress-stream .mapping=${mapping} label="Import"></progress-stream>
    </div>`,
    container,
  );
  const box = container.firstElementChild as HTMLDivElement;
  const el = box.querySelector('progress-stream') as ProgressStream;
  el.push({ event: 'message', data: '{}' });
  // Why the stream is down, as long server text: shown under the indicator.
  el.showConnection({
    status: 'reconnecting',
    previous: 'open',
    attempt: 1,
    delayMs: 60_000,
    error: { kind: 'http', message: `err-${WORD}`, fatal: false },
  });
  await settled(el);
  return { container: box, el };
}

/** Every rendered box of the element, its parts included, inside the container's box. */
function expectInside(container: HTMLElement, el: ProgressStream): void {
  const box = container.getBoundingClientRect();
  const host = el.getBoundingClientRect();
  expect(host.width, 'element width').to.be.at.most(box.width + 0.5);
  const base = part(el, 'base');
  expect(base?.scrollWidth, 'base scrollWidth').to.be.at.most((base?.clientWidth ?? 0) + 1);
  for (const node of shadow(el).querySelectorAll<HTMLElement>('*')) {
    if (node.localName === 'style' || node.classList.contains('visually-hidden')) continue;
    const rect = node.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    const name = `${node.localName}.${node.className || node.getAttribute('part')}`;
    expect(rect.left, `${name} left`).to.be.at.least(box.left - 0.5);
    expect(rect.right, `${name} right`).to.be.at.most(box.right + 0.5);
  }
}

describe('long unbroken server text never widens the element (issue 14 #13)', function () {
  this.timeout(30_000);
  for (const width of [240, 420, 800]) {
    for (const dir of ['ltr', 'rtl'] as const) {
      it(`${width} px, ${dir}`, async () => {
        const { container, el } = await render(width, dir, hostile());
        expectInside(container, el);
        // The fill covers 10 % of the track, not more because the track was clipped.
        const bar = part(el, 'bar')?.getBoundingClientRect();
        const fill = part(el, 'bar-fill')?.getBoundingClientRect();
        if (!bar || !fill) throw new Error('no bar');
        expect(fill.width / bar.width).to.be.closeTo(0.1, 0.01);
        if (dir === 'ltr') expect(fill.left).to.be.closeTo(bar.left, 0.5);
        else expect(fill.right).to.be.closeTo(bar.right, 0.5);
      });
    }
  }

  it('a failed job with a long reason, vertical steps, debug panel: still inside (420 px)', async () => {
    const state = { ...hostile(), status: 'failed' as const, error: `reason-${WORD}`, jobs: undefined };
    const { container, el } = await render(420, 'ltr', state);
    el.orientation = 'vertical';
    el.debug = true;
    el.push({ event: `event-${WORD}`, data: `data-${WORD}` });
    await settled(el);
    expect(part(el, 'error')).to.not.equal(null);
    expectInside(container, el);
  });
});

describe('job rows: the percent never touches the detail (issue 14 #18)', function () {
  this.timeout(30_000);
  for (const lang of ['en', 'de', 'fr', 'ar']) {
    it(`"100%" in ${lang}`, async () => {
      const state: ProgressState = {
        ...createInitialState(),
        status: 'running',
        percent: 55,
        jobs: [
          job('PO-1001', { status: 'complete', percent: 100, stepIndex: 2, stepCount: 3, operation: 'Synced' }),
          job('PO-1002', { percent: 5, stepIndex: 0, stepCount: 3, operation: 'Parsing' }),
        ],
      };
      const { el } = await render(420, lang === 'ar' ? 'rtl' : 'ltr', state, lang);
      const expected = new Intl.NumberFormat(lang, { style: 'percent' }).format(1);
      for (const row of parts(el, 'job')) {
        const cell = row.querySelector<HTMLElement>('[part~="job-percent"]');
        const detail = row.querySelector<HTMLElement>('[part~="job-detail"]');
        if (!cell || !detail) throw new Error('no percent or detail cell');
        // The text itself, not only its box: a too-narrow column let "100%" overflow its box.
        const range = document.createRange();
        range.selectNodeContents(cell.querySelector('.job-percent-value') ?? cell);
        const textBox = range.getBoundingClientRect();
        const detailBox = detail.getBoundingClientRect();
        const gap = lang === 'ar' ? textBox.left - detailBox.right : detailBox.left - textBox.right;
        expect(gap, `${lang}: gap between percent and detail`).to.be.at.least(4);
      }
      expect(parts(el, 'job-percent').map((cell) => cell.querySelector('.job-percent-value')?.textContent)).to.include(expected);
    });
  }
});

// Issue 19: the step timeline (which stacks into a column when narrow) and the job list with
// long unbroken step ids (shown as labels when the server sends no label) and job keys, in a
// 320 px container; two steps stay in a row there, six stack.
describe('long step ids and job keys in a 320 px container (issue 19)', function () {
  this.timeout(30_000);
  const withIds = (count: number): ProgressState => ({
    ...hostile(),
    steps: Array.from({ length: count }, (_, i) => ({
      id: `${URL_ID}-${i}`,
      label: `${URL_ID}-${i}`,
      status: i === 0 ? ('active' as const) : ('pending' as const),
    })),
    stepIndex: 0,
    stepCount: count,
    jobs: [
      job(`${'K'.repeat(120)}-1`, { percent: 10, stepIndex: 0, stepCount: 3, operation: `job-op-${WORD}` }),
      job(`${URL_ID}/job`, { percent: 100, status: 'complete' }),
      job(`key-${WORD}`, { status: 'failed', error: `reason-${WORD}` }),
    ],
  });
  for (const count of [2, 6]) {
    for (const dir of ['ltr', 'rtl'] as const) {
      it(`${count} steps, ${dir}`, async () => {
        const { container, el } = await render(320, dir, withIds(count));
        expectInside(container, el);
        const steps = parts(el, 'step').map((s) => s.getBoundingClientRect());
        expect(steps.length).to.equal(count);
        const row = steps.every((s) => Math.abs(s.top - steps[0]!.top) < 1);
        const column = steps.slice(1).every((s, i) => s.top >= steps[i]!.bottom - 0.5);
        expect(row || column, 'one row or one column').to.equal(true);
        expect(row, 'two steps fit in a row; six stack').to.equal(count === 2);
        expect(parts(el, 'job-key')).to.have.length(3);
      });
    }
  }
});
