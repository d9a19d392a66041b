import { expect } from '@open-wc/testing';
import { scenario, sse } from '../support/sse-server.js';

describe('StreamClient in a Web Worker', () => {
  it('streams, reconnects with Last-Event-ID and closes on a terminal event without a DOM', async () => {
    const server = await scenario({
      responses: [
        { steps: [{ write: sse({ id: 'w1', data: 'one' }) }, { wait: 30 }, { destroy: true }] },
        { steps: [{ write: sse({ id: 'w2', data: 'two' }) + sse({ id: 'w3', event: 'done', data: '{}' }) }, { hold: true }] },
      ],
    });
    const worker = new Worker(new URL('../support/client-worker.ts', import.meta.url), { type: 'module' });
    const result = new Promise<{ messages: string[]; statuses: string[]; hasDocument: boolean }>((resolve, reject) => {
      worker.addEventListener('message', (e) => resolve(e.data));
      worker.addEventListener('error', (e) => reject(new Error(e.message)));
    });
    worker.postMessage({ url: server.url });
    const seen = await result;
    worker.terminate();
    expect(seen.hasDocument).to.equal(false);
    expect(seen.messages).to.deep.equal(['w1:one', 'w2:two', 'w3:{}']);
    expect(seen.statuses.at(-1)).to.equal('closed');
    const requests = await server.requests();
    expect(requests[1]?.headers['last-event-id']).to.equal('w1');
  });
});
