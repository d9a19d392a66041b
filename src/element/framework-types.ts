import type { ProgressStreamEventMap } from './events.js';
import type { ProgressStream } from './progress-stream.js';

/**
 * The element's settable properties, by name: what framework typings (React's JSX, Vue's
 * GlobalComponents, Svelte's SvelteHTMLElements) accept as props. One list for all of them.
 */
export type ProgressStreamPropertyName =
  | 'src'
  | 'preset'
  | 'mapping'
  | 'heartbeatTimeout'
  | 'maxRetries'
  | 'retryDelay'
  | 'maxRetryDelay'
  | 'feedLimit'
  | 'withCredentials'
  | 'statusUrl'
  | 'pollInterval'
  | 'label'
  | 'compact'
  | 'hideFeed'
  | 'hideSteps'
  | 'hideMetrics'
  | 'orientation'
  | 'theme'
  | 'debug'
  | 'manual'
  | 'shared'
  | 'resetEvent'
  | 'headers'
  | 'onUnauthorized'
  | 'strings'
  | 'client'
  | 'cancelUrl'
  | 'pauseUrl'
  | 'resumeUrl'
  | 'confirmCancel'
  | 'actions'
  | 'notify'
  | 'stallAfter'
  | 'historyKey';

/** The settable properties, all optional. */
export type ProgressStreamProperties = Partial<Pick<ProgressStream, ProgressStreamPropertyName>>;

/** `on<event-name>` handlers for the element's DOM events (React 19 and Svelte 5 bind these). */
export type ProgressStreamEventHandlers = {
  [K in keyof ProgressStreamEventMap as `on${K}`]?: (event: ProgressStreamEventMap[K]) => void;
};
