// Runs in a dedicated module Worker for shared-client.test.ts: two shared clients of the URL the
// page sends, and what they saw once both have two messages.
import { StreamClient } from '../../../src/client/index.js';

self.addEventListener('message', (event: MessageEvent<{ url: string }>) => {
  const clients = [0, 1].map(() => new StreamClient({ url: event.data.url, share: true, heartbeatTimeoutMs: 0 }));
  const ids = clients.map(() => [] as Array<string | undefined>);
  clients.forEach((client, i) =>
    client.addEventListener('message', (e) => {
      ids[i]?.push(e.detail.id);
      if (ids.every((seen) => seen.length >= 2)) {
        self.postMessage({ roles: clients.map((c) => c.role), ids });
        for (const c of clients) c.close();
      }
    }),
  );
  for (const client of clients) client.connect();
});
