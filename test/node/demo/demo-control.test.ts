// The demo server honours cancel, pause and resume: POST /streams/<name>/<jobId>/<action> (and
// /streams/typed-json/<action> for the channel's current job). A paused job says so on its
// stream and publishes nothing until resumed; a cancelled one ends its stream with the format's
// cancelled event; the authenticated streams want the bearer token for these too; a cross-site
// POST is refused. Plain fetch against the real server process. Needs the built dist/.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { readStream, type StreamReader } from '../server/helpers.js';

let child: ChildProcess | undefined;
let origin = '';
const readers: StreamReader[] = [];

before(async () => {
  const script = fileURLToPath(new URL('../../../demo/server.mjs', import.meta.url));
  // Speed 2: a job lasts 10–30 s, long enough to pause, resume and cancel it mid-run.
  child = spawn(process.execPath, [script, '--port', '0'], {
    env: { ...process.env, HOST: '127.0.0.1', DEMO_SPEED: '2', DEMO_FAILURE_RATE: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo server printed no URL: ${output}`)), 15_000);
    child!.once('exit', (code) => reject(new Error(`the demo server exited (${code}): ${output}`)));
    child!.stderr?.setEncoding('utf8').on('data', (text: string) => (output += text));
    child!.stdout?.setEncoding('utf8').on('data', (text: string) => {
      output += text;
      const match = /progress-stream demo: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
});

after(async () => {
  for (const reader of readers) await reader.cancel();
  if (child === undefined || child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
});

interface JobInfo {
  src?: string;
  jobId?: string;
  jobRunning: boolean;
  jobPaused?: boolean;
}

async function jobInfo(name: string): Promise<JobInfo> {
  const response = await fetch(`${origin}/api/jobs`);
  const body = (await response.json()) as { streams: Record<string, JobInfo> };
  return body.streams[name]!;
}

/** The stream's current running job (waits for the next one between jobs). */
async function runningJob(name: string): Promise<Required<Pick<JobInfo, 'src' | 'jobId'>>> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const info = await jobInfo(name);
    if (info.jobRunning && info.src !== undefined && info.jobId !== undefined) return { src: info.src, jobId: info.jobId };
    if (Date.now() > deadline) throw new Error(`no running ${name} job`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function token(): Promise<string> {
  const response = await fetch(`${origin}/api/token`, { method: 'POST' });
  return ((await response.json()) as { token: string }).token;
}

async function open(path: string, headers: Record<string, string> = {}): Promise<StreamReader> {
  const response = await fetch(origin + path, { headers: { accept: 'text/event-stream', ...headers } });
  assert.equal(response.status, 200, `GET ${path}`);
  const reader = readStream(response.body!);
  readers.push(reader);
  return reader;
}

async function post(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(origin + path, { method: 'POST', headers });
  return { status: response.status, body: await response.json() };
}

const data = (reader: StreamReader): Array<Record<string, unknown>> =>
  reader.events.map((e) => {
    try {
      return JSON.parse(e.data) as Record<string, unknown>;
    } catch {
      return {};
    }
  });

describe('demo server: cancel, pause, resume', () => {
  it('step-percent: pause holds the job and says so, resume continues, cancel ends the stream as cancelled', async () => {
    const job = await runningJob('step-percent');
    const reader = await open(job.src);
    assert.equal((await post(`${job.src}/pause`)).status, 202);
    await reader.waitFor((r) => data(r).some((d) => d.step === 'paused'), 5000);
    assert.equal((await jobInfo('step-percent')).jobPaused, true);
    assert.equal((await post(`${job.src}/pause`)).status, 200, 'pausing a paused job changes nothing');
    const heldAt = reader.events.length;
    // Held: nothing is published while paused (a tick comes every ~0.7 s at this speed).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(reader.events.length, heldAt, 'no progress while paused');
    assert.equal((await post(`${job.src}/resume`)).status, 202);
    await reader.waitFor(
      (r) =>
        data(r)
          .slice(heldAt)
          .some((d) => typeof d.step === 'string' && d.step !== 'paused'),
      5000,
    );
    assert.equal((await jobInfo('step-percent')).jobPaused, false);
    assert.equal((await post(`${job.src}/cancel`)).status, 202);
    assert.equal(await reader.finished, 'end', 'the stream ends');
    const last = data(reader).at(-1);
    assert.equal(last?.step, 'cancelled');
    assert.equal(last?.message, 'Cancelled by the user');
    assert.equal((await post(`${job.src}/cancel`)).status, 409, 'an ended job cannot be cancelled again');
  });

  it('batch-enrichment: wants the bearer token; paused, resumed and cancelled events carry the state', async () => {
    const job = await runningJob('batch-enrichment');
    const bearer = { authorization: `Bearer ${await token()}` };
    const reader = await open(job.src, bearer);
    const refused = await post(`${job.src}/pause`);
    assert.equal(refused.status, 401);
    assert.equal((await post(`${job.src}/pause`, { authorization: 'Bearer wrong' })).status, 401);
    assert.equal((await post(`${job.src}/pause`, bearer)).status, 202);
    await reader.waitFor((r) => r.events.some((e) => e.type === 'enrichment.paused'), 5000);
    const paused = JSON.parse(reader.events.find((e) => e.type === 'enrichment.paused')!.data) as { state: { status: string } };
    assert.equal(paused.state.status, 'paused');
    assert.equal((await post(`${job.src}/resume`, bearer)).status, 202);
    await reader.waitFor((r) => r.events.some((e) => e.type === 'enrichment.resumed'), 5000);
    assert.equal((await post(`${job.src}/cancel`, bearer)).status, 202);
    assert.equal(await reader.finished, 'end');
    const last = reader.events.at(-1);
    assert.equal(last?.type, 'enrichment.cancelled');
    assert.equal((JSON.parse(last.data) as { state: { status: string } }).state.status, 'cancelled');
  });

  it('phase-snapshot: the snapshot says paused, then running; a cancelled import ends with a cancelled event', async () => {
    const job = await runningJob('phase-snapshot');
    const reader = await open(job.src);
    assert.equal((await post(`${job.src}/pause`)).status, 202);
    await reader.waitFor((r) => data(r).some((d) => d.status === 'paused'), 5000);
    assert.equal((await post(`${job.src}/resume`)).status, 202);
    const from = reader.events.length;
    await reader.waitFor(
      (r) =>
        data(r)
          .slice(from)
          .some((d) => d.status === 'running'),
      5000,
    );
    assert.equal((await post(`${job.src}/cancel`)).status, 202);
    assert.equal(await reader.finished, 'end');
    assert.equal(reader.events.at(-1)?.type, 'cancelled');
    assert.equal(data(reader).at(-1)?.status, 'cancelled');
  });

  it("typed-json: controls the channel's current sync job", async () => {
    const reader = await open('/streams/typed-json');
    const progress = () => data(reader).map((d) => (d.progress as { stage?: string } | undefined)?.stage);
    assert.equal((await post('/streams/typed-json/pause')).status, 202);
    await reader.waitFor(() => progress().includes('paused'), 5000);
    assert.equal((await post('/streams/typed-json/resume')).status, 202);
    assert.equal((await post('/streams/typed-json/cancel')).status, 202);
    await reader.waitFor(() => progress().includes('cancelled'), 5000);
  });

  it('refuses what it cannot do: other methods, unknown jobs, the multi-job channel, cross-site requests', async () => {
    const job = await runningJob('step-percent');
    const get = await fetch(`${origin}${job.src}/cancel`);
    await get.body?.cancel();
    assert.equal(get.status, 405);
    assert.equal((await post('/streams/step-percent/scan-1/cancel')).status, 404);
    assert.equal((await post('/streams/workflow-stages/cancel', { authorization: `Bearer ${await token()}` })).status, 404);
    assert.equal((await post(`${job.src}/cancel`, { origin: 'https://evil.example' })).status, 403);
    assert.equal((await post(`${job.src}/cancel`, { 'sec-fetch-site': 'cross-site' })).status, 403);
    assert.equal((await jobInfo('step-percent')).jobRunning, true, 'the refused requests changed nothing');
  });
});
