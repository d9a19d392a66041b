// StreamClient under Node 20, with no DOM globals: the shared behaviour suite
// (test/client/behaviour) against the scripted SSE server on its own port, real sockets, then
// what only Node shows.
import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { StreamClient } from '../../../src/client/index.js';
import { defineStreamClientSuite } from '../../client/behaviour/stream-client-suite.js';
// @ts-expect-error -- plain JavaScript test server without declarations
import { startSseTestServer } from '../../support/sse-test-server.mjs';

interface TestServer {
  origin: string;
  close(): Promise<void>;
}

// Started before the suite is defined: the suite needs its origin to register its tests.
const server = (await startSseTestServer()) as TestServer;
after(() => server.close());

defineStreamClientSuite({ runtime: 'node', origin: server.origin, describe, it, afterEach, assert });

describe('StreamClient, Node only', () => {
  it('has no DOM globals to lean on', () => {
    assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
    assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
  });

  it('refuses a relative URL, which has no base outside a page', async () => {
    const client = new StreamClient({ url: '/events' });
    const errors: string[] = [];
    client.addEventListener('error', (e) => errors.push(e.detail.kind));
    client.connect();
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(client.status, 'offline');
    assert.deepEqual(errors, ['config']);
    client.close();
  });
});
