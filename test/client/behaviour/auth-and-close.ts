// Behaviour suite, part 4: credentials (the headers function, 401 and onUnauthorized) and
// close() in every state.
import { nextTick } from '../../support/client-recorder.js';
import { sse } from '../../support/sse-server.js';
import type { SuiteContext } from './context.js';

export function authentication({ describe, it, check, setup }: SuiteContext): void {
  describe('authentication', () => {
    it('asks the headers function on every attempt and refreshes once on 401', async () => {
      let token = 0;
      const {
        server,
        client: c,
        rec,
      } = await setup(
        { responses: [{ status: 401 }, { steps: [{ write: sse({ data: 'x' }) }, { end: true }] }, { steps: [{ hold: true }] }] },
        { headers: async () => ({ authorization: `Bearer t${++token}` }) },
      );
      c.connect();
      await server.waitFor({ requests: 3 });
      const requests = await server.requests();
      check.deepEqual(
        requests.map((r) => r.headers['authorization']),
        ['Bearer t1', 'Bearer t2', 'Bearer t3'],
      );
      check.deepEqual(rec.errors, []);
      check.equal(rec.statuses.find((s) => s.status === 'reconnecting' && s.delayMs !== undefined)?.attempt, 1);
    });

    it('a second 401 in a row is fatal', async () => {
      const {
        server,
        client: c,
        rec,
      } = await setup({ responses: [{ status: 401 }] }, { headers: () => ({ authorization: 'Bearer stale' }) });
      c.connect();
      const offline = await rec.untilStatus('offline');
      check.includes(offline.error, { kind: 'auth', status: 401, fatal: true });
      await nextTick(50);
      check.lengthOf(await server.requests(), 2);
    });

    it('a 401 after a failure in between is a new one: refreshed again, not fatal', async () => {
      let token = 0;
      const {
        server,
        client: c,
        rec,
      } = await setup(
        {
          responses: [
            { status: 401 },
            // The retried attempt never answers: the heartbeat timeout gives up on it.
            { headersDelay: 10_000 },
            { status: 401 },
            { steps: [{ write: sse({ id: '1', data: 'x' }) }, { hold: true }] },
          ],
        },
        { headers: () => ({ authorization: `Bearer t${++token}` }), onUnauthorized: () => true, heartbeatTimeoutMs: 200 },
      );
      c.connect();
      await rec.untilMessages(1);
      check.deepEqual(
        rec.errors.map((e) => e.kind),
        ['heartbeat'],
      );
      check.equal(
        rec.statuses.some((s) => s.status === 'offline'),
        false,
      );
      check.deepEqual(
        (await server.requests()).map((r) => r.headers['authorization']),
        ['Bearer t1', 'Bearer t2', 'Bearer t3', 'Bearer t4'],
      );
    });

    it('401 with static headers and no hook is fatal at once', async () => {
      const { server, client: c, rec } = await setup({ responses: [{ status: 401 }] }, { headers: { authorization: 'Bearer static' } });
      c.connect();
      await rec.untilStatus('offline');
      check.lengthOf(await server.requests(), 1);
    });

    it('onUnauthorized may refresh and retry, or decline', async () => {
      const statuses: number[] = [];
      let token = 'old';
      const ok = await setup(
        { responses: [{ status: 401 }, { steps: [{ write: sse({ data: 'x' }) }, { hold: true }] }] },
        {
          headers: () => ({ authorization: `Bearer ${token}` }),
          onUnauthorized: async ({ status }) => {
            statuses.push(status);
            token = 'new';
            return true;
          },
        },
      );
      ok.client.connect();
      await ok.rec.untilMessages(1);
      check.deepEqual(statuses, [401], 'onUnauthorized calls');
      check.deepEqual(
        (await ok.server.requests()).map((r) => r.headers['authorization']),
        ['Bearer old', 'Bearer new'],
      );

      const declined = await setup({ responses: [{ status: 401 }] }, { headers: () => ({}), onUnauthorized: () => false });
      declined.client.connect();
      await declined.rec.untilStatus('offline');
      check.lengthOf(await declined.server.requests(), 1);
    });

    it('never puts the token into the URL, errors or statuses', async () => {
      const secret = 'sk-live-0123456789';
      const {
        server,
        client: c,
        rec,
      } = await setup({ responses: [{ status: 401 }] }, { headers: () => ({ authorization: `Bearer ${secret}` }) });
      c.connect();
      await rec.untilStatus('offline');
      const requests = await server.requests();
      check.ok(
        requests.every((r) => !r.url.includes(secret)),
        'a URL holds the token',
      );
      check.ok(!(JSON.stringify(rec.errors) + JSON.stringify(rec.statuses)).includes(secret), 'an error or status holds the token');
    });
  });
}

export function closing({ describe, it, check, setup, scenario }: SuiteContext): void {
  describe('close()', () => {
    it('while connecting: aborts the request and never opens', async () => {
      const { server, client: c, rec } = await setup({ responses: [{ headersDelay: 300, steps: [{ write: sse({ data: 'x' }) }] }] });
      c.connect();
      await server.waitFor({ requests: 1 });
      c.close();
      await server.waitFor({ closed: 1 });
      await nextTick(400);
      check.deepEqual(rec.messages, []);
      check.deepEqual(
        rec.statuses.map((s) => s.status),
        ['connecting', 'closed'],
      );
    });

    it('while open: the server sees the request close and nothing more is delivered', async () => {
      const { server, client: c, rec } = await setup({ responses: [{ steps: [{ write: sse({ data: 'x' }) }, { hold: true }] }] });
      c.connect();
      await rec.untilMessages(1);
      c.close();
      await server.waitFor({ closed: 1 });
      await server.push({ write: sse({ data: 'late' }) });
      await nextTick(50);
      check.lengthOf(rec.messages, 1);
    });

    it('while reconnecting: no request after close()', async () => {
      const { server, client: c, rec } = await setup({ responses: [{ status: 503 }] }, { retryDelayMs: 100 });
      c.connect();
      await rec.until(() => rec.statuses.some((s) => s.delayMs !== undefined), 'a scheduled retry');
      c.close();
      await nextTick(300);
      check.lengthOf(await server.requests(), 1);
    });

    it('while offline: stops polling, and the client stays closed', async () => {
      const poll = await scenario({
        responses: [{ status: 200, headers: { 'content-type': 'application/json' }, steps: [{ write: '{"percent":50}' }] }],
      });
      const { client: c, rec } = await setup({ responses: [{ status: 404 }] }, { polling: { url: poll.url, intervalMs: 50 } });
      c.connect();
      await rec.untilStatus('offline');
      await poll.waitFor({ requests: 1 });
      c.close();
      const count = (await poll.requests()).length;
      await nextTick(200);
      check.equal((await poll.requests()).length, count, 'polls after close()');
      c.connect();
      check.equal(c.status, 'closed');
    });

    it('close() is final and idempotent', async () => {
      const { client: c, rec } = await setup({ responses: [{ steps: [{ hold: true }] }] });
      c.close();
      c.close();
      c.connect();
      check.deepEqual(
        rec.statuses.map((s) => s.status),
        ['closed'],
      );
    });
  });
}
