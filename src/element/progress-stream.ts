// Registers <progress-stream>. The class itself (to subclass it, or to register it under
// another name) is in progress-stream.component.ts, which has no side effect.
import { ProgressStream } from './progress-stream.component.js';

export { ProgressStream };

if (typeof customElements !== 'undefined' && !customElements.get('progress-stream')) {
  customElements.define('progress-stream', ProgressStream);
}

declare global {
  interface HTMLElementTagNameMap {
    'progress-stream': ProgressStream;
  }
}
