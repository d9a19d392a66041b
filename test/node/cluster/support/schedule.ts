// Seeded fault schedules for the cluster chaos runner (test/node/cluster/chaos.test.ts), from the
// same generator and seed derivation as the browser chaos suite (test/chaos/schedule.mjs), so a
// failure is replayed from its seed alone. Faults fire one after another, each once the worker
// has published event `at` (and the previous fault is over):
// - kill-instance: SIGKILL one instance; it starts again on its port after `downMs`;
// - redis-restart: Redis saves, stops, stays down for `downMs`, and starts with its data;
// - trim: client `client` goes away (keeping its resume point), the worker publishes `awayFor`
//   more events, the job's log is trimmed to `maxLength` entries (XTRIM, exact), and the client
//   comes back with its Last-Event-ID: a reset when its entry was trimmed, never a silent gap.
import { seededRandom } from '../../../support/seeded-random.mjs';
import { JOB_EVENTS } from '../../../chaos/job.mjs';

export type ClusterFault =
  | { at: number; kind: 'kill-instance'; instance: string; downMs: number }
  | { at: number; kind: 'redis-restart'; downMs: number }
  | { at: number; kind: 'trim'; client: number; awayFor: number; maxLength: number };

export interface ClusterSchedule {
  seed: number;
  /** Node clients following the job through the proxy. */
  clients: number;
  /** Pause between two publishes of the worker. */
  intervalMs: number;
  faults: ClusterFault[];
}

export function generateClusterSchedule(seed: number, instances: readonly string[]): ClusterSchedule {
  const random = seededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const clients = int(2, 4);
  // 0: as fast as Redis takes them, so resumes race a busy stream (replay and live events merge).
  const intervalMs = int(0, 5);
  const positions = new Set<number>();
  const count = int(1, 4);
  while (positions.size < count) positions.add(int(10, JOB_EVENTS - 60));
  const faults = [...positions]
    .sort((a, b) => a - b)
    .map((at): ClusterFault => {
      const r = random();
      if (r < 0.4) return { at, kind: 'kill-instance', instance: instances[int(0, instances.length - 1)]!, downMs: int(0, 400) };
      if (r < 0.7) return { at, kind: 'redis-restart', downMs: int(0, 500) };
      // Away for fewer events than are kept, sometimes: then the resume point survives the trim.
      return { at, kind: 'trim', client: int(0, clients - 1), awayFor: int(3, 40), maxLength: int(1, 30) };
    });
  return { seed, clients, intervalMs, faults };
}

export function describeFault(fault: ClusterFault): string {
  if (fault.kind === 'kill-instance') return `@${fault.at} kill ${fault.instance} for ${fault.downMs} ms`;
  if (fault.kind === 'redis-restart') return `@${fault.at} Redis down ${fault.downMs} ms`;
  return `@${fault.at} client ${fault.client} away ${fault.awayFor} events, trim to ${fault.maxLength}`;
}
