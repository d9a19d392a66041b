// A simulated job for `npm run dev` and `npm run preview`: GET /api/jobs/demo/events streams
// step-percent progress with @progress-stream/core/server, and answers 401 without the demo token.
// A page opened while the job runs joins it; once it has ended, the next page starts a new one.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createEventStream, type EventStream } from '@progress-stream/core/server';
import type { Plugin } from 'vite';

export const DEMO_PATH = '/api/jobs/demo/events';
export const DEMO_TOKEN = 'demo-token';

const steps = [
  { step: 'scanning', message: 'Analyzing 59 tables, 450 columns...' },
  { step: 'indexing', message: 'Indexing foreign keys...' },
  { step: 'analyzing', message: 'Profiling column values...' },
  { step: 'generating', message: 'Writing suggestions...' },
  { step: 'optimizing', message: 'Ranking suggestions...' },
];

function startJob(): EventStream {
  const stream = createEventStream({ heartbeatMs: 5_000 });
  let tick = 0;
  const timer = setInterval(() => {
    tick += 1;
    const progress = Math.min(tick * 4, 100);
    if (progress >= 100) {
      clearInterval(timer);
      void stream.end({ data: { step: 'complete', progress: 100, message: 'Analysis complete: 12 suggestions' } });
      return;
    }
    const current = steps[Math.min(Math.floor(progress / 20), steps.length - 1)]!;
    void stream.publish({ data: { ...current, progress } });
  }, 300);
  return stream;
}

export function demoJob(): Plugin {
  let job: EventStream | undefined;
  const handle = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (req.url?.split('?')[0] !== DEMO_PATH) return next();
    if (req.headers.authorization !== `Bearer ${DEMO_TOKEN}`) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('A bearer token is required');
      return;
    }
    if (job === undefined || job.ended) job = startJob();
    void job.handleNode(req, res);
  };
  return {
    name: 'progress-stream-demo-job',
    configureServer: (server) => void server.middlewares.use(handle),
    configurePreviewServer: (server) => void server.middlewares.use(handle),
  };
}
