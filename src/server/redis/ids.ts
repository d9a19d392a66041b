// Event ids of the Redis broker: `<epoch>-<entry id>`, e.g. `k3v9qa7p-1733355000000-0`. The entry
// id is the Redis Streams id of the event, the same on every instance, so a client resumes on
// any of them. The epoch is random per stream and kept with it: a stream that expired (or was
// deleted, or lost in a Redis restart without persistence) and was created again has another
// epoch, so a client's id from before is `unknown`, never mistaken for a position in the new log.

const ID = /^([a-z0-9]{1,32})-([0-9]{1,20})-([0-9]{1,20})$/;

export interface ParsedId {
  epoch: string;
  /** The Redis Streams entry id: `<ms>-<n>`. */
  entry: string;
  ms: number;
  n: number;
}

export function formatId(epoch: string, entry: string): string {
  return `${epoch}-${entry}`;
}

/** `undefined` for anything this broker did not issue (the resume is then `unknown`). */
export function parseId(id: string): ParsedId | undefined {
  const match = ID.exec(id);
  if (match === null) return undefined;
  const [, epoch, ms, n] = match as unknown as [string, string, string, string];
  return { epoch, entry: `${ms}-${n}`, ms: Number(ms), n: Number(n) };
}

/** Whether `id` comes after `than` in one stream; `undefined` across epochs or for foreign ids. */
export function isAfter(id: string, than: string): boolean | undefined {
  const a = parseId(id);
  const b = parseId(than);
  if (a === undefined || b === undefined || a.epoch !== b.epoch) return undefined;
  return a.ms > b.ms || (a.ms === b.ms && a.n > b.n);
}

/** A new epoch: 8 base-36 characters. */
export function newEpoch(): string {
  let epoch = '';
  while (epoch.length < 8) epoch += Math.random().toString(36).slice(2);
  return epoch.slice(0, 8);
}
