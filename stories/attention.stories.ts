// Getting attention back: "Stalled" instead of an ETA that lies, "Usually takes …" from past
// runs before the first progress, and the "Notify me" offer of the `notify` attribute. Each
// story renders the element itself; the play functions check what is on screen and the
// accessibility check runs after them.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, waitFor } from 'storybook/test';
import { elementArgDefaults, elementArgTypes, pushedStream, type ElementArgs } from './support/element.js';
import { onCleanup } from './support/cleanup.js';
import { part, settled, streamIn, textOf } from './support/query.js';
import { stepPercentUntil } from './support/recordings.js';

const open = { status: 'open', previous: 'connecting', attempt: 0 } as const;

const meta = {
  title: 'Progress stream/Attention',
  component: 'progress-stream',
  args: { ...elementArgDefaults, label: 'Schema analysis', lang: 'en-US' },
  argTypes: elementArgTypes,
} satisfies Meta<ElementArgs>;

export default meta;

type Story = StoryObj<ElementArgs>;

const describe = (story: string) => ({ docs: { description: { story } } });

/** The polite status region's text (what a screen reader is told). */
const announced = (canvasElement: HTMLElement) =>
  streamIn(canvasElement).shadowRoot?.querySelector('[role="status"]')?.textContent?.trim() ?? '';

export const Stalled: Story = {
  render: (args) => {
    const el = pushedStream(args, { preset: 'step-percent', events: stepPercentUntil(35), connection: open });
    // One second without progress is a stall here (30 s by default), so the story gets there quickly.
    el.setAttribute('stall-after', '1000');
    return el;
  },
  parameters: describe(
    'No progress for `stall-after` milliseconds (default 30000): the timing line says "Stalled" in the warning tone instead of an ETA that would no longer be true, and the polite region says so once.',
  ),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    await waitFor(() => expect(textOf(el, 'stalled')).toBe('Stalled'), { timeout: 6000 });
    expect(part(el, 'eta')).toBeNull();
    expect(el.state.stalled).toBe(true);
    await waitFor(() => expect(announced(canvasElement)).toContain('No progress for a while'));
  },
};

/** Five recorded runs of 2 min 10 s to 3 min: the middle half is "2–3 min". */
const pastRuns = [130_000, 140_000, 150_000, 170_000, 180_000].map((totalMs, i) => ({
  totalMs,
  steps: {},
  endedAt: Date.UTC(2026, 0, 1 + i),
}));
const HISTORY_KEY = 'storybook-schema-analysis';

export const TypicalDuration: Story = {
  name: 'Typical duration',
  render: (args, context) => {
    // What completed runs under `history-key` leave in localStorage (see src/session/run-history.ts).
    const storageKey = `progress-stream:history:${HISTORY_KEY}`;
    localStorage.setItem(storageKey, JSON.stringify({ v: 1, runs: pastRuns }));
    onCleanup(context.id, () => localStorage.removeItem(storageKey));
    const el = pushedStream(args, { preset: 'step-percent', connection: { status: 'connecting', previous: 'idle', attempt: 0 } });
    el.setAttribute('history-key', HISTORY_KEY);
    return el;
  },
  parameters: describe(
    'With `history-key`, the durations of completed runs are kept in localStorage (the last 20). Before the first progress the element says how long the job usually takes: the middle half of the recorded runs, in the locale.',
  ),
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    await waitFor(() => expect(textOf(el, 'typical')).toBe('Usually takes 2–3 min'));
    // The first progress replaces it with the live estimate.
    el.push({ event: 'message', data: JSON.stringify({ step: 'scanning', progress: 5, message: 'Scanning tables' }) });
    await settled(el);
    expect(part(el, 'typical')).toBeNull();
  },
};

type Permission = 'default' | 'granted' | 'denied';
type PromptArgs = ElementArgs & { permission: Permission };

/**
 * A stand-in for the browser's Notification class, so that the story looks the same in every
 * browser and asks nothing of yours: `permission` is the story's control, and "Notify me"
 * answers `granted` (a notification would only be shown for a hidden page anyway).
 */
function stubNotification(permission: Permission): { restore: () => void; requests: () => number } {
  const win = window as unknown as { Notification?: unknown };
  const real = win.Notification;
  let requests = 0;
  win.Notification = class StoryNotification {
    static permission: Permission = permission;
    static requestPermission(): Promise<Permission> {
      requests += 1;
      StoryNotification.permission = 'granted';
      return Promise.resolve('granted');
    }
    close(): void {}
  };
  return {
    restore: () => {
      win.Notification = real;
    },
    requests: () => requests,
  };
}

let stub: ReturnType<typeof stubNotification> | undefined;

export const NotificationPrompt: StoryObj<PromptArgs> = {
  name: 'Notification prompt',
  args: { permission: 'default' },
  argTypes: {
    permission: {
      description: 'What the (stubbed) browser says about notification permission.',
      control: 'inline-radio',
      options: ['default', 'granted', 'denied'],
      table: { category: 'story' },
    },
  },
  render: (args, context) => {
    stub?.restore();
    stub = stubNotification(args.permission);
    const own = stub;
    onCleanup(context.id, () => own.restore());
    const el = pushedStream(args, { preset: 'step-percent', events: stepPercentUntil(35), connection: open });
    el.notify = true;
    return el;
  },
  parameters: describe(
    'With `notify`, a small "Notify me" button is offered while the job runs, until the browser has been asked. Only a click on it (a user gesture) asks for permission, never loading the page; once granted it says "You will be notified". When the job then ends while the page is hidden, a notification says so and the page title gets a ✓ or ✗ until the page is seen again. Permission denied, or no Notification API: no button.',
  ),
  play: async ({ canvasElement, args }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    if (args.permission !== 'default') {
      expect(part(el, 'notify-button')).toBeNull();
      return;
    }
    // The notification code is loaded by the first element with `notify`: the button follows it.
    await waitFor(() => expect(part(el, 'notify-button')?.tagName).toBe('BUTTON'));
    expect(textOf(el, 'notify-button')).toBe('Notify me');
    // A script's click is not a gesture: nothing is asked (a person's click asks).
    part(el, 'notify-button')?.click();
    await settled(el);
    expect(stub?.requests()).toBe(0);
    expect(textOf(el, 'notify-button')).toBe('Notify me');
  },
};
