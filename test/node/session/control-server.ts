// A real HTTP server on 127.0.0.1 for the job-control tests: it records every request (method,
// path, query, headers, body size) and answers as the test planned for that path.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, type TestHttpServer } from '../server/helpers.js';

export interface ControlRequest {
  method: string;
  path: string;
  search: string;
  headers: IncomingMessage['headers'];
  bodyBytes: number;
}

/**
 * How a path answers: a status (with `text` as the body), `endless` (headers, then a body that
 * never ends: a client that read it would hang), or `hang` (no answer at all).
 */
export type ControlAnswer = { status: number; text?: string } | 'endless' | 'hang';

export interface ControlTestServer {
  origin: string;
  requests: ControlRequest[];
  /** The answer for `path` from now on (default 202). */
  answer(path: string, answer: ControlAnswer): void;
  /** Responses that were cut off by the client (it aborted, or cancelled the body). */
  readonly aborted: number;
  close(): Promise<void>;
}

export async function startControlServer(): Promise<ControlTestServer> {
  const requests: ControlRequest[] = [];
  const answers = new Map<string, ControlAnswer>();
  const timers = new Set<ReturnType<typeof setInterval>>();
  let aborted = 0;
  const respond = (res: ServerResponse, answer: ControlAnswer): void => {
    res.on('close', () => {
      if (!res.writableFinished) aborted++;
    });
    if (answer === 'hang') return;
    if (answer === 'endless') {
      res.writeHead(500, { 'content-type': 'text/plain' });
      const chunk = 'x'.repeat(64 * 1024);
      const timer = setInterval(() => res.write(chunk), 5);
      timers.add(timer);
      res.on('close', () => clearInterval(timer));
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.text ?? '{"ok":true}');
  };
  const http: TestHttpServer = await listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let bodyBytes = 0;
    req.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: url.pathname, search: url.search, headers: req.headers, bodyBytes });
      respond(res, answers.get(url.pathname) ?? { status: 202 });
    });
  });
  return {
    origin: http.url.replace(/\/$/, ''),
    requests,
    answer: (path, answer) => void answers.set(path, answer),
    get aborted() {
      return aborted;
    },
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      await http.close();
    },
  };
}
