// Layouts, themes, direction, motion and restyling: the same recorded events, shown the ways
// a product can ask for.
import type { Decorator, Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import type { StatusDetail } from '../src/client/types.js';
import type { ProgressStreamStrings } from '../src/element/strings.js';
import { presets, type Mapping } from '../src/mapping/index.js';
import { elementArgDefaults, elementArgTypes, pushedStream, type ElementArgs, type PushedStream } from './support/element.js';
import { emulateMedia } from './support/media.js';
import { part, partNames, parts, settled, streamIn, textOf } from './support/query.js';
import { phaseSnapshotRunning, stepPercentIndeterminate, stepPercentUntil, type RecordedEvent } from './support/recordings.js';

const open: StatusDetail = { status: 'open', previous: 'connecting', attempt: 0 };

type Story = StoryObj<ElementArgs>;

const describe = (story: string) => ({ docs: { description: { story } } });

/** Relative luminance (0 black … 1 white) of a computed `rgb(…)` colour. */
function luminance(color: string): number {
  const [r = 0, g = 0, b = 0] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

const fullSetup: PushedStream = { preset: 'phase-snapshot', events: phaseSnapshotRunning, connection: open };

const meta = {
  title: 'Progress stream/Appearance',
  component: 'progress-stream',
  args: { ...elementArgDefaults, label: 'Nightly planning snapshot', lang: 'en-US' },
  argTypes: elementArgTypes,
  render: (args) => pushedStream(args, fullSetup),
} satisfies Meta<ElementArgs>;

export default meta;

export const Compact: Story = {
  args: { compact: true },
  parameters: describe('`compact`: one line of summary and the bar; no timeline, step messages, timing or feed.'),
  play: async ({ canvasElement, args }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    expect(el.hasAttribute('compact')).toBe(true);
    expect(textOf(el, 'percent')).toBe('35%');
    expect(textOf(el, 'step-count')).toBe('Step 2 of 5');
    expect(part(el, 'steps')).toBeNull();
    expect(part(el, 'feed')).toBeNull();
    const timing = part(el, 'timing');
    expect(timing === null || getComputedStyle(timing).display === 'none').toBe(true);
    // Smaller than the full layout showing the same events.
    const full = pushedStream({ ...args, compact: false }, fullSetup);
    canvasElement.append(full);
    await settled(full);
    expect(el.getBoundingClientRect().height).toBeLessThan(full.getBoundingClientRect().height);
    full.remove();
  },
};

export const Vertical: Story = {
  args: { orientation: 'vertical' },
  parameters: describe('`orientation="vertical"`: the step timeline as a column, for side panels.'),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    expect(el.getAttribute('orientation')).toBe('vertical');
    const steps = parts(el, 'step');
    expect(steps).toHaveLength(5);
    const tops = steps.map((s) => s.getBoundingClientRect().top);
    expect(tops).toEqual([...tops].sort((a, b) => a - b));
    expect(new Set(steps.map((s) => Math.round(s.getBoundingClientRect().left))).size).toBe(1);
  },
};

export const NarrowCard: Story = {
  name: 'Narrow card (320 px)',
  decorators: [(story) => html`<div style="width:320px">${story()}</div>`],
  parameters: describe(
    'A horizontal timeline with too little room for its steps (about 8em each) stacks into a column, as `orientation="vertical"` shows it, instead of wrapping a step onto a row of its own. The header wraps the indicator under the title at this width, in every connection state.',
  ),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    expect(el.getAttribute('orientation')).toBe('horizontal');
    const steps = parts(el, 'step').map((s) => s.getBoundingClientRect());
    expect(steps).toHaveLength(5);
    steps.slice(1).forEach((step, i) => expect(step.top).toBeGreaterThanOrEqual(steps[i]!.bottom - 0.5));
  },
};

const darkPage: Decorator = (story) => html`<div style="background:#030712;padding:16px;border-radius:8px">${story()}</div>`;

