// JSX typings for the bare <progress-stream> element in React 19, which sets properties and
// listens to custom events on custom elements by itself:
//
//   <progress-stream src={url} headers={{ Authorization: `Bearer ${token}` }}
//     onprogress-complete={(e) => setDone(e.detail.status === 'complete')} />
//
// Importing anything from '@progress-stream/core/react' or '@progress-stream/core/react/component' (also
// `import type {} from …`) brings them in.
import type * as React from 'react';
import type { ProgressStreamEventHandlers, ProgressStreamProperties } from '../element/framework-types.js';
import type { ProgressStream } from '../element/progress-stream.js';

/** The element's settable properties, as React 19 props. */
export type ProgressStreamElementProperties = ProgressStreamProperties;

/** React 19 binds `on<event-name>` props of custom elements as event listeners. */
export type ProgressStreamElementEvents = ProgressStreamEventHandlers;

/** Everything `<progress-stream>` accepts in JSX. */
export type ProgressStreamElementAttributes = React.DetailedHTMLProps<React.HTMLAttributes<ProgressStream>, ProgressStream> &
  ProgressStreamElementProperties &
  ProgressStreamElementEvents;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'progress-stream': ProgressStreamElementAttributes;
    }
  }
}
