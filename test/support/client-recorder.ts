import type { StatusDetail, StreamClient, StreamErrorDetail, StreamMessage } from '../../src/client/index.js';

/** Records everything a StreamClient dispatches and lets a test await a condition. */
export interface ClientRecorder {
  messages: StreamMessage[];
  statuses: StatusDetail[];
  errors: StreamErrorDetail[];
  /** Resolves when `predicate` holds (checked after every event); rejects after `timeoutMs`. */
  until(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  untilStatus(status: StatusDetail['status'], timeoutMs?: number): Promise<StatusDetail>;
  untilMessages(count: number, timeoutMs?: number): Promise<StreamMessage[]>;
}

export function record(client: StreamClient): ClientRecorder {
  const messages: StreamMessage[] = [];
  const statuses: StatusDetail[] = [];
  const errors: StreamErrorDetail[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  client.addEventListener('message', (e) => {
    messages.push(e.detail);
    notify();
  });
  client.addEventListener('status', (e) => {
    statuses.push(e.detail);
    notify();
  });
  client.addEventListener('error', (e) => {
    errors.push(e.detail);
    notify();
  });
  const until = (predicate: () => boolean, what: string, timeoutMs = 5000) =>
    new Promise<void>((resolve, reject) => {
      if (predicate()) {
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(
          new Error(
            `Timed out waiting for ${what}; statuses: ${statuses.map((s) => s.status).join(' → ')}; errors: ${errors
              .map((e) => e.kind)
              .join(', ')}; messages: ${messages.length}`,
          ),
        );
      }, timeoutMs);
      function check() {
        if (predicate()) {
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        }
      }
      waiters.add(check);
    });
  return {
    messages,
    statuses,
    errors,
    until,
    async untilStatus(status, timeoutMs) {
      const from = statuses.length;
      await until(() => statuses.slice(from).some((s) => s.status === status) || client.status === status, `status ${status}`, timeoutMs);
      return statuses.filter((s) => s.status === status).at(-1) ?? (statuses.at(-1) as StatusDetail);
    },
    async untilMessages(count, timeoutMs) {
      await until(() => messages.length >= count, `${count} messages`, timeoutMs);
      return messages;
    },
  };
}

export const nextTick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