export const DarkTheme: Story = {
  name: 'Dark theme',
  args: { theme: 'dark' },
  decorators: [darkPage],
  parameters: describe(
    '`theme="dark"`. Without the attribute the element takes the page\'s colour scheme (light unless the page declares `color-scheme: dark`); `theme="light"` forces light, `theme="auto"` follows the system.',
  ),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    expect(luminance(getComputedStyle(part(el, 'base')!).backgroundColor)).toBeLessThan(0.2);
    expect(luminance(getComputedStyle(part(el, 'percent')!).color)).toBeGreaterThan(0.8);
  },
};

export const FollowsPageColorScheme: Story = {
  name: "Follows the page's colour scheme",
  decorators: [(story) => html`<div style="color-scheme:dark;background:Canvas;color:CanvasText;padding:16px">${story()}</div>`],
  parameters: describe(
    'No `theme` attribute: the element takes the colour scheme of the page around it. This page declares `color-scheme: dark` (in CSS, or with `<meta name="color-scheme" content="dark">`), so the element is dark; on a page that declares nothing it is light, even when the system is dark.',
  ),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    expect(luminance(getComputedStyle(part(el, 'base')!).backgroundColor)).toBeLessThan(0.2);
  },
};

export const FollowsSystemColorScheme: Story = {
  name: 'theme="auto" follows the system',
  args: { theme: 'auto' },
  parameters: describe(
    '`theme="auto"`: dark when the system is dark, whatever the page declares. To see it here, switch the OS to dark mode, or emulate `prefers-color-scheme: dark` in DevTools (Rendering). Without the attribute the element would stay light on this page, which declares no dark scheme.',
  ),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    const surface = () => luminance(getComputedStyle(part(el, 'base')!).backgroundColor);
    expect(surface()).toBeGreaterThan(0.9);
    if (!(await emulateMedia({ colorScheme: 'dark' }))) return;
    try {
      await waitFor(() => expect(surface()).toBeLessThan(0.2));
      el.theme = undefined;
      el.removeAttribute('theme');
      await waitFor(() => expect(surface(), 'no theme: the page, which declares no dark scheme').toBeGreaterThan(0.9));
    } finally {
      await emulateMedia({ colorScheme: null });
    }
  },
};

const arabicStrings: Partial<ProgressStreamStrings> = {
  label: 'تقدّم المهمة',
  stepOf: 'الخطوة {n} من {total}',
  idle: 'في انتظار التحديثات',
  connecting: 'جارٍ الاتصال…',
  live: 'مباشر',
  reconnecting: 'إعادة الاتصال {attempt}/{max}…',
  reconnectingIn: 'إعادة الاتصال {attempt}/{max}، المحاولة التالية خلال {seconds} ث',
  offline: 'التحديثات المباشرة غير متاحة',
  retry: 'إعادة المحاولة',
  streamEnded: 'انتهى البث',
  complete: 'اكتمل',
  failed: 'فشل',
  failedWith: 'فشل: {reason}',
  cancelled: 'أُلغي',
  rate: '~{rate}/ث',
  eta: 'الوقت المتبقي ~{duration}',
  elapsed: 'المدة {duration}',
  seconds: '{n} ث',
  minutes: '{n} د',
  hours: '{n} س {m} د',
  steps: 'الخطوات',
  activity: 'النشاط',
  jobs: 'المهام',
  metrics: 'العدادات',
  invalidMapping: 'التعيين غير صالح',
  announceStepComplete: 'اكتملت خطوة {step}',
  announceStepFailed: 'فشلت خطوة {step}',
  announceComplete: 'اكتملت المهمة',
  announceFailed: 'فشلت المهمة: {reason}',
  announceLive: 'التحديثات المباشرة متصلة',
  announceReconnecting: 'انقطع الاتصال، جارٍ إعادة الاتصال',
  announceOffline: 'التحديثات المباشرة غير متاحة',
  stepPending: 'قيد الانتظار',
  stepActive: 'قيد التنفيذ',
  stepComplete: 'تمّت',
  stepFailed: 'فشلت',
  stepSkipped: 'تم تخطيها',
  levelInfo: 'معلومة',
  levelSuccess: 'نجاح',
  levelWarning: 'تحذير',
  levelError: 'خطأ',
};

