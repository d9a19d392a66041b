import { expect } from '@open-wc/testing';
import { render } from 'lit';
import { createInitialState, type ProgressState, type ProgressStep } from '../../src/mapping/state.js';
import type { TypicalDuration } from '../../src/session/types.js';
import { formatDurationRange } from '../../src/element/internal/format.js';
import { renderTiming } from '../../src/element/render/metrics.js';
import { renderStepTimeline } from '../../src/element/render/step-timeline.js';
import { defaultStrings } from '../../src/element/strings.js';
import '../../src/element/progress-stream.js';
import { part, until } from '../support/element-helpers.js';

// The timing line's new words (Stalled, Usually takes …), the step ETA, and the range format,
// from states built by hand: no session, no clock.

const NOW = Date.UTC(2026, 0, 1, 12);

function state(overrides: Partial<ProgressState>): ProgressState {
  return { ...createInitialState(), ...overrides };
}

const running = (overrides: Partial<ProgressState> = {}) =>
  state({ status: 'running', startedAt: NOW - 60_000, updatedAt: NOW, percent: 40, progressAt: NOW, ...overrides });

function typical(lowMs: number, highMs: number): TypicalDuration {
  return { runs: 3, medianMs: (lowMs + highMs) / 2, lowMs, highMs, steps: {} };
}

/** Renders a template into a fresh container; returns it. */
function mount(template: unknown): HTMLElement {
  const host = document.createElement('div');
  render(template, host);
  return host;
}

const partText = (root: ParentNode, name: string) =>
  (root.querySelector(`[part~="${name}"]`)?.textContent ?? '').replace(/\s+/g, ' ').trim();
const has = (root: ParentNode, name: string) => root.querySelector(`[part~="${name}"]`) !== null;

describe('renderTiming: stalled', () => {
  it('says "Stalled" instead of the ETA, and keeps the rate', () => {
    const root = mount(renderTiming(running({ stalled: true, rate: 12, etaMs: 30_000 }), 'en', defaultStrings));
    expect(partText(root, 'stalled')).to.equal('Stalled');
    expect(has(root, 'eta')).to.equal(false);
    expect(partText(root, 'rate')).to.equal('~12/s');
  });

  it('shows no rate while stalled when none is known', () => {
    const root = mount(renderTiming(running({ stalled: true, rate: null, etaMs: null }), 'en', defaultStrings));
    expect(partText(root, 'timing')).to.equal('Stalled');
  });

  it('shows the ETA while not stalled', () => {
    const root = mount(renderTiming(running({ rate: 12, etaMs: 30_000 }), 'en', defaultStrings));
    expect(has(root, 'stalled')).to.equal(false);
    expect(partText(root, 'eta')).to.equal('ETA ~30 s');
  });

  it('uses the strings property', () => {
    const strings = { ...defaultStrings, stalled: 'Blockiert' };
    const root = mount(renderTiming(running({ stalled: true }), 'de', strings));
    expect(partText(root, 'stalled')).to.equal('Blockiert');
  });

  it('says nothing about timing while paused (no elapsed time, no ETA)', () => {
    const paused = state({ status: 'paused', startedAt: NOW - 60_000, updatedAt: NOW, progressAt: NOW, percent: 40 });
    const root = mount(renderTiming(paused, 'en', defaultStrings, typical(120_000, 180_000)));
    expect(has(root, 'timing')).to.equal(false);
  });
});

describe('renderTiming: typical duration', () => {
  it('says how long the job usually takes before the first progress', () => {
    const root = mount(renderTiming(state({ status: 'idle' }), 'en', defaultStrings, typical(120_000, 180_000)));
    expect(partText(root, 'typical')).to.equal('Usually takes 2–3 min');
  });

  it('also while running without progress yet', () => {
    const root = mount(renderTiming(running({ progressAt: null, percent: null }), 'en', defaultStrings, typical(40_000, 55_000)));
    expect(partText(root, 'typical')).to.equal('Usually takes 40–55 sec');
  });

  it('says "~" when both ends round to the same amount', () => {
    const root = mount(renderTiming(state({ status: 'idle' }), 'en', defaultStrings, typical(115_000, 125_000)));
    expect(partText(root, 'typical')).to.equal('Usually takes ~2 min');
  });

  it('is gone after the first progress', () => {
    const root = mount(renderTiming(running({ progressAt: NOW }), 'en', defaultStrings, typical(120_000, 180_000)));
    expect(has(root, 'typical')).to.equal(false);
  });

  it('is not shown without a typical duration, nor once the job ended', () => {
    expect(has(mount(renderTiming(state({ status: 'idle' }), 'en', defaultStrings)), 'typical')).to.equal(false);
    const ended = state({ status: 'complete', progressAt: null, startedAt: NOW - 5000, completedAt: NOW });
    const root = mount(renderTiming(ended, 'en', defaultStrings, typical(120_000, 180_000)));
    expect(has(root, 'typical')).to.equal(false);
    expect(partText(root, 'elapsed')).to.equal('Elapsed 5 s');
  });

  it('formats the range in the element locale', () => {
    const root = mount(
      renderTiming(state({ status: 'idle' }), 'de', { ...defaultStrings, usuallyTakes: 'Dauert meist {range}' }, typical(120_000, 180_000)),
    );
    expect(partText(root, 'typical')).to.equal('Dauert meist 2–3 Min.');
  });
});

