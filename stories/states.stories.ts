// Every state a person can see, each from a recorded event sequence pushed into the element
// (no network, no timers). The play functions check what is on screen; the accessibility check
// runs after each of them.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, waitFor } from 'storybook/test';
import type { StatusDetail } from '../src/client/types.js';
import type { Mapping } from '../src/mapping/index.js';
import { elementArgDefaults, elementArgTypes, pushedStream, type ElementArgs, type PushedStream } from './support/element.js';
import { part, partNames, parts, settled, streamIn, textOf } from './support/query.js';
import {
  batchEnrichmentFailed,
  phaseSnapshotFailed,
  phaseSnapshotRunning,
  stepPercent,
  stepPercentIndeterminate,
  stepPercentUntil,
  workflowStages,
  type RecordedEvent,
} from './support/recordings.js';

const open: StatusDetail = { status: 'open', previous: 'connecting', attempt: 0 };
const closed: StatusDetail = { status: 'closed', previous: 'open', attempt: 0 };

type Story = StoryObj<ElementArgs>;

/** Renders an element fed `setup` through push(). */
function pushed(setup: PushedStream): Pick<Story, 'render'> {
  return { render: (args) => pushedStream(args, setup) };
}

const describe = (story: string) => ({ docs: { description: { story } } });

const meta = {
  title: 'Progress stream/States',
  component: 'progress-stream',
  tags: ['autodocs'],
  args: { ...elementArgDefaults, label: 'Schema analysis' },
  argTypes: elementArgTypes,
} satisfies Meta<ElementArgs>;

export default meta;

export const Idle: Story = {
  ...pushed({ preset: 'step-percent' }),
  parameters: describe('Before the first event and before `connect()`: the steps the preset declares, all pending.'),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    expect(textOf(el, 'connection-text')).toBe('Waiting for updates');
    expect(partNames(part(el, 'connection'))).toContain('connection-idle');
    expect(parts(el, 'step')).toHaveLength(6);
    expect(parts(el, 'step-pending')).toHaveLength(6);
    expect(textOf(el, 'percent')).toBe('');
    expect(part(el, 'retry-button')).toBeNull();
    expect(part(el, 'feed')).toBeNull();
  },
};

export const Connecting: Story = {
  ...pushed({ preset: 'step-percent', connection: { status: 'connecting', previous: 'idle', attempt: 0 } }),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    expect(textOf(el, 'connection-text')).toBe('Connecting…');
    expect(partNames(part(el, 'connection'))).toContain('connection-pending');
    expect(part(el, 'bar')?.hasAttribute('aria-valuenow')).toBe(false);
  },
};

function liveAt(percent: number, stepCount: string): Story {
  return {
    ...pushed({ preset: 'step-percent', events: stepPercentUntil(percent), connection: open }),
    parameters: describe(`Connected and ${percent} % done (the step-percent recording up to ${percent} %).`),
    play: async ({ canvasElement }) => {
      const el = streamIn(canvasElement);
      await settled(el);
      expect(textOf(el, 'percent')).toBe(`${percent}%`);
      expect(textOf(el, 'connection-text')).toBe('Live');
      expect(partNames(part(el, 'connection'))).toContain('connection-live');
      expect(textOf(el, 'step-count')).toBe(stepCount);
      const bar = part(el, 'bar');
      expect(bar?.getAttribute('role')).toBe('progressbar');
      expect(bar?.getAttribute('aria-label')).toBe('Schema analysis');
      expect(bar?.getAttribute('aria-valuenow')).toBe(String(percent));
      expect(bar?.getAttribute('aria-valuetext')).toBe(`${percent}%, ${stepCount}`);
      expect(parts(el, 'step-active')).toHaveLength(1);
    },
  };
}

export const LiveAt0: Story = { ...liveAt(0, 'Step 1 of 6'), name: 'Live at 0 %' };
export const LiveAt35: Story = { ...liveAt(35, 'Step 2 of 6'), name: 'Live at 35 %' };
export const LiveAt99: Story = { ...liveAt(99, 'Step 5 of 6'), name: 'Live at 99 %' };

export const Indeterminate: Story = {
  ...pushed({ preset: 'step-percent', events: stepPercentIndeterminate, connection: open }),
  parameters: describe('Events without a percent: the bar shows that work is going on, without a number.'),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    const bar = part(el, 'bar');
    expect(bar?.classList.contains('indeterminate')).toBe(true);
    expect(bar?.hasAttribute('aria-valuenow')).toBe(false);
    expect(textOf(el, 'percent')).toBe('');
    expect(textOf(el, 'message')).toBe('Waiting for a read replica');
    expect(textOf(el, 'connection-text')).toBe('Live');
  },
};

type ReconnectingArgs = ElementArgs & { nextTryInSeconds?: number };