/** The step-percent preset with Arabic step labels and counters, for an Arabic backend. */
const arabicMapping: Mapping = {
  ...presets['step-percent'],
  name: 'schema-analysis-ar',
  steps: [
    { id: 'scanning', label: 'فحص المخطط' },
    { id: 'indexing', label: 'الفهرسة' },
    { id: 'analyzing', label: 'التحليل' },
    { id: 'generating', label: 'إنشاء التوثيق' },
    { id: 'complete', label: 'الاكتمال' },
  ],
  events: {
    message: { step: 'step', percent: 'progress', message: 'message', metrics: { الجداول: 'stats.tables', الأعمدة: 'stats.columns' } },
  },
};

const arabicEvents: RecordedEvent[] = [
  { at: 0, event: 'message', data: { step: 'scanning', progress: 10, message: 'جارٍ فحص المخطط…', stats: { tables: 59, columns: 450 } } },
  { at: 600, event: 'message', data: { step: 'indexing', progress: 35, message: 'فهرسة 450 عمودًا', stats: { tables: 59, columns: 450 } } },
  {
    at: 1200,
    event: 'message',
    data: { step: 'analyzing', progress: 52, message: 'تحليل العلاقات بين الجداول', stats: { tables: 59, columns: 1450 } },
  },
];

export const RightToLeftArabic: Story = {
  name: 'RTL (Arabic)',
  args: { dir: 'rtl', lang: 'ar', strings: arabicStrings, label: 'تحليل المخطط' },
  render: (args) => pushedStream(args, { mapping: arabicMapping, events: arabicEvents, connection: open }),
  parameters: describe(
    '`dir="rtl" lang="ar"` and the `strings` property with Arabic text: the layout mirrors, the bar fills from the right, numbers and times use the Arabic locale.',
  ),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    expect(getComputedStyle(el).direction).toBe('rtl');
    expect(textOf(el, 'connection-text')).toBe('مباشر');
    expect(textOf(el, 'step-count')).toBe('الخطوة 3 من 5');
    expect(parts(el, 'step-label').map((s) => s.textContent)).toEqual(['فحص المخطط', 'الفهرسة', 'التحليل', 'إنشاء التوثيق', 'الاكتمال']);
    expect(part(el, 'feed')?.getAttribute('aria-label')).toBe('النشاط');
    const columns = parts(el, 'metric').find((m) => m.textContent?.includes('الأعمدة'));
    expect(columns?.querySelector('[part~="metric-value"]')?.textContent).toBe(new Intl.NumberFormat('ar').format(1450));
    // The bar fills from the right: the fill grows from the track's right edge.
    const bar = part(el, 'bar')!;
    expect(getComputedStyle(part(el, 'bar-fill')!).transformOrigin.startsWith(`${bar.clientWidth}px`)).toBe(true);
    // The connection indicator sits on the left, at the end of the header.
    const header = part(el, 'header')!.getBoundingClientRect();
    const connection = part(el, 'connection')!.getBoundingClientRect();
    expect(connection.left - header.left).toBeLessThan(header.right - connection.right);
  },
};

