// Template types for <progress-stream>: its properties as props and its DOM events for
// `@progress-update` and friends, checked by vue-tsc (Vue's recipe for typed custom elements).
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { ProgressStream, ProgressStreamEventMap, ProgressStreamPropertyName } from 'progress-stream';

type DefineCustomElement<
  Element extends HTMLElement,
  Events extends Record<string, Event>,
  Props extends keyof Element,
> = new () => Element & {
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
