// Template types for <progress-stream> in Vue (vue-tsc): the element's properties as props and
// its DOM events as `@progress-update` and friends, Vue's recipe for typed custom elements.
// Type-only; load it once, e.g. in env.d.ts:
//   import type {} from '@progress-stream/core/vue/elements';
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { ProgressStreamEventMap } from '../element/events.js';
import type { ProgressStreamPropertyName } from '../element/framework-types.js';
import type { ProgressStream } from '../element/progress-stream.js';

type DefineCustomElement<Element extends HTMLElement, Events extends object, Props extends keyof Element> = new () => Element & {
  /** @deprecated Template prop types only; do not read it on an element ref. */
  $props: HTMLAttributes & Partial<Pick<Element, Props>> & PublicProps;
  /** @deprecated Template event types only; do not call it on an element ref. */
  $emit: EmitFn<{ [K in keyof Events]: (event: Events[K]) => void }>;
};

declare module 'vue' {
  interface GlobalComponents {
    'progress-stream': DefineCustomElement<ProgressStream, ProgressStreamEventMap, ProgressStreamPropertyName>;
  }
}
