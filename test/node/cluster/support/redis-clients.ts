// One connected Redis client of either library, as an application would create it: default
// reconnection behaviour, and an `error` listener (both libraries report socket errors there,
// and an unheard one would crash the process while Redis restarts).
import { Redis as IoRedis } from 'ioredis';
import { createClient } from 'redis';
import type { RedisClientLike } from '../../../../src/server/redis/index.js';
import type { RedisLibraryName } from './protocol.js';

export interface ConnectedClient {
  client: RedisClientLike;
  close(): void;
}

export async function connectRedis(library: RedisLibraryName, url: string, name: string): Promise<ConnectedClient> {
  if (library === 'ioredis') {
    const client = new IoRedis(url, { connectionName: name, lazyConnect: true });
    client.on('error', () => undefined);
    // While Redis is down, ioredis rejects the first connect and goes on trying: wait for it, as
    // node-redis' connect() does by itself (a process may start while Redis restarts).
    // (A listener, not events.once: that would reject on the next 'error', while ioredis retries.)
    await client.connect().catch(() => new Promise<void>((resolve) => client.once('ready', () => resolve())));
    return { client, close: () => client.disconnect() };
  }
  const client = createClient({ url, name });
  client.on('error', () => undefined);
  await client.connect();
  return { client, close: () => client.destroy() };
}
