// @progress-stream/core/server: the server side of the protocol the client expects (ids, named
// events, `retry:`, heartbeats, Last-Event-ID resume, terminal events) for node:http and for
// Web-standard Response handlers. No Lit, no DOM, no dependency: Node 20 built-ins and Web
// globals only, and importing it has no side effects.
export { formatEvent, formatComment, serializeData } from './format.js';
export type { ServerSentEvent } from './format.js';
export { MemoryReplayStore } from './replay-store.js';
export { memoryBroker } from './memory-broker.js';
export type { MemoryBrokerOptions } from './memory-broker.js';
export type { Broker, BrokerListener, BrokerWatch } from './broker.js';
export type { EventToStore, MemoryReplayStoreOptions, ReplayResult, ReplayStore, StoredEvent } from './replay-store.js';
export { EventStream, createEventStream } from './event-stream.js';
export type { EventStreamOptions, PublishInput, ResetEventData, SlowReaderInfo } from './event-stream.js';
export { EventStreamHub, createEventStreamHub } from './hub.js';
export type { EventStreamHubOptions } from './hub.js';
export { eventStreamHeaders } from './headers.js';
export type { NodeRequestLike, NodeResponseLike, ServeOptions } from './node-adapter.js';
export type { Subscription, SubscriptionStart, Transport, CloseReason } from './subscription.js';
