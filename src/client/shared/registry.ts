// The shared streams of this realm (page, Worker or process), by share key. Loaded on the first
// `connect()` of a client with `share` (see share-link.ts).
import { pageBase } from '../url-policy.js';
import type { StreamClientOptions } from '../types.js';
import { SharedStream } from './shared-stream.js';
import type { Member, SharedStreamHandle } from './share-link.js';

/** Bumped when the tabs' protocol changes: tabs running different versions do not share. */
const PROTOCOL = 1;
const streams = new Map<string, SharedStream>();

/**
 * What makes two clients' streams the same: the resolved URL, the method, the credentials mode
 * and the share key. Never headers or a body: they stay with the client that owns them.
 */
export function shareKey(options: StreamClientOptions): string {
  let url: string;
  try {
    url = new URL(options.url, pageBase()).href;
  } catch {
    url = String(options.url); // refused by the connection itself, with its own error
  }
  const { share } = options;
  const key = typeof share === 'object' ? (share.key ?? '') : '';
  return JSON.stringify([PROTOCOL, url, (options.method ?? 'GET').toUpperCase(), options.credentials ?? 'same-origin', key]);
}

/**
 * A short, fixed-length name for the key (64 bits of a non-cryptographic hash): lock and channel
 * names do not repeat the URL and its query string, and stay short.
 */
export function hashKey(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hex = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
  return hex(h2) + hex(h1);
}

/** Joins the member to its stream's shared stream in this realm, creating it if needed. */
export function joinSharedStream(member: Member): SharedStreamHandle {
  const key = shareKey(member.options);
  let stream = streams.get(key);
  if (stream === undefined) {
    const created = new SharedStream(`progress-stream:${hashKey(key)}`, member, () => {
      if (streams.get(key) === created) streams.delete(key);
    });
    stream = created;
    streams.set(key, created);
  }
  stream.join(member);
  return stream;
}
