// What tabs say to each other about a shared stream, over its BroadcastChannel. Only stream
// messages and connection status travel: never headers, tokens or request bodies (they are
// not in any of these shapes, and outgoing values are copied field by field).
import type { ConnectionStatus, StatusDetail, StreamErrorDetail, StreamMessage } from '../types.js';
import type { LoggedMessage } from './stream-log.js';

export type WireMessage =
  /** The holder relays a message of its connection. */
  | { t: 'msg'; e: LoggedMessage }
  /** The holder relays a status change of its connection. */
  | { t: 'status'; d: StatusDetail }
  /** The holder relays an error of its connection. */
  | { t: 'error'; e: StreamErrorDetail }
  /** A tab that joins (or wakes up) asks the holder for the stream so far. */
  | { t: 'hello'; from: string }
  /** The holder's answer to `hello`: its history and current status. */
  | { t: 'history'; to: string; log: LoggedMessage[]; d: StatusDetail | null }
  /** A follower's member asked to retry: the holder does it. */
  | { t: 'retry' };

export function wireError(error: StreamErrorDetail): StreamErrorDetail {
  const copy: StreamErrorDetail = { kind: error.kind, message: error.message, fatal: error.fatal };
  if (error.status !== undefined) copy.status = error.status;
  return copy;
}

export function wireStatus(detail: StatusDetail): StatusDetail {
  const copy: StatusDetail = { status: detail.status, previous: detail.previous, attempt: detail.attempt };
  if (detail.delayMs !== undefined) copy.delayMs = detail.delayMs;
  if (detail.error !== undefined) copy.error = wireError(detail.error);
  return copy;
}

export function wireEntry(entry: LoggedMessage): LoggedMessage {
  const m: StreamMessage = { event: entry.m.event, data: entry.m.data };
  if (entry.m.id !== undefined) m.id = entry.m.id;
  return { m, n: entry.n };
}

// --- reading what arrives: anything on the origin could post to the channel -------------------

type Loose = Record<string, unknown>;

const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null;
const STATUSES: readonly ConnectionStatus[] = ['idle', 'connecting', 'open', 'reconnecting', 'offline', 'closed'];
const isStatus = (value: unknown): value is ConnectionStatus => STATUSES.includes(value as ConnectionStatus);

function isEntry(value: unknown): value is LoggedMessage {
  if (!isObject(value) || typeof value['n'] !== 'number' || !isObject(value['m'])) return false;
  const m = value['m'];
  return typeof m['event'] === 'string' && typeof m['data'] === 'string' && (m['id'] === undefined || typeof m['id'] === 'string');
}

function isError(value: unknown): value is StreamErrorDetail {
  return (
    isObject(value) &&
    typeof value['kind'] === 'string' &&
    typeof value['message'] === 'string' &&
    typeof value['fatal'] === 'boolean' &&
    (value['status'] === undefined || typeof value['status'] === 'number')
  );
}

function isStatusDetail(value: unknown): value is StatusDetail {
  return (
    isObject(value) &&
    isStatus(value['status']) &&
    isStatus(value['previous']) &&
    typeof value['attempt'] === 'number' &&
    (value['delayMs'] === undefined || typeof value['delayMs'] === 'number') &&
    (value['error'] === undefined || isError(value['error']))
  );
}

/** The message, when it is one of ours and well formed. */
export function readWire(data: unknown): WireMessage | undefined {
  if (!isObject(data)) return undefined;
  const ok = (() => {
    switch (data['t']) {
      case 'msg':
        return isEntry(data['e']);
      case 'status':
        return isStatusDetail(data['d']);
      case 'error':
        return isError(data['e']);
      case 'hello':
        return typeof data['from'] === 'string';
      case 'history':
        return (
          typeof data['to'] === 'string' &&
          Array.isArray(data['log']) &&
          (data['log'] as unknown[]).every(isEntry) &&
          (data['d'] === null || isStatusDetail(data['d']))
        );
      case 'retry':
        return true;
      default:
        return false;
    }
  })();
  return ok ? (data as WireMessage) : undefined;
}
