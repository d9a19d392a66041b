// Shared streams across tabs, with same-origin frames standing in for tabs (each its own realm,
// sharing the origin's BroadcastChannels and Web Locks; see test/support/shared/frames.ts): one
// connection for all, the followers' relayed messages and status, the stream so far for a tab
// that joins late, retry from a follower, the hand-over when the holder goes away or is frozen
// (Page Lifecycle events fired on its document), and no header value on any channel. The Node
// test test/node/shared/tabs.test.ts does the same with real tabs, a real freeze and the bundle.
import { expect } from '@open-wc/testing';
import type { StreamClient, StreamClientOptions } from '../../../src/client/index.js';
import { record, type ClientRecorder } from '../../support/client-recorder.js';
import { openTab, type Tab } from '../../support/shared/frames.js';
import { scenario, sse } from '../../support/sse-server.js';

const TOKEN = 'Bearer secret-token-9f3a';
const tabs: Tab[] = [];
const clients: StreamClient[] = [];

async function tab(): Promise<Tab> {
  const opened = await openTab();
  tabs.push(opened);
  return opened;
}

function join(where: Tab, url: string, options: Partial<StreamClientOptions> = {}): { client: StreamClient; rec: ClientRecorder } {
  const client = new where.StreamClient({
    url,
    share: true,
    heartbeatTimeoutMs: 0,
    retryDelayMs: 10,
    headers: () => ({ Authorization: TOKEN }),
    ...options,
  });
  clients.push(client);
  const rec = record(client);
  client.connect();
  return { client, rec };
}

const event = (n: number) => sse({ id: String(n), data: { n } });
const ids = (rec: ClientRecorder) => rec.messages.map((m) => m.id);

async function until(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !predicate(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!predicate()) throw new Error(`Timed out waiting for ${what}`);
}

describe('shared StreamClient across tabs (frames)', () => {
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
    for (const t of tabs.splice(0)) t.frame.remove();
  });

  it('uses one connection for every tab, relays messages and status, and never posts a header', async () => {
    const server = await scenario({ responses: [{ steps: [{ write: event(1) + event(2) }, { hold: true }] }] });
    const [a, b, c] = [await tab(), await tab(), await tab()];
    const holder = join(a, server.url);
    await until(() => holder.client.role === 'holder', 'a holder');
    const followers = [join(b, server.url), join(b, server.url), join(c, server.url)];
    for (const { rec } of followers) await rec.untilMessages(2);
    await server.push({ write: event(3) }, { hold: true });
    for (const { rec } of [holder, ...followers]) await rec.untilMessages(3);
    expect(await server.requests()).to.have.length(1);
    expect((await server.requests())[0]?.headers['authorization']).to.equal(TOKEN);
    for (const { client, rec } of followers) {
      expect(ids(rec)).to.deep.equal(['1', '2', '3']);
      expect(rec.statuses.map((s) => s.status)).to.deep.equal(['connecting', 'open']);
      expect(client.role).to.equal('follower');
      expect(client.lastEventId).to.equal('3');
    }
    const posted = tabs.flatMap((t) => t.posted);
    expect(posted.some((text) => text.includes('"t":"msg"'))).to.equal(true);
    expect(posted.some((text) => text.includes('"t":"history"'))).to.equal(true);
    for (const text of posted) expect(text).not.to.include('secret-token');
  });

  it('hands over when the holder tab goes away: the next tab resumes from the newest id, nothing twice', async () => {
    const server = await scenario({
      responses: [{ steps: [{ write: event(1) + event(2) }, { hold: true }] }, { steps: [{ write: event(3) }, { hold: true }] }],
    });
    const [a, b, c] = [await tab(), await tab(), await tab()];
    const holder = join(a, server.url);
    await until(() => holder.client.role === 'holder', 'a holder');
    const followers = [join(b, server.url), join(c, server.url)];
    for (const { rec } of followers) await rec.untilMessages(2);
    a.frame.remove();
    const requests = await server.waitFor({ requests: 2 });
    expect(requests[1]?.headers['last-event-id']).to.equal('2');
    for (const { rec } of followers) await rec.untilMessages(3);
    for (const { rec } of followers) expect(ids(rec)).to.deep.equal(['1', '2', '3']);
    expect(followers.map(({ client }) => client.role).sort()).to.deep.equal(['follower', 'holder']);
    const statuses = followers[0]!.rec.statuses.map((s) => s.status);
    expect(statuses.at(-1)).to.equal('open');
    expect(await server.requests()).to.have.length(2);
  });

  it('hands over at once when the holder is frozen; back, it follows and applies nothing twice', async () => {
    const server = await scenario({
      responses: [{ steps: [{ write: event(1) }, { hold: true }] }, { steps: [{ write: event(2) + event(3) }, { hold: true }] }],
    });
    const [a, b] = [await tab(), await tab()];
    const frozen = join(a, server.url);
    await until(() => frozen.client.role === 'holder', 'a holder');
    const other = join(b, server.url);
    await other.rec.untilMessages(1);
    a.lifecycle('freeze');
    const requests = await server.waitFor({ requests: 2, closed: 1 });
    expect(requests[1]?.headers['last-event-id']).to.equal('1');
    await other.rec.untilMessages(3);
    expect(other.client.role).to.equal('holder');
    a.lifecycle('resume');
    await frozen.rec.untilMessages(3);
    expect(ids(frozen.rec)).to.deep.equal(['1', '2', '3']);
    await until(() => frozen.client.role === 'follower', 'the frozen tab to follow');
    expect(await server.requests()).to.have.length(2);
  });

  it('shows the true status in every tab, and a follower retry makes the holder retry', async () => {
    const server = await scenario({ responses: [{ status: 503, steps: [] }, { steps: [{ write: event(1) }, { hold: true }] }] });
    const [a, b] = [await tab(), await tab()];
    const holder = join(a, server.url, { retryDelayMs: 60_000 });
    await until(() => holder.client.role === 'holder', 'a holder');
    const follower = join(b, server.url, { retryDelayMs: 60_000 });
    const waiting = (rec: ClientRecorder) => rec.statuses.some((s) => s.status === 'reconnecting' && s.delayMs !== undefined);
    await until(() => waiting(holder.rec) && waiting(follower.rec), 'both tabs to show the wait');
    const shown = follower.rec.statuses.find((s) => s.status === 'reconnecting');
    expect(shown).to.include({ attempt: 1 });
    expect(shown?.error).to.include({ kind: 'http', status: 503 });
    follower.client.retry();
    await follower.rec.untilMessages(1);
    await holder.rec.untilMessages(1);
    expect(await server.requests()).to.have.length(2);
    expect(follower.client.status).to.equal('open');
  });
});
