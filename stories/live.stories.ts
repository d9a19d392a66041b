// A live job over the mock transport, with faults to inject: what the connection indicator says
// when the connection drops, stalls, is refused with 503 during a deploy, or loses its
// credentials (401), and how the job resumes without losing events.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import type { ProgressStream } from '../src/element/progress-stream.js';
import type { PresetName } from '../src/mapping/index.js';
import { elementArgDefaults, elementArgTypes } from './support/element.js';
import type { Fault } from './support/mock-client.js';
import { part, partNames, streamIn, textOf } from './support/query.js';
import { recordings } from './support/recordings.js';
import { connectionLog, replayedStream, speedArgType, type ReplayArgs } from './support/replay.js';

interface LiveArgs extends ReplayArgs {
  recording: PresetName;
  fault: Fault;
  faultAfter: number;
  failedAttempts: number;
  retryDelay: number;
  heartbeatTimeout: number;
}

type Story = StoryObj<LiveArgs>;

const transport = { table: { category: 'mock transport' } } as const;

const meta = {
  title: 'Progress stream/Live (mock transport)',
  component: 'progress-stream',
  args: {
    ...elementArgDefaults,
    lang: 'en-US',
    'max-retries': 10,
    recording: 'batch-enrichment',
    speed: 1,
    fault: 'drop',
    faultAfter: 6,
    failedAttempts: 2,
    retryDelay: 1000,
    heartbeatTimeout: 3000,
  },
  argTypes: {
    ...elementArgTypes,
    ...speedArgType,
    recording: {
      ...transport,
      description: 'Which recorded stream the mock server sends (and the preset that reads it).',
      control: 'select',
      options: Object.keys(recordings),
    },
    fault: {
      ...transport,
      description:
        'What goes wrong once, after `faultAfter` events: `drop` loses the connection; `stall` goes silent until the heartbeat timeout; `503` loses it and answers the next `failedAttempts` reconnections with 503; `401` refuses the reconnection (fatal until Retry).',
      control: 'inline-radio',
      options: ['none', 'drop', 'stall', '503', '401'],
    },
    faultAfter: { ...transport, description: 'Events delivered before the fault.', control: { type: 'range', min: 0, max: 20 } },
    failedAttempts: {
      ...transport,
      description: 'For `503`: reconnection attempts answered 503 before one succeeds (more than `max-retries`: offline).',
      control: { type: 'range', min: 0, max: 12 },
    },
    retryDelay: {
      ...transport,
      description: 'First reconnection delay in ms (doubles per attempt), like the `retry-delay` attribute.',
      control: { type: 'number', min: 0, step: 100 },
    },
    heartbeatTimeout: {
      ...transport,
      description: 'Silence in ms after which the connection counts as dead, like the `heartbeat-timeout` attribute.',
      control: { type: 'number', min: 0, step: 500 },
    },
  },
  render: (args, context) => {
    const recording = recordings[args.recording];
    const { el } = replayedStream({ ...args, label: args.label || recording.title }, context, recording, {
      fault: args.fault,
      faultAfter: args.faultAfter,
      failedAttempts: args.failedAttempts,
      retryDelayMs: args.retryDelay,
      heartbeatTimeoutMs: args.heartbeatTimeout,
    });
    return el;
  },
  parameters: {
    docs: {
      description: {
        component:
          'An in-browser mock of the transport (`stories/support/mock-client.ts`) replays a recording through the same states as `StreamClient`: connecting → open → reconnecting (attempt, delay) → open or offline. Events sent while the connection was down arrive when it is back, as with `Last-Event-ID` resume.',
      },
    },
  },
} satisfies Meta<LiveArgs>;

export default meta;

/** Everything adjustable: pick a recording, a speed and a fault (the stories below test each fault). */
export const Live: Story = {
  parameters: {
    docs: {
      description: { story: 'Pick a recording, a speed and a fault in the controls; "Remount" in the toolbar starts the job again.' },
    },
  },
};

const connectionText = (canvasElement: HTMLElement) => textOf(streamIn(canvasElement), 'connection-text');
const quick = { timeout: 12_000 };

/** The connection changes the element announced, as `status[/attempt][+delay][!error kind]`. */
function transitions(el: ProgressStream): string[] {
  return connectionLog(el).map(
    (d) =>
      `${d.status}${d.attempt ? `/${d.attempt}` : ''}${d.delayMs !== undefined ? `+${d.delayMs}` : ''}${d.error ? `!${d.error.status ?? d.error.kind}` : ''}`,
  );
}

