// Cancel, pause and resume: the job controls in each state a person can see. The element is fed
// recorded phase-snapshot events through push(), and `actions` stand in for the server (no
// network). The play functions check what is on screen; axe runs after each of them.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import type { ProgressStream } from '../src/element/progress-stream.js';
import type { JobActions } from '../src/session/job-control.js';
import { elementArgDefaults, elementArgTypes, pushedStream, type ElementArgs } from './support/element.js';
import { part, partNames, settled, streamIn, textOf } from './support/query.js';
import { phaseSnapshotRunning, type RecordedEvent } from './support/recordings.js';

type Story = StoryObj<ElementArgs>;

const open = { status: 'open', previous: 'connecting', attempt: 0 } as const;

/** The running recording, then one more snapshot with the server's `status`. */
function runningThen(status: string): RecordedEvent[] {
  const last = phaseSnapshotRunning[phaseSnapshotRunning.length - 1]!;
  return [...phaseSnapshotRunning, { at: last.at + 450, event: 'progress', data: { ...(last.data as object), status } }];
}

/** Accepted at once: the server took the request, the stream has not confirmed it yet. */
const accepting: JobActions = { cancel: () => undefined, pause: () => undefined, resume: () => undefined };

interface ControlSetup {
  events?: readonly RecordedEvent[];
  actions?: JobActions;
  /** Run once the element is on the page, as a press of the button would. */
  then?: (el: ProgressStream) => unknown;
}

function controlled(setup: ControlSetup): Pick<Story, 'render'> {
  return {
    render: (args) => {
      const el = pushedStream(args, { preset: 'phase-snapshot', events: setup.events ?? phaseSnapshotRunning, connection: open });
      el.actions = setup.actions ?? accepting;
      const then = setup.then;
      if (then) void el.updateComplete.then(() => then(el));
      return el;
    },
  };
}

const describe = (story: string) => ({ docs: { description: { story } } });

const meta = {
  title: 'Progress stream/Job control',
  component: 'progress-stream',
  args: { ...elementArgDefaults, label: 'Nightly planning snapshot' },
  argTypes: elementArgTypes,
} satisfies Meta<ElementArgs>;

export default meta;

export const Running: Story = {
  ...controlled({}),
  parameters: describe('With `cancel-url` and `pause-url` (here `actions`): Pause and Cancel under the bar while the job runs.'),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    expect(textOf(el, 'pause-button')).toBe('Pause');
    expect(textOf(el, 'cancel-button')).toBe('Cancel');
    expect(part(el, 'resume-button')).toBeNull();
  },
};

export const CancelConfirmation: Story = {
  name: 'Cancel confirmation',
  ...controlled({}),
  parameters: describe('Cancel asks inline first (`confirm-cancel`; empty cancels at once). Escape or "Keep running" closes it.'),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    await userEvent.click(part(el, 'cancel-button')!);
    await settled(el);
    expect(part(el, 'confirm')?.getAttribute('role')).toBe('group');
    expect(textOf(el, 'confirm')).toContain('Cancel this job?');
    expect(el.shadowRoot?.activeElement).toBe(part(el, 'confirm-no'));
    expect(textOf(el, 'confirm-no')).toBe('Keep running');
    expect(part(el, 'cancel-button')).toBeNull();
  },
};

export const Cancelling: Story = {
  ...controlled({ then: (el) => el.cancel() }),
  parameters: describe('The request was accepted; "Cancelling…" until the stream says the job is cancelled.'),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await waitFor(() => expect(textOf(el, 'control-status')).toBe('Cancelling…'));
    expect(part(el, 'cancel-button')).toBeNull();
    expect(part(el, 'pause-button')).toBeNull();
  },
};

export const Cancelled: Story = {
  ...controlled({ events: runningThen('cancelled') }),
  parameters: describe('The stream said `cancelled`: no controls any more; the indicator says so.'),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    expect(el.state.status).toBe('cancelled');
    expect(textOf(el, 'connection-text')).toBe('Cancelled');
    expect(part(el, 'controls')).toBeNull();
  },
};

export const Paused: Story = {
  ...controlled({ events: runningThen('paused') }),
  parameters: describe('A paused job: the bar keeps its fill, muted; no rate or ETA; Resume and Cancel.'),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    expect(el.state.status).toBe('paused');
    const bar = part(el, 'bar');
    expect(bar?.classList.contains('bar-paused')).toBe(true);
    expect(bar?.getAttribute('aria-valuetext')).toContain('Paused');
    expect(textOf(el, 'connection-text')).toBe('Paused');
    expect(partNames(part(el, 'connection'))).toContain('connection-idle');
    expect(part(el, 'eta')).toBeNull();
    expect(textOf(el, 'resume-button')).toBe('Resume');
    expect(textOf(el, 'cancel-button')).toBe('Cancel');
    expect(part(el, 'pause-button')).toBeNull();
  },
};

export const CancelFailed: Story = {
  name: 'Cancel failed',
  ...controlled({
    actions: { ...accepting, cancel: () => Promise.reject(new Error('HTTP 409 Conflict')) },
    then: (el) => el.cancel(),
  }),
  parameters: describe('The request was refused: the reason is shown (role="alert") and the buttons are back.'),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await waitFor(() => expect(part(el, 'control-error')).not.toBeNull());
    expect(part(el, 'control-error')?.getAttribute('role')).toBe('alert');
    expect(textOf(el, 'control-error')).toContain('HTTP 409 Conflict');
    expect(part(el, 'cancel-button')).not.toBeNull();
    expect(part(el, 'control-status')).toBeNull();
  },
};