export const Reconnecting: StoryObj<ReconnectingArgs> = {
  name: 'Reconnecting (attempt 3 of 10)',
  args: { 'max-retries': 10, nextTryInSeconds: 20 },
  argTypes: {
    nextTryInSeconds: { name: 'next try in (s)', control: { type: 'range', min: 1, max: 60 }, table: { category: 'story' } },
  },
  render: (args) =>
    pushedStream(args, {
      preset: 'step-percent',
      events: stepPercentUntil(48),
      connection: {
        status: 'reconnecting',
        previous: 'open',
        attempt: 3,
        delayMs: (args.nextTryInSeconds ?? 20) * 1000,
        error: { kind: 'network', message: 'The connection was lost', fatal: false },
      },
    }),
  parameters: describe(
    'The third of ten reconnection attempts, counting down to the next try; Retry skips the wait. When the countdown ends the attempt runs ("Reconnecting 3/10…").',
  ),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    expect(textOf(el, 'connection-text')).toMatch(/^Reconnecting 3\/10, next try in \d+ s$/);
    expect(partNames(part(el, 'connection'))).toContain('connection-warning');
    expect(textOf(el, 'connection-error')).toBe('The connection was lost');
    expect(textOf(el, 'retry-button')).toBe('Retry');
    // The progress made so far stays on screen.
    expect(textOf(el, 'percent')).toBe('48%');
    // The countdown counts down.
    const seconds = () => Number(/in (\d+) s/.exec(textOf(el, 'connection-text'))?.[1]);
    const first = seconds();
    await waitFor(() => expect(seconds()).toBeLessThan(first), { timeout: 2500 });
  },
};

export const Offline: Story = {
  ...pushed({
    preset: 'step-percent',
    events: stepPercentUntil(61),
    connection: {
      status: 'offline',
      previous: 'reconnecting',
      attempt: 11,
      error: { kind: 'network', message: 'The request failed before a response arrived', fatal: true },
    },
  }),
  name: 'Offline with Retry',
  parameters: describe(
    'Retries used up: the person is told that live updates stopped, and can try again. Retry calls the client\'s `retry()`; this story has no client, so see "Live (mock transport)" → "Fault: 401, then Retry" for it working.',
  ),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    expect(textOf(el, 'connection-text')).toBe('Live updates unavailable');
    expect(partNames(part(el, 'connection'))).toContain('connection-offline');
    expect(textOf(el, 'connection-error')).toBe('The request failed before a response arrived');
    const retry = part(el, 'retry-button');
    expect(retry?.tagName).toBe('BUTTON');
    expect(textOf(el, 'retry-button')).toBe('Retry');
    expect(textOf(el, 'percent')).toBe('61%');
  },
};

export const Complete: Story = {
  ...pushed({ preset: 'step-percent', events: stepPercent.events, connection: closed }),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    expect(textOf(el, 'connection-text')).toBe('Complete');
    expect(partNames(part(el, 'connection'))).toContain('connection-complete');
    expect(textOf(el, 'percent')).toBe('100%');
    expect(parts(el, 'step-complete')).toHaveLength(6);
    expect(part(el, 'bar')?.getAttribute('aria-valuenow')).toBe('100');
    expect(textOf(el, 'message')).toBe('Analysis complete');
  },
};

export const Failed: Story = {
  ...pushed({ preset: 'batch-enrichment', events: batchEnrichmentFailed, connection: closed }),
  name: 'Failed with reason',
  args: { label: 'Enriching BOM-1042', lang: 'en-US' },
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    expect(textOf(el, 'connection-text')).toBe('Failed: Supplier API quota exceeded (HTTP 429)');
    expect(partNames(part(el, 'connection'))).toContain('connection-failed');
    expect(textOf(el, 'error')).toBe('Failed: Supplier API quota exceeded (HTTP 429)');
    expect(parts(el, 'metric').map((m) => m.textContent?.replace(/\s+/g, ' ').trim())).toContain('Enriched 23');
    expect(textOf(el, 'percent')).toBe('50%');
    // The failure event's own batch (it names no current item): not the last progress event's.
    expect(textOf(el, 'operation')).toBe('Batch 3 of 4');
    expect(part(el, 'retry-button')).toBeNull();
  },
};

export const FailedStepInTheMiddle: Story = {
  ...pushed({ preset: 'phase-snapshot', events: phaseSnapshotFailed, connection: closed }),
  name: 'Failed step in the middle',
  args: { label: 'Nightly planning snapshot', lang: 'en-US' },
  parameters: describe('Phase 3 of 5 failed: the phases before it are done, the ones after it never started.'),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    expect(textOf(el, 'error')).toBe('Failed: Database connection lost while loading manufacturing orders');
    const steps = parts(el, 'step');
    expect(steps.map((s) => partNames(s)[1])).toEqual(['step-complete', 'step-complete', 'step-failed', 'step-pending', 'step-pending']);
    expect(steps[2]?.textContent).toContain('Loading manufacturing orders');
    expect(textOf(el, 'step-count')).toBe('Step 3 of 5');
    expect(textOf(el, 'percent')).toBe('50%');
  },
};

