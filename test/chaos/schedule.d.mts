export type EndingFault = 'drop-clean' | 'drop-abrupt' | 'drop-reset' | 'drop-mid-event' | 'drop-mid-utf8' | 'stall' | 'restart';
export type InlineFault = 'duplicate' | 'reorder' | 'garbage' | 'retry-zero';
export type OutageFault =
  | 'http-503'
  | 'http-503-retry-after-0'
  | 'http-503-retry-after-1'
  | 'http-503-retry-after-huge'
  | 'http-429'
  | 'cut-headers'
  | 'silent'
  | 'auth-401';
export type FaultKind = EndingFault | InlineFault | OutageFault;

export interface StreamFault {
  at: number;
  kind: EndingFault | InlineFault;
  outage?: OutageFault[];
}

export interface Schedule {
  seed: number;
  events: number;
  faults: StreamFault[];
  initialOutage: OutageFault[];
  splitWrites: boolean;
  /** Ids outside Latin-1 (`é1-日37-🚀`). */
  unicodeIds?: boolean;
}

export type RequestOutcome = 'failed' | 'auth' | 'healthy' | 'terminal' | 'broken';

export declare const ENDING_FAULTS: EndingFault[];
export declare const INLINE_FAULTS: InlineFault[];
export declare const OUTAGE_FAULTS: OutageFault[];
export declare const CHAOS_CLIENT: { heartbeatTimeoutMs: number; maxRetries: number; retryDelayMs: number; maxRetryDelayMs: number };
export declare function scheduleSeed(baseSeed: number, index: number): number;
export declare function formatSeed(seed: number): string;
export declare function generateSchedule(seed: number, job: { events: number; maxRetries?: number }): Schedule;
export declare function faultCounts(schedule: Schedule): Partial<Record<FaultKind, number>>;
export declare function expectedOfflines(
  requests: ReadonlyArray<{ startedAt: number; lastEventId: string | null; outcome: RequestOutcome }>,
  connects: readonly number[],
  maxRetries: number,
): number[];
