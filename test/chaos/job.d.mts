import type { Mapping } from '../../src/mapping/index.js';

export declare const JOB_EVENTS: number;
export declare const chaosMapping: Mapping;
export declare function jobEvent(n: number): { event: string; data: string };
export declare function jobId(n: number, epoch: number, unicode?: boolean): string;
export declare function jobEventText(n: number, epoch: number, unicode?: boolean): string;
export declare function parseJobId(id: string | undefined): { epoch: number; n: number } | undefined;
