import { expect, fixture, html } from '@open-wc/testing';
import '../../src/element/progress-stream.js';
import type { ProgressStream } from '../../src/element/progress-stream.js';
import { insertStyleElements } from '../../src/element/internal/foreign-document-styles.js';
import { styles } from '../../src/element/progress-stream.styles.js';
import type { MappingFunction } from '../../src/mapping/index.js';
import { createInitialState, type ProgressState } from '../../src/mapping/state.js';
import { part, until } from '../support/element-helpers.js';

// Issue 16 split the element's CSS into one module per render piece. The cascade depends on
// the order of equal-specificity rules (`.job-bar` after `.bar, .job-bar`, the reduced-motion
// and forced-colors rules after what they override), so the split must keep every rule, in
// order. The fixture is the CSS as it was before the split, plus the changes made on purpose
// since (its header says which, and how to regenerate it after the next one).

const beforeSplit = async (): Promise<string> => {
  const response = await fetch('/test/fixtures/styles-before-split.css');
  if (!response.ok) throw new Error(`fixture: HTTP ${response.status}`);
  return response.text();
};

/** The top-level rules as this browser parses and serialises them (formatting-independent). */
function parsedRules(cssText: string): string[] {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cssText);
  return [...sheet.cssRules].map((rule) => rule.cssText.replace(/\s+/g, ' '));
}

/**
 * The top-level rules as written, comments dropped and whitespace collapsed: also catches a
 * lost declaration this browser would have ignored anyway (one another browser might apply).
 */
function sourceRules(cssText: string): string[] {
  const flat = cssText
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/"/g, "'")
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .trim();
  const rules: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < flat.length; i++) {
    if (flat[i] === '{') depth++;
    if (flat[i] === '}' && --depth === 0) {
      rules.push(flat.slice(start, i + 1));
      start = i + 1;
    }
  }
  return rules;
}

/** A same-origin iframe, loaded. */
async function emptyFrame(): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.srcdoc = '<!doctype html><html><body><div></div></body></html>';
  document.body.append(frame);
  await loaded;
  return frame;
}

const twoJobs: MappingFunction = (): ProgressState => ({
  ...createInitialState(),
  status: 'running',
  percent: 30,
  jobs: [
    { ...createInitialState(), key: 'PO-1', status: 'running', percent: 20 },
    { ...createInitialState(), key: 'PO-2', status: 'running', percent: 40 },
  ],
});

const joined = (results: readonly { cssText: string }[]) => results.map((style) => style.cssText).join('\n');

describe('<progress-stream> styles split per render piece (issue 16)', () => {
  it('keeps every rule of the single literal, in the same order, as written and as parsed', async () => {
    const before = await beforeSplit();
    // Sanity: the fixture is the real stylesheet, not an empty file.
    expect(parsedRules(before).length).to.be.greaterThan(90);
    expect(sourceRules(joined(styles))).to.deep.equal(sourceRules(before));
    expect(parsedRules(joined(styles))).to.deep.equal(parsedRules(before));
  });

  it('is what the element adopts', async () => {
    const el = await fixture<ProgressStream>(html`<progress-stream></progress-stream>`);
    const adopted = (el.shadowRoot?.adoptedStyleSheets ?? []).flatMap((sheet) => [...sheet.cssRules]);
    expect(adopted.map((rule) => rule.cssText.replace(/\s+/g, ' '))).to.deep.equal(parsedRules(await beforeSplit()));
  });

  it('keeps its order in another document, where it is inserted as <style> elements', async () => {
    const frame = await emptyFrame();
    try {
      const host = frame.contentDocument?.querySelector('div');
      if (!host) throw new Error('no iframe document');
      const root = host.attachShadow({ mode: 'open' });
      insertStyleElements(root, styles);
      const inserted = [...root.querySelectorAll('style')].map((style) => style.textContent ?? '').join('\n');
      expect(parsedRules(inserted)).to.deep.equal(parsedRules(await beforeSplit()));
    } finally {
      frame.remove();
    }
  });

  // Before the split, the element's two sheets were inserted there in reverse, and the shared
  // `.bar, .job-bar` rule then overrode the job list's thinner bar.
  it('gives the job rows their thin bar in another document too', async () => {
    const frame = await emptyFrame();
    const el = document.createElement('progress-stream');
    try {
      const doc = frame.contentDocument;
      if (!doc) throw new Error('no iframe document');
      el.mapping = twoJobs;
      doc.body.append(doc.adoptNode(el));
      el.push({ event: 'message', data: '{}' });
      await until(() => part(el, 'job-bar') !== null, 'a job row', 10_000);
      const bar = part(el, 'job-bar');
      expect(bar && frame.contentWindow?.getComputedStyle(bar).height).to.equal('6px');
    } finally {
      el.remove();
      frame.remove();
    }
  });
});
