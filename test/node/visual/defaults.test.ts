// Issue 19, "Defaults people see": the standalone bundle in headless Chromium, in the situations
// a new user meets first. Each scene is saved as test-results/screenshots/<name>.png for people
// to look at; what the test asserts is geometry and computed colour:
//  - the theme: light by default, even when the OS is dark; dark when the page's colour scheme
//    is dark (CSS or <meta>) or with theme="dark"; theme="auto" follows the OS;
//  - the step timeline at 320, 420 and 550 px, six long steps, LTR and RTL: one row or one
//    column, never a step alone on a wrapped row, never two labels over each other;
//  - the header: the title and the percent stay where they are when the connection drops
//    (reconnecting, offline) and comes back;
//  - batch-enrichment names the current item once.
// Needs the built dist/ (`npm run build`) and Chromium at /usr/bin/chromium or CHROME_PATH.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StatusDetail } from '../../../src/client/types.js';
import { createInitialState, type ProgressState, type ProgressStep } from '../../../src/mapping/state.js';
import { luminance, openVisualPage, overlap, type Box, type Scene, type VisualPage } from './support/visual-page.js';

let ui: VisualPage;
before(async () => {
  ui = await openVisualPage();
});
after(async () => {
  await ui?.close();
});

const LABELS = {
  en: [
    'Downloading supplier catalogues',
    'Normalising manufacturer part numbers',
    'Matching against the component database',
    'Enriching datasheets and lifecycle status',
    'Validating compliance (RoHS, REACH)',
    'Publishing the enriched bill of materials',
  ],
  ar: [
    'تنزيل كتالوجات الموردين',
    'توحيد أرقام قطع الشركات المصنعة',
    'المطابقة مع قاعدة بيانات المكونات',
    'إثراء أوراق البيانات وحالة دورة الحياة',
    'التحقق من الامتثال',
    'نشر قائمة المواد المثراة',
  ],
};

function running(labels: readonly string[] = LABELS.en): ProgressState {
  const steps: ProgressStep[] = labels.map((label, i) => ({
    id: `step-${i}`,
    label,
    status: i < 2 ? 'complete' : i === 2 ? 'active' : 'pending',
    ...(i === 2 ? { percent: 40, message: 'Matched 1,204 of 3,000 parts' } : {}),
  }));
  return {
    ...createInitialState(),
    status: 'running',
    percent: 42,
    operation: 'Matching parts',
    steps,
    stepIndex: 2,
    stepCount: steps.length,
    metrics: { Matched: 1204, Failed: 3 },
  };
}

const open: StatusDetail = { status: 'open', previous: 'connecting', attempt: 0 };
const reconnecting: StatusDetail = {
  status: 'reconnecting',
  previous: 'open',
  attempt: 2,
  delayMs: 30_000,
  error: { kind: 'http', message: 'The server answered HTTP 503', fatal: false, status: 503 },
};
const offline: StatusDetail = {
  status: 'offline',
  previous: 'reconnecting',
  attempt: 11,
  error: { kind: 'network', message: 'The request failed before a response arrived', fatal: true },
};

async function baseLuminance(): Promise<number> {
  return luminance(await ui.style('base', 'background-color'));
}

describe('theme: light unless the page or the element asks for dark (issue 19)', { timeout: 30_000 }, () => {
  const cases: { name: string; scene: Omit<Scene, 'width'>; dark: boolean }[] = [
    { name: 'theme-default-os-light', scene: {}, dark: false },
    { name: 'theme-default-os-dark', scene: { os: 'dark' }, dark: false },
    { name: 'theme-page-css-dark', scene: { head: '<style>:root { color-scheme: dark }</style>' }, dark: true },
    { name: 'theme-page-meta-dark', scene: { head: '<meta name="color-scheme" content="dark">' }, dark: true },
    { name: 'theme-page-light-dark-os-dark', scene: { head: '<style>:root { color-scheme: light dark }</style>', os: 'dark' }, dark: true },
    { name: 'theme-dark', scene: { attributes: 'theme="dark"', os: 'light' }, dark: true },
    {
      name: 'theme-light-on-dark-page',
      scene: { attributes: 'theme="light"', head: '<style>:root { color-scheme: dark }</style>' },
      dark: false,
    },
    { name: 'theme-auto-os-dark', scene: { attributes: 'theme="auto"', os: 'dark' }, dark: true },
    { name: 'theme-auto-os-light', scene: { attributes: 'theme="auto"', os: 'light' }, dark: false },
  ];
  for (const { name, scene, dark } of cases) {
    it(`${name}: ${dark ? 'dark' : 'light'}`, async () => {
      await ui.load({ width: 420, ...scene });
      await ui.show(running(), open);
      await ui.screenshot(name);
      const surface = await baseLuminance();
      const text = luminance(await ui.style('percent', 'color'));
      if (dark) {
        assert.ok(surface < 0.1, `dark surface expected, luminance ${surface}`);
        assert.ok(text > 0.6, `light text expected, luminance ${text}`);
      } else {
        assert.ok(surface > 0.9, `light surface expected, luminance ${surface}`);
        assert.ok(text < 0.1, `dark text expected, luminance ${text}`);
      }
    });
  }
});

