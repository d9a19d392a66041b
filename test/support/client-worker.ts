// Runs a StreamClient inside a dedicated Web Worker (no window, no document) and reports
// what it saw to the page.
import { StreamClient } from '../../src/client/index.js';

self.addEventListener('message', (event: MessageEvent<{ url: string }>) => {
  const seen: { messages: string[]; statuses: string[]; hasDocument: boolean } = {
    messages: [],
    statuses: [],
    hasDocument: typeof (self as { document?: unknown }).document !== 'undefined',
  };
  const client = new StreamClient({ url: event.data.url, retryDelayMs: 10, terminalEvents: ['done'] });
  client.addEventListener('message', (e) => seen.messages.push(`${e.detail.id ?? ''}:${e.detail.data}`));
  client.addEventListener('status', (e) => {
    seen.statuses.push(e.detail.status);
    if (e.detail.status === 'closed') self.postMessage(seen);
  });
  client.connect();
});