export const ReducedMotion: Story = {
  name: 'Reduced motion',
  args: { label: 'Schema analysis' },
  render: (args) => pushedStream(args, { preset: 'step-percent', events: stepPercentIndeterminate, connection: open }),
  parameters: describe(
    'Under `prefers-reduced-motion: reduce` nothing slides or pulses: the indeterminate bar fades slowly (still visibly working, never frozen) and the bar jumps instead of animating. To see it here, turn on "Reduce motion" in the OS, or emulate it in DevTools (Rendering).',
  ),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    const fill = () => getComputedStyle(part(el, 'bar-fill')!);
    const dot = () => getComputedStyle(part(el, 'connection-dot')!);
    if (!(await emulateMedia({ reducedMotion: 'reduce' }))) {
      // In Storybook itself the preference cannot be switched from the page: check the rule.
      const rules = (el.shadowRoot?.adoptedStyleSheets ?? []).flatMap((sheet) => [...sheet.cssRules]);
      expect(rules.some((rule) => rule instanceof CSSMediaRule && rule.conditionText.includes('prefers-reduced-motion: reduce'))).toBe(
        true,
      );
      return;
    }
    try {
      await waitFor(() => expect(fill().animationName).toBe('breathe'));
      expect(fill().transitionDuration).toBe('0s');
      expect(dot().animationName).toBe('none');
    } finally {
      await emulateMedia({ reducedMotion: null });
    }
    await waitFor(() => expect(fill().animationName).toBe('slide'));
    expect(dot().animationName).toBe('pulse');
  },
};

type ThemingArgs = ElementArgs & {
  '--ps-color-accent'?: string;
  '--ps-color-success'?: string;
  '--ps-radius'?: string;
  '--ps-font-family'?: string;
  '--ps-bar-height'?: string;
  '--ps-percent-size'?: string;
};

const themeProperties = [
  '--ps-color-accent',
  '--ps-color-success',
  '--ps-radius',
  '--ps-font-family',
  '--ps-bar-height',
  '--ps-percent-size',
] as const;

export const CustomTheming: StoryObj<ThemingArgs> = {
  name: 'Custom theming (CSS properties and ::part)',
  args: {
    label: 'Schema analysis',
    '--ps-color-accent': '#6d28d9',
    '--ps-color-success': '#047857',
    '--ps-radius': '16px',
    '--ps-font-family': 'Georgia, serif',
    '--ps-bar-height': '14px',
    '--ps-percent-size': '3rem',
  },
  argTypes: {
    '--ps-color-accent': { control: 'color' },
    '--ps-color-success': { control: 'color' },
    '--ps-radius': { control: 'text' },
    '--ps-font-family': { control: 'text' },
    '--ps-bar-height': { control: 'text' },
    '--ps-percent-size': { control: 'text' },
  },
  render: (args) => {
    const el = pushedStream(args, { preset: 'step-percent', events: stepPercentUntil(61), connection: open });
    for (const name of themeProperties) {
      const value = args[name];
      if (value) el.style.setProperty(name, value);
    }
    el.classList.add('branded');
    return html`<style>
        .branded::part(percent) {
          color: #6d28d9;
          font-weight: 800;
          letter-spacing: -0.02em;
        }
        .branded::part(bar) {
          border-radius: 999px;
        }
        .branded::part(step-active) {
          text-decoration: underline;
        }
        .branded::part(feed-entry) {
          border-inline-start: 3px solid #ddd6fe;
          padding-inline-start: 6px;
        }
      </style>
      ${el}`;
  },
  parameters: describe(
    'Restyled without forking: `--ps-*` custom properties (the controls below) and `::part()` rules on the percent, the bar, the active step and the feed entries. Every property and part is listed in the docs page.',
  ),
  play: async ({ canvasElement, args }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    const accent = args['--ps-color-accent'] ?? '#6d28d9';
    const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
    expect(getComputedStyle(part(el, 'bar-fill')!).backgroundColor).toBe(rgb(accent));
    expect(getComputedStyle(part(el, 'base')!).borderTopLeftRadius).toBe(args['--ps-radius']);
    expect(getComputedStyle(part(el, 'bar')!).height).toBe(args['--ps-bar-height']);
    const percent = getComputedStyle(part(el, 'percent')!);
    expect(percent.color).toBe('rgb(109, 40, 217)');
    expect(percent.fontWeight).toBe('800');
    expect(getComputedStyle(part(el, 'bar')!).borderTopLeftRadius).toBe('999px');
    expect(getComputedStyle(part(el, 'step-active')!).textDecorationLine).toBe('underline');
    expect(partNames(part(el, 'step-active'))).toContain('step');
  },
};
