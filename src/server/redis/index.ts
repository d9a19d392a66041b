// @progress-stream/core/server/redis: event streams shared through Redis by several server instances
// and worker processes. Loads no Redis library: pass the node-redis or ioredis client you have.
export { redisBroker } from './redis-broker.js';
export type { RedisBrokerOptions } from './redis-broker.js';
export { RedisUnavailableError } from './connection.js';
export type { IoRedisClientLike, NodeRedisClientLike, RedisClientLike } from './connection.js';