describe('renderStepTimeline: per-step ETA', () => {
  const steps = (active: Partial<ProgressStep>): ProgressStep[] => [
    { id: 'a', label: 'Load', status: 'complete', etaMs: 5000 },
    { id: 'b', label: 'Enrich', status: 'active', percent: 40, ...active },
    { id: 'c', label: 'Write', status: 'pending' },
  ];

  it('shows the active step’s own ETA', () => {
    const root = mount(renderStepTimeline(steps({ etaMs: 20_000 }), 'horizontal', defaultStrings, 'en'));
    const etas = root.querySelectorAll('[part~="step-eta"]');
    expect(etas).to.have.length(1);
    expect(partText(root, 'step-eta')).to.equal('20 s left');
    expect(etas[0]?.closest('li')?.getAttribute('aria-current')).to.equal('step');
  });

  it('formats it in the locale and the strings', () => {
    const root = mount(renderStepTimeline(steps({ etaMs: 150_000 }), 'vertical', { ...defaultStrings, stepEta: 'noch {eta}' }, 'de'));
    expect(partText(root, 'step-eta')).to.equal('noch 3 min');
  });

  it('shows nothing without an ETA', () => {
    const root = mount(renderStepTimeline(steps({}), 'horizontal', defaultStrings, 'en'));
    expect(has(root, 'step-eta')).to.equal(false);
  });
});

describe('formatDurationRange', () => {
  const cases: Array<[number, number, string, string]> = [
    [40_000, 55_000, 'en', '40–55 sec'],
    [120_000, 180_000, 'en', '2–3 min'],
    [3_600_000, 7_200_000, 'en', '1–2 hr'],
    [5_400_000, 9_000_000, 'en', '1.5–2.5 hr'],
    [120_000, 130_000, 'en', '~2 min'],
    [50_000, 70_000, 'en', '~1 min'],
    [20_000, 130_000, 'en', '20 sec – 2 min'],
    [180_000, 120_000, 'en', '2–3 min'],
    [40_000, 55_000, 'de', '40–55 Sek.'],
    [120_000, 180_000, 'de', '2–3 Min.'],
    [120_000, 130_000, 'de', '≈2 Min.'],
  ];
  for (const [low, high, locale, expected] of cases) {
    it(`${low}–${high} ms in ${locale}: ${expected}`, () => {
      expect(formatDurationRange(low, high, locale)).to.equal(expected);
    });
  }

  it('is empty for values that are not finite', () => {
    expect(formatDurationRange(Number.NaN, 1000, 'en')).to.equal('');
    expect(formatDurationRange(1000, Number.POSITIVE_INFINITY, 'en')).to.equal('');
  });

  it('survives a malformed locale', () => {
    expect(formatDurationRange(120_000, 180_000, 'not a locale!')).to.match(/2.3/);
  });
});

describe('<progress-stream compact>: Stalled stays visible', () => {
  it('hides the timing line in compact, except when it says Stalled', async () => {
    const el = document.createElement('progress-stream');
    el.mapping = { events: { message: { percent: 'p', etaSeconds: 'eta' } } };
    el.compact = true;
    el.setAttribute('stall-after', '300');
    document.body.append(el);
    try {
      el.push({ event: 'message', data: JSON.stringify({ p: 10, eta: 30 }) });
      await until(() => part(el, 'timing') !== null, 'a timing line');
      expect(part(el, 'timing')?.checkVisibility(), 'hidden while not stalled').to.equal(false);
      await until(() => part(el, 'stalled') !== null, 'Stalled', 5000);
      expect(part(el, 'stalled')?.checkVisibility(), 'Stalled visible in compact').to.equal(true);
    } finally {
      el.remove();
    }
  });
});
