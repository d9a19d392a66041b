// Same-origin frames as stand-ins for tabs in the browser tests of shared streams: each frame is
// its own realm (its own module instances, so its own registry of shared streams) and shares the
// origin's BroadcastChannels and Web Locks with the page and the other frames, as tabs do. Every
// message a frame posts on a BroadcastChannel is recorded.
import type { StreamClient } from '../../../src/client/index.js';

export interface Tab {
  frame: HTMLIFrameElement;
  StreamClient: typeof StreamClient;
  /** What this frame posted on BroadcastChannels, as JSON. */
  posted: string[];
  /** Fires a Page Lifecycle event on the frame's document (`freeze`, `resume`). */
  lifecycle(type: 'freeze' | 'resume'): void;
}

interface FrameGlobals {
  StreamClient?: typeof StreamClient;
  __posted?: string[];
}

let next = 0;

export async function openTab(): Promise<Tab> {
  const frame = document.createElement('iframe');
  const ready = `ready-${next++}`;
  // The recorder wraps postMessage before the client module is even loaded.
  frame.srcdoc = `<script>
    window.__posted = [];
    const post = BroadcastChannel.prototype.postMessage;
    BroadcastChannel.prototype.postMessage = function (message) { window.__posted.push(JSON.stringify(message)); return post.call(this, message); };
  </script>
  <script type="module">
    import { StreamClient } from '/src/client/index.ts';
    window.StreamClient = StreamClient;
    parent.postMessage('${ready}', '*');
  </script>`;
  const loaded = new Promise<void>((resolve) => {
    const onMessage = (event: MessageEvent) => {
      if (event.data !== ready) return;
      window.removeEventListener('message', onMessage);
      resolve();
    };
    window.addEventListener('message', onMessage);
  });
  document.body.append(frame);
  await loaded;
  const globals = frame.contentWindow as unknown as FrameGlobals;
  return {
    frame,
    StreamClient: globals.StreamClient!,
    posted: globals.__posted!,
    lifecycle(type) {
      frame.contentDocument?.dispatchEvent(new Event(type));
    },
  };
}
