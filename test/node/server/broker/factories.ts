// Brokers for the contract suite: memory (instances are hubs of one process sharing one broker)
// and Redis through each supported client library (instances are hubs with their own client and
// broker on one real redis-server, as separate processes would have).
import { Redis as IoRedis } from 'ioredis';
import { createClient } from 'redis';
import type { Broker, EventStreamHubOptions } from '../../../../src/server/index.js';
import { memoryBroker } from '../../../../src/server/index.js';
import { redisBroker, type RedisBrokerOptions, type RedisClientLike } from '../../../../src/server/redis/index.js';
import { startRedisServer, type RedisServer } from '../../support/redis-server.js';

/** What a test asks of its brokers. */
export interface BrokerSettings {
  /** Events kept per stream. */
  maxLength?: number;
  /** How long an ended stream is kept (in the broker, and by the hub). */
  endedTtlMs?: number;
  /** Redis: options of the broker beyond the above. */
  redis?: Omit<RedisBrokerOptions, 'client' | 'maxLength' | 'endedTtlMs'>;
}

/** One "instance": a broker (with its own connections, for Redis) and what its hub needs. */
export interface BrokerInstance {
  readonly broker: Broker;
  /** Redis: the client name of its connections (CLIENT LIST). */
  readonly clientName?: string;
  readonly hubOptions: EventStreamHubOptions;
  cleanup(): Promise<void>;
}

export interface BrokerFactory {
  readonly name: string;
  /** `redis`: ids are assigned by Redis, caller-chosen ids are refused, keys live in Redis. */
  readonly kind: 'memory' | 'redis';
  /** A new instance on the backend shared by every instance of this test file. */
  create(settings?: BrokerSettings): Promise<BrokerInstance>;
  /** Trims the log of `key` to exactly its last `n` events (a memory broker trims by capacity itself). */
  trim?(key: string, n: number): Promise<void>;
  /** Deletes the stream behind every broker's back, as an expiry or a flush would. */
  recreate?(key: string): Promise<void>;
  /** Redis: the number of keys in the database. */
  keyCount?(): Promise<number>;
  /** Redis: whether the log and meta keys of `key` exist, and their remaining TTL in ms (-2: none). */
  inspect?(key: string): Promise<{ log: number; meta: number; pttl: number }>;
}

/** Memory: one broker per settings, shared by the hubs ("instances") of a test. */
export function memoryFactory(): BrokerFactory {
  const brokers = new Map<string, Broker>();
  return {
    name: 'memory',
    kind: 'memory',
    create: async (settings = {}) => {
      const id = JSON.stringify([settings.maxLength]);
      let broker = brokers.get(id);
      if (broker === undefined) {
        // Generous bytes: the tests bound history by count, as Redis does.
        broker = memoryBroker({ capacity: settings.maxLength ?? 1000, maxBytes: 256 * 1024 * 1024 });
        brokers.set(id, broker);
      }
      const hubOptions: EventStreamHubOptions = settings.endedTtlMs === undefined ? {} : { endedRetentionMs: settings.endedTtlMs };
      return { broker, hubOptions, cleanup: async () => undefined };
    },
    recreate: async (key) => {
      for (const broker of brokers.values()) await broker.discard?.(key);
    },
  };
}

/** A Redis client library under test: how to connect one client. */
export interface RedisLibrary {
  readonly name: string;
  connect(url: string, clientName: string): Promise<{ client: RedisClientLike; close(): void }>;
}

export const nodeRedis: RedisLibrary = {
  name: 'node-redis v5',
  async connect(url, clientName) {
    const client = createClient({ url, name: clientName });
    client.on('error', () => undefined);
    await client.connect();
    return { client, close: () => client.destroy() };
  },
};

/** The ioredis clients of the tests time commands out, as production ones often do. */
export const IOREDIS_COMMAND_TIMEOUT_MS = 2000;

export const ioredis: RedisLibrary = {
  name: 'ioredis v5',
  async connect(url, clientName) {
    const client = new IoRedis(url, { connectionName: clientName, lazyConnect: true, commandTimeout: IOREDIS_COMMAND_TIMEOUT_MS });
    client.on('error', () => undefined);
    await client.connect();
    return { client, close: () => client.disconnect() };
  },
};

/** Commands of the test itself (trims, inspection), on a node-redis client of its own. */
export interface RedisAdmin {
  command(args: string[]): Promise<unknown>;
  close(): void;
}

async function connectAdmin(url: string): Promise<RedisAdmin> {
  const client = createClient({ url, name: 'test-admin' });
  client.on('error', () => undefined);
  await client.connect();
  return { command: (args) => client.sendCommand(args), close: () => client.destroy() };
}

/** One redis-server per test file, an admin connection, and the factory of brokers on it. */
export interface RedisHarness {
  readonly factory: BrokerFactory;
  readonly library: RedisLibrary;
  /** Valid between `start` and `stop`. */
  readonly server: RedisServer;
  readonly admin: RedisAdmin;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The admin connection again, after the server was restarted. */
  reconnectAdmin(): Promise<void>;
}

export const PREFIX = 'progress-stream:';

export function logKey(key: string): string {
  return `${PREFIX}{${key}}:log`;
}

export function metaKey(key: string): string {
  return `${PREFIX}{${key}}:meta`;
}

export function redisHarness(library: RedisLibrary): RedisHarness {
  let server: RedisServer | undefined;
  let admin: RedisAdmin | undefined;
  const open = new Set<BrokerInstance>();
  let instances = 0;
  const must = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the Redis harness is not started');
    return value;
  };
  const factory: BrokerFactory = {
    name: `redis (${library.name})`,
    kind: 'redis',
    async create(settings = {}) {
      instances += 1;
      const clientName = `instance-${instances}`;
      const { client, close } = await library.connect(must(server).url, clientName);
      const broker = redisBroker({
        client,
        prefix: PREFIX,
        ...(settings.maxLength === undefined ? {} : { maxLength: settings.maxLength }),
        ...(settings.endedTtlMs === undefined ? {} : { endedTtlMs: settings.endedTtlMs }),
        ...settings.redis,
      });
      const instance: BrokerInstance = {
        broker,
        clientName,
        hubOptions: settings.endedTtlMs === undefined ? {} : { endedRetentionMs: settings.endedTtlMs },
        cleanup: async () => {
          open.delete(instance);
          broker.close();
          close();
        },
      };
      open.add(instance);
      return instance;
    },
    trim: async (key, n) => {
      await must(admin).command(['XTRIM', logKey(key), 'MAXLEN', String(n)]);
    },
    recreate: async (key) => {
      await must(admin).command(['DEL', logKey(key), metaKey(key)]);
    },
    keyCount: async () => Number(await must(admin).command(['DBSIZE'])),
    inspect: async (key) => {
      const a = must(admin);
      return {
        log: Number(await a.command(['EXISTS', logKey(key)])),
        meta: Number(await a.command(['EXISTS', metaKey(key)])),
        pttl: Number(await a.command(['PTTL', metaKey(key)])),
      };
    },
  };
  return {
    factory,
    library,
    get server() {
      return must(server);
    },
    get admin() {
      return must(admin);
    },
    async start() {
      server = await startRedisServer();
      admin = await connectAdmin(server.url);
    },
    async stop() {
      for (const instance of [...open]) await instance.cleanup();
      admin?.close();
      await server?.stop();
    },
    async reconnectAdmin() {
      admin?.close();
      admin = await connectAdmin(must(server).url);
    },
  };
}
