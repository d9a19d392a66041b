export interface JobConnection {
  lastEventId: string | null;
  authorization: string | null;
  startedAt: number;
  closedAt: number | null;
  status: number;
}

export interface Job {
  readonly id: string;
  readonly total: number;
  /** The stream's path, e.g. `/jobs/1/events`. */
  readonly url: string;
  readonly events: readonly string[];
  readonly connections: JobConnection[];
  readonly open: ReadonlySet<unknown>;
  /** The most connections open at once. */
  readonly peakOpen: number;
  readonly ended: boolean;
  publish(count: number): void;
}

export interface JobServer {
  origin: string;
  createJob(total: number, token: string): Job;
  close(): Promise<void>;
}

export declare function startJobServer(options: { root: string }): Promise<JobServer>;
