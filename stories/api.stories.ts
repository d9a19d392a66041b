// The element's JavaScript surface as a page sees it: properties that re-render, push() and
// reset(), and the DOM events. The first story also guards the build: Lit's @property()
// decorators only work when TypeScript's legacy decorators are compiled without define
// semantics for class fields (tsconfig.json); otherwise setting a property changes nothing.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, waitFor } from 'storybook/test';
import { ProgressStream } from '../src/element/progress-stream.js';
import type { ProgressState } from '../src/mapping/index.js';
import { elementArgDefaults, elementArgTypes, pushedStream, type ElementArgs } from './support/element.js';
import { part, parts, settled, streamIn, textOf } from './support/query.js';
import { messagesOf, stepPercent, stepPercentUntil } from './support/recordings.js';

type Story = StoryObj<ElementArgs>;

const meta = {
  title: 'Progress stream/API',
  component: 'progress-stream',
  args: { ...elementArgDefaults, label: 'Schema analysis' },
  argTypes: elementArgTypes,
  render: (args) =>
    pushedStream(args, {
      preset: 'step-percent',
      events: stepPercentUntil(35),
      connection: { status: 'open', previous: 'connecting', attempt: 0 },
    }),
} satisfies Meta<ElementArgs>;

export default meta;

export const PropertiesUpdateTheView: Story = {
  name: 'Properties update the view',
  parameters: {
    docs: {
      description: {
        story:
          'Setting a property (`label`, `compact`, `orientation`, `theme`, `strings`) re-renders and reflects it where it is styled by attribute.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    // The decorators registered every reactive property.
    for (const name of ['src', 'preset', 'label', 'compact', 'orientation', 'theme', 'feedLimit', 'strings']) {
      expect(ProgressStream.elementProperties.has(name as keyof ProgressStream), `@property() ${name}`).toBe(true);
    }
    expect(Object.prototype.hasOwnProperty.call(el, 'label'), 'no own field shadows the label accessor').toBe(false);

    el.label = 'Renamed job';
    el.compact = true;
    el.theme = 'dark';
    el.strings = { live: 'Connected' };
    await el.updateComplete;
    expect(textOf(el, 'title')).toBe('Renamed job');
    expect(part(el, 'bar')?.getAttribute('aria-label')).toBe('Renamed job');
    expect(el.hasAttribute('compact')).toBe(true);
    expect(part(el, 'steps')).toBeNull();
    expect(el.getAttribute('theme')).toBe('dark');
    expect(textOf(el, 'connection-text')).toBe('Connected');

    el.compact = false;
    el.orientation = 'vertical';
    await el.updateComplete;
    expect(el.getAttribute('orientation')).toBe('vertical');
    expect(part(el, 'steps')?.classList.contains('vertical')).toBe(true);

    // Attributes set from HTML reach the properties too.
    el.setAttribute('feed-limit', '2');
    el.setAttribute('hide-metrics', '');
    await settled(el);
    expect(el.feedLimit).toBe(2);
    expect(parts(el, 'feed-entry')).toHaveLength(2);
  },
};

export const PushResetAndEvents: Story = {
  name: 'push(), reset() and DOM events',
  parameters: {
    docs: {
      description: {
        story:
          '`push(message)` applies a message as if it came from the stream; `progress-update` follows at most once per frame, `progress-complete` once at the end; `reset()` forgets the progress. Events are listed in the Actions panel.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const el = streamIn(canvasElement);
    await settled(el);
    const updates: ProgressState[] = [];
    const completed: ProgressState[] = [];
    el.addEventListener('progress-update', (e) => updates.push(e.detail));
    el.addEventListener('progress-complete', (e) => completed.push(e.detail));

    const rest = messagesOf(stepPercent.events).slice(stepPercentUntil(35).length);
    for (const message of rest) el.push(message);
    await waitFor(() => expect(completed).toHaveLength(1));
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.length).toBeLessThanOrEqual(2);
    expect(completed[0]?.percent).toBe(100);
    await settled(el);
    expect(textOf(el, 'connection-text')).toBe('Complete');

    el.reset();
    await settled(el);
    expect(el.state.status).toBe('idle');
    expect(textOf(el, 'percent')).toBe('');
    expect(parts(el, 'step-pending')).toHaveLength(6);
  },
};
