// The demo server against hostile requests: malformed percent-escapes, prototype names as stream
// names, request targets that are no URL, huge paths, wrong methods. Each gets a 4xx, the server
// keeps serving, and nothing (no stack trace) reaches stderr. Needs the built dist/ (npm run build).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

let child: ChildProcess | undefined;
let origin = '';
let stderr = '';

before(async () => {
  const script = fileURLToPath(new URL('../../../demo/server.mjs', import.meta.url));
  child = spawn(process.execPath, [script, '--port', '0'], {
    env: { ...process.env, HOST: '127.0.0.1', DEMO_SPEED: '20', DEMO_FAILURE_RATE: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  let stdout = '';
  origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo server printed no URL: ${stdout}${stderr}`)), 15_000);
    child!.once('exit', (code) => reject(new Error(`the demo server exited (${code}): ${stderr}`)));
    child!.stdout?.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const match = /progress-stream demo: (http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
});

after(async () => {
  if (child === undefined || child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
});

/** Sends `head` (a request line and headers) on a raw socket; resolves with the status code. */
async function rawStatus(head: string): Promise<number> {
  const port = Number(new URL(origin).port);
  const socket = connect(port, '127.0.0.1');
  socket.write(head);
  let text = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  await Promise.race([once(socket, 'end'), once(socket, 'close'), new Promise((resolve) => setTimeout(resolve, 5000))]);
  socket.destroy();
  const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
  assert.ok(match, `a status line, got ${JSON.stringify(text.slice(0, 200))}`);
  return Number(match[1]);
}

async function status(path: string, init?: RequestInit): Promise<number> {
  const response = await fetch(origin + path, init);
  await response.body?.cancel();
  return response.status;
}

const post = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('demo server: hostile requests', () => {
  it('answers 400 to malformed percent-escapes, on every route', async () => {
    assert.equal(await status('/streams/%ZZ'), 400);
    assert.equal(await status('/streams/step-percent/%E0%A4%A'), 400);
    assert.equal(await status('/api/faults/%ZZ', post({ type: 'drop' })), 400);
    assert.equal(await status('/%C0%AF'), 400);
  });

  it('knows no stream called __proto__ or constructor', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      assert.equal(await status(`/api/faults/${name}`, post({ type: 'drop' })), 404, name);
      assert.equal(await status(`/api/faults/${name}`, post({ type: '503', seconds: 5 })), 404, name);
      assert.equal(await status(`/streams/${name}`), 404, name);
      assert.equal(await status(`/streams/${name}/x`), 404, name);
    }
  });

  it('answers a request target that is no URL, a huge path and wrong methods with a 4xx', async () => {
    assert.equal(await rawStatus('GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 400);
    assert.equal(await status(`/streams/step-percent/${'a'.repeat(8000)}`), 404);
    const huge = await rawStatus(`GET /${'b'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.ok(huge === 431 || huge === 414 || huge === 400, `huge path: ${huge}`);
    assert.equal(await status('/streams/typed-json', { method: 'DELETE' }), 405);
    assert.equal(await status('/api/jobs', { method: 'PUT' }), 405);
    assert.equal(await rawStatus('FOO / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 400);
    assert.equal(await status('/api/jobs?x=%ZZ&y=%'), 200, 'the query is not read');
    assert.equal(await status('/api/faults/step-percent', { method: 'POST', body: 'not json' }), 400);
    assert.equal(await status('/api/faults/step-percent', post({ type: 'stall', seconds: '1e999' })), 400);
  });

  it('keeps serving and writes no stack trace to stderr', async () => {
    assert.equal(await status('/api/jobs'), 200);
    assert.equal(await status('/api/faults/typed-json', post({ type: 'drop' })), 200);
    const controller = new AbortController();
    const stream = await fetch(`${origin}/streams/typed-json`, { signal: controller.signal });
    assert.equal(stream.status, 200);
    assert.match(stream.headers.get('content-type') ?? '', /^text\/event-stream/);
    controller.abort();
    assert.doesNotMatch(stderr, /\n\s+at /, `stderr: ${stderr}`);
    assert.doesNotMatch(stderr, /request failed/, `stderr: ${stderr}`);
  });
});