const releaseSteps = [
  'Checkout',
  'Install dependencies',
  'Lint',
  'Typecheck',
  'Unit tests',
  'Browser tests',
  'Build packages',
  'Build docs',
  'Bundle size check',
  'Licence scan',
  'Container image',
  'Vulnerability scan',
  'Push image',
  'Migrate staging database',
  'Deploy to staging',
  'Smoke tests',
  'Canary 5 %',
  'Canary 50 %',
  'Deploy to production',
  'Announce release',
];

/** A custom mapping: twenty declared steps, each event names the current one. */
const releaseMapping: Mapping = {
  name: 'release-pipeline',
  steps: releaseSteps.map((label, i) => ({ id: `s${i + 1}`, label })),
  events: { message: { step: 'step', percent: 'progress', message: 'message' } },
};

const releaseEvents: RecordedEvent[] = releaseSteps.slice(0, 13).map((label, i) => ({
  at: i * 500,
  event: 'message',
  data: { step: `s${i + 1}`, progress: Math.round(((i + 0.5) / releaseSteps.length) * 100), message: `${label}…` },
}));

export const TwentySteps: Story = {
  ...pushed({ mapping: releaseMapping, events: releaseEvents, connection: open }),
  name: 'Twenty steps',
  args: { label: 'Release 4.2.0' },
  parameters: describe('A long timeline (a custom mapping with twenty declared steps): it wraps instead of overflowing.'),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    expect(textOf(el, 'step-count')).toBe('Step 13 of 20');
    expect(parts(el, 'step')).toHaveLength(20);
    expect(parts(el, 'step-complete')).toHaveLength(12);
    expect(parts(el, 'step-pending')).toHaveLength(7);
    expect(part(el, 'step-active')?.getAttribute('aria-current')).toBe('step');
    // Nothing sticks out of the element.
    const base = part(el, 'base')!;
    expect(base.scrollWidth).toBeLessThanOrEqual(base.clientWidth + 1);
  },
};

const FEED_EVENTS = 120;
const tableName = (n: number) => `Indexed table t_${String(n).padStart(3, '0')}`;
const longFeed: RecordedEvent[] = Array.from({ length: FEED_EVENTS }, (_, i) => ({
  at: i * 100,
  event: 'message',
  data: { step: i < 60 ? 'indexing' : 'analyzing', progress: 20 + Math.floor((i / FEED_EVENTS) * 60), message: tableName(i + 1) },
}));

export const LongFeedAtCap: Story = {
  ...pushed({ preset: 'step-percent', events: longFeed, connection: open }),
  name: 'Long feed at its cap',
  args: { 'feed-limit': 50 },
  parameters: describe(
    `${FEED_EVENTS} events into a feed capped at \`feed-limit\` entries: newest first, the oldest dropped; the feed scrolls within \`--ps-feed-max-height\`.`,
  ),
  play: async ({ canvasElement, args }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    const limit = args['feed-limit'] ?? 50;
    const entries = parts(el, 'feed-entry');
    expect(entries).toHaveLength(limit);
    const message = (entry: HTMLElement | undefined) => entry?.querySelector('[part~="feed-message"]')?.textContent;
    expect(message(entries[0])).toBe(tableName(FEED_EVENTS));
    expect(message(entries.at(-1))).toBe(tableName(FEED_EVENTS - limit + 1));
    expect(entries[0]?.querySelector('[part~="feed-time"]')?.textContent).toMatch(/^\d\d:\d\d:\d\d$/);
    const feed = part(el, 'feed')!;
    expect(feed.getAttribute('role')).toBe('log');
    expect(feed.scrollHeight).toBeGreaterThan(feed.clientHeight);
  },
};

export const MetricsRateAndEta: Story = {
  ...pushed({ preset: 'phase-snapshot', events: phaseSnapshotRunning, connection: open }),
  name: 'Metrics with rate and ETA',
  args: { label: 'Nightly planning snapshot', lang: 'en-US' },
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    expect(textOf(el, 'step-count')).toBe('Step 2 of 5');
    expect(textOf(el, 'operation')).toBe('Loading planned orders (batch 3 of 4)');
    expect(textOf(el, 'rate')).toBe('~152/s');
    expect(textOf(el, 'eta')).toBe('ETA ~26 s');
    const metrics = parts(el, 'metric').map((m) => m.textContent?.replace(/\s+/g, ' ').trim());
    expect(metrics).toContain('Planned orders 1,234');
  },
};

export const MultiJob: Story = {
  ...pushed({ preset: 'workflow-stages', events: workflowStages.events, connection: open }),
  name: 'Multi-job',
  args: { label: 'Purchase orders' },
  parameters: describe(
    'One channel, several purchase orders (workflow-stages, keyed by `poId`): one row per job; a failed job does not end the others.',
  ),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    const jobs = parts(el, 'job');
    expect(jobs.map((j) => j.querySelector('[part~="job-key"]')?.textContent?.trim())).toEqual(['PO-2041', 'PO-2042', 'PO-2043']);
    expect(jobs.map((j) => partNames(j)[1])).toEqual(['job-complete', 'job-failed', 'job-running']);
    expect(jobs[1]?.textContent).toContain('Duplicate order number');
    expect(textOf(el, 'connection-text')).toBe('Live');
  },
};
