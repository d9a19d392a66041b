// What the session history tests share: a two-step mapping, its events (numbered ids), and a
// wait long enough for a notification.
import type { Mapping } from '../../../src/mapping/index.js';

export const mapping: Mapping = {
  steps: ['load', 'index'],
  events: { message: { status: { path: 'status' }, percent: 'percent', step: 'step' } },
};

let seq = 0;
export const event = (status: string, percent: number, step: string): { event: string; data: string; id: string } => ({
  event: 'message',
  data: JSON.stringify({ status, percent, step }),
  id: String(++seq),
});

export const frame = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 40));

/** The id of the last event made. */
export const lastId = (): string => String(seq);
