// The broker contract against the default broker: memory, instances being hubs of one process.
import { defineBrokerContract } from './contract.js';
import { memoryFactory } from './factories.js';

defineBrokerContract(memoryFactory());