/** One row (every step at the same top, in reading order) or one column (each below the last). */
function assertRowOrColumn(steps: Box[], dir: 'ltr' | 'rtl', where: string): 'row' | 'column' {
  const row = steps.every((s) => Math.abs(s.top - steps[0]!.top) < 1);
  if (row) {
    for (let i = 1; i < steps.length; i++) {
      const inOrder = dir === 'ltr' ? steps[i]!.left >= steps[i - 1]!.right - 0.5 : steps[i]!.right <= steps[i - 1]!.left + 0.5;
      assert.ok(inOrder, `${where}: step ${i} out of reading order`);
    }
    return 'row';
  }
  steps
    .slice(1)
    .forEach((s, i) => assert.ok(s.top >= steps[i]!.bottom - 0.5, `${where}: step ${i + 1} neither on the row nor below step ${i}`));
  return 'column';
}

function assertNoOverlap(boxes: Box[], what: string): void {
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) assert.equal(overlap(boxes[i]!, boxes[j]!), 0, `${what} ${i} and ${j} overlap`);
  }
}

function assertInside(boxes: Box[], container: Box, what: string): void {
  for (const b of boxes) assert.ok(b.left >= container.left - 0.5 && b.right <= container.right + 0.5, `${what} outside its container`);
}

describe('step timeline at narrow widths: one row or one column, labels apart (issue 19)', { timeout: 30_000 }, () => {
  // Six steps stack below about 8em a step (48em); three fit in a row at 420 px, six at 800 px.
  const cases = [
    ...[320, 420, 550, 800].flatMap((width) => (['ltr', 'rtl'] as const).map((dir) => ({ width, dir, count: 6 }))),
    { width: 420, dir: 'ltr' as const, count: 3 },
  ];
  for (const { width, dir, count } of cases) {
    const expected = count === 3 || width === 800 ? 'row' : 'column';
    it(`${count} steps, ${width} px, ${dir}: ${expected}`, async () => {
      await ui.load({ width, dir, lang: dir === 'rtl' ? 'ar' : 'en' });
      await ui.show(running((dir === 'rtl' ? LABELS.ar : LABELS.en).slice(0, count)), open);
      await ui.screenshot(`timeline-${count}-${width}-${dir}`);
      const steps = await ui.boxes('step');
      assert.equal(steps.length, count);
      assert.equal(assertRowOrColumn(steps, dir, `${width} px ${dir}`), expected);
      assertNoOverlap(steps, 'steps');
      const labels = await ui.boxes('step-label');
      assertNoOverlap(labels, 'labels');
      if (expected === 'row') {
        // Apart enough that a full line of one label does not read on into the next.
        for (let i = 1; i < labels.length; i++) {
          const gap = dir === 'ltr' ? labels[i]!.left - labels[i - 1]!.right : labels[i - 1]!.left - labels[i]!.right;
          assert.ok(gap >= 8, `labels ${i - 1} and ${i} are ${gap}px apart`);
        }
      }
      const container = await ui.container();
      assertInside(steps, container, 'a step');
      assertInside(labels, container, 'a label');
    });
  }
});

