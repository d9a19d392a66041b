// The broker contract and the fault tests against the Redis broker with ioredis v5, on a
// real redis-server started for this file. The client has a `commandTimeout`, as production
// ones often do: the broker's blocking reads must not be cut short by it.
import { after, before } from 'node:test';
import { defineBrokerContract } from './contract.js';
import { defineRedisFaults } from './faults.js';
import { IOREDIS_COMMAND_TIMEOUT_MS, ioredis, redisHarness } from './factories.js';
import { defineQuietStreamTest } from './quiet.js';

const redis = redisHarness(ioredis);
before(() => redis.start());
after(() => redis.stop());

defineBrokerContract(redis.factory);
defineRedisFaults(redis);
defineQuietStreamTest(redis, 3000, IOREDIS_COMMAND_TIMEOUT_MS);
