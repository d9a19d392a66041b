// Template types for <progress-stream>: its properties as attributes (Svelte sets them as
// properties) and its DOM events as `onprogress-update` and friends, checked by svelte-check.
import type { ProgressStream, ProgressStreamEventHandlers, ProgressStreamProperties } from 'progress-stream';
import type { HTMLAttributes } from 'svelte/elements';

declare module 'svelte/elements' {
  export interface SvelteHTMLElements {
    'progress-stream': HTMLAttributes<ProgressStream> & ProgressStreamProperties & ProgressStreamEventHandlers;
  }
}

export {};
