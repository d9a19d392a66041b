// @progress-stream/core/client: the SSE client SDK. No DOM and no Lit: it runs in pages, Web Workers
// and Node 20, and importing it has no side effects.
export { StreamClient } from './stream-client.js';
export { EventStreamParser } from './event-stream-parser.js';
export type { ParsedEvent, EventStreamParserHandlers, EventStreamParserOptions } from './event-stream-parser.js';
export type {
  BodyInitLike,
  ClientEventListener,
  ClientListenerOptions,
  ConnectionStatus,
  CredentialsMode,
  HeaderValues,
  HeadersInitLike,
  HeadersProvider,
  PollingOptions,
  ShareOptions,
  ShareRole,
  StatusDetail,
  StreamClientEventMap,
  StreamClientOptions,
  StreamErrorDetail,
  StreamErrorKind,
  StreamMessage,
  UnauthorizedContext,
} from './types.js';
