// Template types for <progress-stream>: its properties as attributes (Svelte sets them as
// properties) and its DOM events as `onprogress-update` and friends, checked by svelte-check.
import type { ProgressStream, ProgressStreamEventMap } from 'progress-stream';
import type { HTMLAttributes } from 'svelte/elements';

type ProgressStreamProperties = Partial<
  Pick<
    ProgressStream,
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
    | 'headers'
    | 'onUnauthorized'
    | 'strings'
    | 'client'
  >
>;

type ProgressStreamEvents = {
  [K in keyof ProgressStreamEventMap as `on${K}`]?: (event: ProgressStreamEventMap[K]) => void;
};

declare module 'svelte/elements' {
  export interface SvelteHTMLElements {
    'progress-stream': HTMLAttributes<ProgressStream> & ProgressStreamProperties & ProgressStreamEvents;
  }
}

export {};