export const ConnectionDrops: Story = {
  name: 'Fault: the connection drops',
  args: { fault: 'drop', speed: 4, faultAfter: 6, retryDelay: 2000 },
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await waitFor(() => expect(connectionText(canvasElement)).toMatch(/^Reconnecting 1\/10, next try in [12] s$/), quick);
    expect(textOf(el, 'connection-error')).toBe('The connection was lost');
    expect(partNames(part(el, 'connection'))).toContain('connection-warning');
    expect(textOf(el, 'retry-button')).toBe('Retry');
    await waitFor(() => expect(connectionText(canvasElement)).toBe('Complete'), quick);
    expect(transitions(el)).toEqual(['connecting', 'open', 'reconnecting/1+2000!network', 'reconnecting/1', 'open', 'closed']);
    // Nothing was lost: the events sent while it was down arrived after the reconnect, up to
    // `enrichment.completed`, which ends the stream.
    const events = recordings['batch-enrichment'].events;
    expect(el.client?.lastEventId).toBe(String(events.findIndex((e) => e.event === 'enrichment.completed') + 1));
    expect(el.state.metrics).toMatchObject({ Enriched: 47, Failed: 1, Pending: 0 });
    const feed = el.state.activity.map((entry) => entry.message).join('\n');
    for (const mpn of ['LM358DR', 'GRM188R71H104KA93D', 'XC6206P332MR-X', 'RC0603FR-0710KL', 'USBLC6-2SC6']) expect(feed).toContain(mpn);
  },
};

export const ConnectionStalls: Story = {
  name: 'Fault: the connection stalls (heartbeat timeout)',
  args: { fault: 'stall', speed: 4, faultAfter: 6, heartbeatTimeout: 1500, retryDelay: 1500 },
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await waitFor(() => expect(connectionText(canvasElement)).toMatch(/^Reconnecting 1\/10/), quick);
    expect(textOf(el, 'connection-error')).toBe('No data for 1500 ms: the connection was presumed dead');
    await waitFor(() => expect(connectionText(canvasElement)).toBe('Complete'), quick);
    expect(transitions(el)).toEqual(['connecting', 'open', 'reconnecting/1+1500!heartbeat', 'reconnecting/1', 'open', 'closed']);
    expect(el.state.percent).toBe(100);
  },
};

export const ServiceUnavailable: Story = {
  name: 'Fault: 503 during a deploy',
  args: { fault: '503', speed: 4, faultAfter: 6, failedAttempts: 2, retryDelay: 500 },
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await waitFor(() => expect(connectionText(canvasElement)).toMatch(/^Reconnecting 3\/10/), quick);
    expect(textOf(el, 'connection-error')).toBe('The server answered HTTP 503');
    await waitFor(() => expect(connectionText(canvasElement)).toBe('Complete'), quick);
    expect(transitions(el)).toEqual([
      'connecting',
      'open',
      'reconnecting/1+500!network',
      'reconnecting/1',
      'reconnecting/2+1000!503',
      'reconnecting/2',
      'reconnecting/3+2000!503',
      'reconnecting/3',
      'open',
      'closed',
    ]);
  },
};

export const ServiceUnavailableUntilOffline: Story = {
  name: 'Fault: 503 until the retries run out',
  args: { fault: '503', speed: 4, faultAfter: 6, failedAttempts: 12, retryDelay: 100, 'max-retries': 3 },
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await waitFor(() => expect(connectionText(canvasElement)).toBe('Live updates unavailable'), quick);
    expect(textOf(el, 'connection-error')).toBe('The server answered HTTP 503');
    expect(el.client?.status).toBe('offline');
    expect(transitions(el).slice(2)).toEqual([
      'reconnecting/1+100!network',
      'reconnecting/1',
      'reconnecting/2+200!503',
      'reconnecting/2',
      'reconnecting/3+400!503',
      'reconnecting/3',
      'offline/4!503',
    ]);
    // Retry starts again (the deploy is over), and the job finishes.
    await userEvent.click(part(el, 'retry-button')!);
    await waitFor(() => expect(connectionText(canvasElement)).toBe('Complete'), quick);
  },
};

export const Unauthorized: Story = {
  name: 'Fault: 401, then Retry',
  args: { fault: '401', speed: 4, faultAfter: 6, retryDelay: 300 },
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await waitFor(() => expect(connectionText(canvasElement)).toBe('Live updates unavailable'), quick);
    expect(textOf(el, 'connection-error')).toBe('The server requires authentication (HTTP 401)');
    expect(partNames(part(el, 'connection'))).toContain('connection-offline');
    expect(transitions(el).at(-1)).toBe('offline/1!401');
    const retry = part(el, 'retry-button');
    expect(retry).not.toBeNull();
    await userEvent.click(retry!);
    await waitFor(() => expect(connectionText(canvasElement)).toBe('Complete'), quick);
    expect(transitions(el).slice(-3)).toEqual(['connecting', 'open', 'closed']);
    expect(el.state.metrics).toMatchObject({ Enriched: 47, Failed: 1 });
  },
};
