// Each preset replaying its recorded stream in real time over the mock transport: the element
// is configured with nothing but `preset`, as it would be with `src`.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, waitFor } from 'storybook/test';
import { elementArgDefaults, elementArgTypes } from './support/element.js';
import { part, partNames, parts, streamIn, textOf } from './support/query.js';
import { batchEnrichment, phaseSnapshot, stepPercent, typedJson, workflowStages, type Recording } from './support/recordings.js';
import { replayedStream, speedArgType, type ReplayArgs } from './support/replay.js';

type Story = StoryObj<ReplayArgs>;

function replay(recording: Recording, description: string): Story {
  const seconds = Math.ceil((recording.events.at(-1)?.at ?? 0) / 1000);
  return {
    args: { label: recording.title },
    render: (args, context) => replayedStream(args, context, recording).el,
    parameters: {
      docs: {
        description: {
          story: `${description} The recording lasts about ${seconds} s at speed 1; use "Remount" in the toolbar to replay it.`,
        },
      },
    },
  };
}

/** Long enough for the slowest recording at speed 1, with room for a busy machine. */
const replayTimeout = { timeout: 15_000 };

const meta = {
  title: 'Progress stream/Presets in real time',
  component: 'progress-stream',
  args: { ...elementArgDefaults, speed: 1, lang: 'en-US' },
  argTypes: { ...elementArgTypes, ...speedArgType },
} satisfies Meta<ReplayArgs>;

export default meta;

export const StepPercent: Story = {
  ...replay(stepPercent, '`step-percent`: unnamed events `{"step","progress","message"}`; `step: "complete"` ends the stream.'),
  name: 'step-percent',
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await waitFor(() => expect(textOf(el, 'connection-text')).toBe('Live'));
    await waitFor(() => expect(textOf(el, 'step-count')).toBe('Step 2 of 6'), replayTimeout);
    await waitFor(() => expect(textOf(el, 'connection-text')).toBe('Complete'), replayTimeout);
    expect(textOf(el, 'percent')).toBe('100%');
    expect(parts(el, 'step-complete')).toHaveLength(6);
    expect(el.client?.status).toBe('closed');
  },
};

export const TypedJson: Story = {
  ...replay(
    typedJson,
    '`typed-json`: unnamed events with a `type` field; proposals become feed lines. The channel stays open after the job.',
  ),
  name: 'typed-json',
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await waitFor(() => expect(textOf(el, 'message')).toBe('Fetching records'), replayTimeout);
    expect(textOf(el, 'percent')).toMatch(/^(0|20|40)%$/);
    await waitFor(() => expect(textOf(el, 'connection-text')).toBe('Complete'), replayTimeout);
    expect(textOf(el, 'percent')).toBe('100%');
    const feed = parts(el, 'feed-message').map((m) => m.textContent);
    expect(feed).toContain('New proposal: Merge duplicate suppliers (confidence 0.92)');
    expect(feed).toContain('Proposal p-2 deleted');
    // typed-json channels outlive their jobs.
    expect(el.client?.status).toBe('open');
  },
};

export const BatchEnrichment: Story = {
  ...replay(
    batchEnrichment,
    '`batch-enrichment`: named events with a `state` object; "Batch N of M", the current part and the counts; `enrichment.completed` ends the stream.',
  ),
  name: 'batch-enrichment',
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await waitFor(() => expect(textOf(el, 'operation')).toMatch(/^Batch 2 of 4 · /), replayTimeout);
    // The server's percent_complete, from the same event as the batch.
    expect(textOf(el, 'percent')).toMatch(/^(25|33|41)%$/);
    await waitFor(() => expect(textOf(el, 'connection-text')).toBe('Complete'), replayTimeout);
    expect(textOf(el, 'percent')).toBe('100%');
    const metrics = parts(el, 'metric').map((m) => m.textContent?.replace(/\s+/g, ' ').trim());
    expect(metrics).toEqual(['Enriched 47', 'Failed 1', 'Pending 0', 'Total 48']);
    expect(parts(el, 'feed-entry-warning').map((e) => e.textContent)).toEqual([expect.stringContaining('XC6206P332MR-X')]);
    expect(parts(el, 'feed-entry-error').map((e) => e.textContent)).toEqual([expect.stringContaining('BSS138LT1G')]);
    await waitFor(() => expect(el.client?.status).toBe('closed'));
  },
};

export const WorkflowStages: Story = {
  ...replay(
    workflowStages,
    '`workflow-stages`: many purchase orders on one channel, keyed by `poId`; an `error` event fails its order only.',
  ),
  name: 'workflow-stages',
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await waitFor(() => expect(parts(el, 'job')).toHaveLength(2), replayTimeout);
    await waitFor(() => expect(parts(el, 'job-complete')).toHaveLength(1), replayTimeout);
    await waitFor(
      () => expect(parts(el, 'job').map((j) => partNames(j)[1])).toEqual(['job-complete', 'job-failed', 'job-running']),
      replayTimeout,
    );
    await waitFor(() => expect(el.client?.lastEventId).toBe(String(workflowStages.events.length)), replayTimeout);
    expect(textOf(el, 'connection-text')).toBe('Live');
    // Heartbeat events keep the connection alive and stay out of the feed.
    expect(parts(el, 'feed-message').some((m) => /heartbeat/i.test(m.textContent ?? ''))).toBe(false);
  },
};

export const PhaseSnapshot: Story = {
  ...replay(phaseSnapshot, '`phase-snapshot`: the whole snapshot in every event; "Step N of 5", counters, rate and ETA.'),
  name: 'phase-snapshot',
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await waitFor(() => expect(textOf(el, 'step-count')).toBe('Step 3 of 5'), replayTimeout);
    expect(textOf(el, 'rate')).toMatch(/^~\d+\/s$/);
    expect(textOf(el, 'eta')).toMatch(/^ETA ~\d+ s$/);
    await waitFor(() => expect(textOf(el, 'connection-text')).toBe('Complete'), replayTimeout);
    expect(parts(el, 'step-complete')).toHaveLength(5);
    expect(part(el, 'rate')).toBeNull();
    expect(el.client?.status).toBe('closed');
  },
};
