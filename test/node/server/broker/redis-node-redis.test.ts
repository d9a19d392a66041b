// The broker contract and the fault tests against the Redis broker with node-redis v5, on a
// real redis-server started for this file.
import { after, before } from 'node:test';
import { defineBrokerContract } from './contract.js';
import { defineRedisFaults } from './faults.js';
import { nodeRedis, redisHarness } from './factories.js';

const redis = redisHarness(nodeRedis);
before(() => redis.start());
after(() => redis.stop());

defineBrokerContract(redis.factory);
defineRedisFaults(redis);