describe('sized by its content (a flex row, a float), the element keeps its timeline in a row', { timeout: 30_000 }, () => {
  // The timeline is a size container, which has no content width of its own: the element once
  // shrank to its summary's width there.
  for (const wrapper of ['display: flex', 'float: left']) {
    it(wrapper, async () => {
      await ui.load({ width: 900, wrapper });
      await ui.show(running(), open);
      await ui.screenshot(`timeline-6-content-sized-${wrapper.replace(/\W+/g, '-')}`);
      assert.equal(assertRowOrColumn(await ui.boxes('step'), 'ltr', wrapper), 'row');
    });
  }
});

describe('header: no layout shift when the connection drops and returns (issue 19)', { timeout: 30_000 }, () => {
  const states = { open, reconnecting, offline };
  for (const [width, dir] of [
    [320, 'ltr'],
    [420, 'ltr'],
    [550, 'ltr'],
    [320, 'rtl'],
  ] as const) {
    it(`${width} px, ${dir}: title, percent and indicator stay put; the indicator at the header's end`, async () => {
      await ui.load({ width, dir });
      const seen: Record<string, { title: Box; percent: Box; connection: Box }> = {};
      for (const [name, detail] of Object.entries(states)) {
        await ui.show(running(), detail);
        await ui.screenshot(`header-${width}-${dir}-${name}`);
        const [title] = await ui.boxes('title');
        const [percent] = await ui.boxes('percent');
        const [header] = await ui.boxes('header');
        const [connection] = await ui.boxes('connection');
        assert.ok(title && percent && header && connection, 'title, percent, header and indicator rendered');
        seen[name] = { title, percent, connection };
        // Aligned with the header's end (not floating in the middle of the card).
        const endGap = dir === 'ltr' ? header.right - connection.right : connection.left - header.left;
        assert.ok(Math.abs(endGap) < 1, `${name}: the indicator ends ${endGap}px before the header's end`);
        if (name !== 'open') {
          // The reason and Retry are still shown, below everything else.
          assert.equal((await ui.boxes('retry-button')).length, 1, `${name}: a Retry button`);
          assert.match((await ui.texts('connection-error'))[0] ?? '', /HTTP 503|before a response/);
        }
      }
      for (const name of ['reconnecting', 'offline']) {
        for (const part of ['title', 'percent', 'connection'] as const) {
          const a = seen['open']![part];
          const b = seen[name]![part];
          assert.ok(Math.abs(a.top - b.top) < 0.5, `${part} moved down by ${b.top - a.top}px when ${name}`);
          if (part === 'connection') continue; // its width follows its text; its end is checked above
          const [edge, before, now] = dir === 'ltr' ? ['left', a.left, b.left] : ['right', a.right, b.right];
          assert.ok(Math.abs(before - now) < 0.5, `${part}'s ${edge} edge moved when ${name}`);
        }
      }
    });
  }
});

describe('batch-enrichment names the current item once (issue 19)', { timeout: 30_000 }, () => {
  it('the summary does not repeat the item of the operation in the message', async () => {
    await ui.load({ width: 550, attributes: 'preset="batch-enrichment"' });
    const state = (current: Record<string, string>, enriched: number) => ({
      status: 'enriching',
      total_items: 120,
      enriched_items: enriched,
      failed_items: 2,
      pending_items: 118 - enriched,
      percent_complete: ((enriched + 2) / 120) * 100,
      current_batch: 3,
      total_batches: 10,
      current_item: current,
    });
    const message = (data: object) => ({ event: 'progress', data: JSON.stringify(data) });
    await ui.push(
      [
        message({ event_type: 'enrichment.started', bom_id: 'B1', state: state({ mpn: 'NE555' }, 0) }),
        message({ event_type: 'progress', bom_id: 'B1', state: state({ mpn: 'NE555', status: 'enriched' }, 29) }),
        message({
          event_type: 'progress',
          bom_id: 'B1',
          state: state({ mpn: 'LM358', status: 'enriched', message: 'Datasheet found' }, 30),
        }),
      ],
      open,
    );
    await ui.screenshot('batch-enrichment-current-item');
    const summary = (await ui.texts('summary'))[0] ?? '';
    assert.match(summary, /LM358/);
    assert.equal(summary.match(/LM358/g)?.length, 1, `the current item is named once in the summary: ${JSON.stringify(summary)}`);
    assert.match(summary, /Datasheet found/, 'what happened to it is still said');
  });
});
