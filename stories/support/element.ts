// Building a <progress-stream> from story args: the controls designers can change, and the
// element fed with recorded events through push() (no network).
import type { ArgTypes } from '@storybook/web-components-vite';
import type { StatusDetail } from '../../src/client/types.js';
import '../../src/element/progress-stream.js';
import type { ProgressStream } from '../../src/element/progress-stream.js';
import type { ProgressStreamStrings } from '../../src/element/strings.js';
import type { Mapping, PresetName } from '../../src/mapping/index.js';
import { messagesOf, type RecordedEvent } from './recordings.js';

/** The element options a story exposes as controls (named like the attributes). */
export interface ElementArgs {
  label?: string;
  compact?: boolean;
  orientation?: 'horizontal' | 'vertical';
  theme?: 'light' | 'dark' | 'auto';
  'hide-feed'?: boolean;
  'hide-steps'?: boolean;
  'hide-metrics'?: boolean;
  'feed-limit'?: number;
  'max-retries'?: number;
  debug?: boolean;
  lang?: string;
  dir?: 'ltr' | 'rtl';
  strings?: Partial<ProgressStreamStrings>;
}

export const elementArgDefaults: ElementArgs = {
  compact: false,
  orientation: 'horizontal',
  'hide-feed': false,
  'hide-steps': false,
  'hide-metrics': false,
  debug: false,
};

/** Names the docs table lists (from custom-elements.json) that stories do not drive. */
const documentedOnly = [
  'src',
  'preset',
  'mapping',
  'heartbeat-timeout',
  'retry-delay',
  'max-retry-delay',
  'with-credentials',
  'status-url',
  'poll-interval',
  'manual',
  'cancel-url',
  'pause-url',
  'resume-url',
  'history-key',
  'notify',
  'stall-after',
  'confirm-cancel',
  // The camelCase properties behind the attributes above and below: one control per option.
  'heartbeatTimeout',
  'maxRetries',
  'retryDelay',
  'maxRetryDelay',
  'feedLimit',
  'withCredentials',
  'statusUrl',
  'pollInterval',
  'hideFeed',
  'hideSteps',
  'hideMetrics',
  'headers',
  'onUnauthorized',
  'cancelUrl',
  'pauseUrl',
  'resumeUrl',
  'historyKey',
  'actions',
  'stallAfter',
  'confirmCancel',
  'state',
  'client',
];

export const elementArgTypes: ArgTypes<ElementArgs> = {
  ...Object.fromEntries(documentedOnly.map((name) => [name, { control: false }])),
  label: { control: 'text' },
  compact: { control: 'boolean' },
  orientation: { control: 'inline-radio', options: ['horizontal', 'vertical'] },
  theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
  'hide-feed': { control: 'boolean' },
  'hide-steps': { control: 'boolean' },
  'hide-metrics': { control: 'boolean' },
  'feed-limit': { control: { type: 'number', min: 0, max: 200 } },
  'max-retries': { control: { type: 'number', min: 0, max: 20 } },
  debug: { control: 'boolean' },
  lang: { control: 'text' },
  dir: {
    control: 'inline-radio',
    options: ['ltr', 'rtl'],
    description: 'Text direction (a global attribute).',
    table: { category: 'attributes' },
  },
  strings: { control: 'object' },
};

export function applyElementArgs(el: ProgressStream, args: ElementArgs): void {
  if (args.label !== undefined && args.label !== '') el.label = args.label;
  el.compact = args.compact ?? false;
  el.orientation = args.orientation ?? 'horizontal';
  if (args.theme !== undefined) el.theme = args.theme;
  el.hideFeed = args['hide-feed'] ?? false;
  el.hideSteps = args['hide-steps'] ?? false;
  el.hideMetrics = args['hide-metrics'] ?? false;
  if (args['feed-limit'] !== undefined) el.feedLimit = args['feed-limit'];
  if (args['max-retries'] !== undefined) el.maxRetries = args['max-retries'];
  el.debug = args.debug ?? false;
  if (args.lang) el.setAttribute('lang', args.lang);
  if (args.dir) el.setAttribute('dir', args.dir);
  if (args.strings !== undefined) el.strings = args.strings;
}

export interface PushedStream {
  preset?: PresetName;
  mapping?: Mapping;
  /** Recorded events, pushed in order before the element is shown. */
  events?: readonly RecordedEvent[];
  /** A connection state to show (there is no client in these stories). */
  connection?: StatusDetail;
}

/** A <progress-stream> fed by push() with recorded events: no network, no timers. */
export function pushedStream(args: ElementArgs, setup: PushedStream): ProgressStream {
  const el = document.createElement('progress-stream');
  if (setup.mapping !== undefined) el.mapping = setup.mapping;
  else if (setup.preset !== undefined) el.preset = setup.preset;
  applyElementArgs(el, args);
  for (const message of messagesOf(setup.events ?? [])) el.push(message);
  if (setup.connection !== undefined) el.showConnection(setup.connection);
  return el;
}
