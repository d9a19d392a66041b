// A thin adapter over the two Redis clients people run in Node: node-redis (`redis` v5) and
// ioredis v5. Neither is imported: the broker talks to the client it is given through raw
// commands, so importing @progress-stream/core/server/redis loads no Redis library, and the two are
// optional peer dependencies.
//
// Two rules keep faults honest:
// - a command is refused at once while the client is not connected, instead of waiting in the
//   client's offline queue (a publish would hang, or run twice after a timeout and a retry);
// - every command has a deadline: a publisher gets a rejected promise it can retry.

/** What the broker needs of a node-redis client (v5; v4 and v6 have the same members). */
export interface NodeRedisClientLike {
  readonly isReady: boolean;
  sendCommand(args: string[], options?: { timeout?: number }): Promise<unknown>;
  duplicate(): NodeRedisClientLike;
  connect(): Promise<unknown>;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  destroy?(): void;
  disconnect?(): Promise<void>;
}

/** What the broker needs of an ioredis client (v5). */
export interface IoRedisClientLike {
  readonly status: string;
  call(command: string, ...args: string[]): Promise<unknown>;
  duplicate(override?: Record<string, unknown>): IoRedisClientLike;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  once(event: string, listener: (...args: unknown[]) => void): unknown;
  disconnect(): void;
}

/** A connected node-redis or ioredis client. */
export type RedisClientLike = NodeRedisClientLike | IoRedisClientLike;

/** One Redis connection, whichever client it is. */
export interface RedisConnection {
  readonly ready: boolean;
  /** Sends a command; rejects when not connected or after `timeoutMs`. */
  command(args: readonly string[], timeoutMs: number): Promise<unknown>;
  /** A new connection with the same settings (for blocking reads), connected. */
  duplicate(timeoutMs: number): Promise<RedisConnection>;
  close(): void;
}

/** Thrown when Redis cannot be reached: the caller may retry. */
export class RedisUnavailableError extends Error {
  /**
   * `false` when the command was refused before it was sent (the client was not connected):
   * Redis certainly did not run it. `true` when it was sent and no answer came in time: it may
   * have run.
   */
  readonly sent: boolean;

  constructor(message = 'progress-stream: Redis is not connected', sent = false) {
    super(message);
    this.name = 'RedisUnavailableError';
    this.sent = sent;
  }
}

function isIoRedis(client: RedisClientLike): client is IoRedisClientLike {
  return (
    typeof (client as Partial<IoRedisClientLike>).status === 'string' && typeof (client as Partial<IoRedisClientLike>).call === 'function'
  );
}

function isNodeRedis(client: RedisClientLike): client is NodeRedisClientLike {
  return typeof (client as Partial<NodeRedisClientLike>).sendCommand === 'function' && 'isReady' in client;
}

/** Rejects after `ms` unless `promise` settles first. */
function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisUnavailableError(`progress-stream: Redis did not answer ${what} within ${ms} ms`, true)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function nodeRedisConnection(client: NodeRedisClientLike): RedisConnection {
  return {
    get ready() {
      return client.isReady;
    },
    command(args, timeoutMs) {
      if (!client.isReady) return Promise.reject(new RedisUnavailableError());
      // node-redis' own per-command timeout (v5 and later) also takes the command out of its
      // queue; the deadline covers versions without it. An explicit timeout also keeps a
      // client-wide default timeout from cutting a blocking read short.
      return withDeadline(client.sendCommand([...args], { timeout: timeoutMs }), timeoutMs + 50, args[0] ?? '');
    },
    async duplicate(timeoutMs) {
      const copy = client.duplicate();
      // A node-redis client without an error listener throws its socket errors at the process.
      copy.on('error', () => undefined);
      const connection = nodeRedisConnection(copy);
      try {
        await withDeadline(copy.connect(), timeoutMs, 'a new connection');
      } catch (error) {
        // It would go on reconnecting in the background.
        connection.close();
        throw error;
      }
      return connection;
    },
    close() {
      if (typeof client.destroy === 'function') client.destroy();
      else void client.disconnect?.().catch(() => undefined);
    },
  };
}

function ioRedisConnection(client: IoRedisClientLike): RedisConnection {
  return {
    get ready() {
      return client.status === 'ready';
    },
    command(args, timeoutMs) {
      if (client.status !== 'ready') return Promise.reject(new RedisUnavailableError());
      const [name = '', ...rest] = args;
      return withDeadline(client.call(name, ...rest), timeoutMs, name);
    },
    async duplicate(timeoutMs) {
      // ioredis applies `commandTimeout` to blocking reads too: lift it for this connection.
      const copy = client.duplicate({ commandTimeout: undefined, lazyConnect: false });
      copy.on('error', () => undefined);
      if (copy.status !== 'ready') {
        await withDeadline(
          new Promise<void>((resolve) => {
            copy.once('ready', () => resolve());
          }),
          timeoutMs,
          'a new connection',
        ).catch((error: unknown) => {
          copy.disconnect();
          throw error;
        });
      }
      return ioRedisConnection(copy);
    },
    close() {
      client.disconnect();
    },
  };
}

/** The adapter for `client`; a TypeError when it is neither node-redis nor ioredis. */
export function connectionOf(client: RedisClientLike): RedisConnection {
  if (isIoRedis(client)) return ioRedisConnection(client);
  if (isNodeRedis(client)) return nodeRedisConnection(client);
  throw new TypeError('progress-stream: redisBroker needs a node-redis (redis v5) or ioredis v5 client');
}
