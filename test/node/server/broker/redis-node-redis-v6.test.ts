// The broker contract and the fault tests against the Redis broker with node-redis v6 (installed as
// `redis-v6`), whose clients time every command out after 5 s by default: the broker's blocking
// read must not be cut short by it.
import { after, before } from 'node:test';
import { createClient } from 'redis-v6';
import { defineBrokerContract } from './contract.js';
import { defineRedisFaults } from './faults.js';
import { redisHarness, type RedisLibrary } from './factories.js';
import { defineQuietStreamTest } from './quiet.js';

const nodeRedisV6: RedisLibrary = {
  name: 'node-redis v6',
  async connect(url, clientName) {
    const client = createClient({ url, name: clientName });
    client.on('error', () => undefined);
    await client.connect();
    return { client, close: () => client.destroy() };
  },
};

const redis = redisHarness(nodeRedisV6);
before(() => redis.start());
after(() => redis.stop());

defineBrokerContract(redis.factory);
defineRedisFaults(redis);

defineQuietStreamTest(redis, 6000, 5000);
