// A <progress-stream> fed by the in-browser mock transport, replaying a recording in real time.
import type { StoryContext } from '@storybook/web-components-vite';
import type { StatusDetail } from '../../src/client/types.js';
import '../../src/element/progress-stream.js';
import type { ProgressStream } from '../../src/element/progress-stream.js';
import { clientOptionsFor } from '../../src/mapping/index.js';
import { cleanupStory, onCleanup } from './cleanup.js';
import { applyElementArgs, type ElementArgs } from './element.js';
import { MockStreamClient, type MockStreamOptions } from './mock-client.js';
import type { Recording } from './recordings.js';

export interface ReplayArgs extends ElementArgs {
  /** 1 is real time. */
  speed: number;
}

export const speedArgType = {
  speed: {
    description: 'Replay speed (1 = as recorded).',
    control: { type: 'inline-radio' },
    options: [0.5, 1, 2, 4, 8],
    table: { category: 'mock transport' },
  },
} as const;

const connectionLogs = new WeakMap<ProgressStream, StatusDetail[]>();

/**
 * Every `connection-change` the element dispatched since it was created, in order. Transitions
 * can be shorter than a test's polling interval on a busy machine; this log misses none.
 */
export function connectionLog(el: ProgressStream): StatusDetail[] {
  return connectionLogs.get(el) ?? [];
}

/**
 * An element whose `client` is a MockStreamClient replaying `recording` (terminal events as
 * the preset declares them), connected at once. The client stops when the story is left.
 */
export function replayedStream(
  args: ReplayArgs,
  context: Pick<StoryContext, 'id'>,
  recording: Recording,
  options: Partial<MockStreamOptions> = {},
): { el: ProgressStream; client: MockStreamClient } {
  cleanupStory(context.id);
  const el = document.createElement('progress-stream');
  el.preset = recording.preset;
  applyElementArgs(el, args);
  const log: StatusDetail[] = [];
  connectionLogs.set(el, log);
  el.addEventListener('connection-change', (event) => log.push(event.detail));
  const client = new MockStreamClient({
    events: recording.events,
    speed: args.speed,
    ...(args['max-retries'] !== undefined ? { maxRetries: args['max-retries'] } : {}),
    ...clientOptionsFor(recording.preset),
    ...options,
  });
  onCleanup(context.id, () => client.close());
  el.client = client;
  // A client the page sets belongs to the page, which opens it.
  client.connect();
  return { el, client };
}
