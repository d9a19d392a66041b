// Template types for <progress-stream> in Svelte 5 (svelte-check): its properties as attributes
// (Svelte sets them as properties) and its DOM events as `onprogress-update` and friends.
// Type-only; load it once, e.g. in src/app.d.ts:
//   import type {} from '@progress-stream/core/svelte/elements';
import type { HTMLAttributes as ElementAttributes } from 'svelte/elements';
import type { ProgressStreamEventHandlers, ProgressStreamProperties } from '../element/framework-types.js';
import type { ProgressStream } from '../element/progress-stream.js';

declare module 'svelte/elements' {
  export interface SvelteHTMLElements {
    'progress-stream': ElementAttributes<ProgressStream> & ProgressStreamProperties & ProgressStreamEventHandlers;
  }
}
