import { expect } from '@open-wc/testing';
import { StreamClient } from '../../src/client/index.js';
import { clientOptionsFor, createReducer, type PresetName, type ProgressState } from '../../src/mapping/index.js';
import { record } from '../support/client-recorder.js';
import { scenario, sse, type Scenario } from '../support/sse-server.js';

// Issue 14, item 17, over the network: a NestJS @Sse() handler that throws sends `event: error`
// with its message as plain text and ends the response. A client set up from a preset that
// runs the job per request must show the failure and stop, not reconnect with Last-Event-ID
// and run the job again, forever. Real scripted server on 127.0.0.1; no timing assumptions:
// each test waits for the client's own status events.

const clients: StreamClient[] = [];
const servers: Scenario[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.dispose()));
});

/** Connects a client configured by `preset` to a server that sends `events`, then ends every response the same way. */
async function connect(preset: PresetName, events: string) {
  const server = await scenario({ responses: [{ steps: [{ write: events }, { end: true }] }] });
  servers.push(server);
  const reducer = createReducer(preset);
  let state: ProgressState = reducer.initialState();
  const client = new StreamClient({
    url: server.url,
    heartbeatTimeoutMs: 0,
    retryDelayMs: 10,
    random: () => 1,
    ...clientOptionsFor(preset),
  });
  clients.push(client);
  client.addEventListener('message', (e) => (state = reducer(state, e.detail)));
  const recorder = record(client);
  client.connect();
  return { server, client, recorder, state: () => state };
}

const CRASH = sse({ event: 'error', data: 'Generator failed: out of memory' });

describe('hardening: a NestJS `event: error` over a real connection', () => {
  const starts: Array<[PresetName, string]> = [
    ['step-percent', sse({ id: '1', data: { step: 'indexing', progress: 30, message: 'Indexing' } })],
    [
      'typed-json',
      sse({ id: '1', data: { type: 'progress_update', jobId: 'j1', progress: { stage: 'fetching', current: 3, total: 10 } } }),
    ],
    [
      'batch-enrichment',
      sse({ id: '1', event: 'progress', data: { event_type: 'progress', bom_id: 'B1', state: { percent_complete: 30 } } }),
    ],
    ['phase-snapshot', sse({ id: '1', event: 'progress', data: { jobId: 'n1', status: 'running', completedSteps: 1, totalSteps: 5 } })],
  ];
  for (const [preset, start] of starts) {
    it(`${preset}: fails the job with the text and closes without reconnecting`, async () => {
      const { server, client, recorder, state } = await connect(preset, start + CRASH);
      // Either the client closes (the fix) or it goes back to the server (the bug).
      await recorder.until(
        () => client.status === 'closed' || recorder.statuses.some((s) => s.status === 'reconnecting'),
        'closed or reconnecting',
        8000,
      );
      expect(recorder.statuses.map((s) => s.status)).to.deep.equal(['connecting', 'open', 'closed']);
      expect(recorder.errors).to.deep.equal([]);
      expect(state()).to.include({ status: 'failed', error: 'Generator failed: out of memory' });
      expect(await server.requests()).to.have.length(1);
    });
  }

  it('workflow-stages: the channel reports it and resumes, its jobs untouched', async () => {
    const po = sse({ id: '1', event: 'stage', data: { stage: 'ai_parsing', poId: 'PO-1', workflowId: 'w', status: 'started' } });
    const { server, recorder, state } = await connect('workflow-stages', po + CRASH);
    const requests = await server.waitFor({ requests: 2, timeoutMs: 8000 });
    expect(requests[1]?.headers['last-event-id']).to.equal('1');
    expect(recorder.statuses.map((s) => s.status)).to.include('reconnecting');
    expect(state()).to.include({ status: 'running', message: 'Generator failed: out of memory' });
    expect(state().jobs?.map((job) => [job.key, job.status])).to.deep.equal([['PO-1', 'running']]);
  });
});
