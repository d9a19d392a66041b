// Mapping validation: every problem at once, each with its JSON pointer, when the mapping is
// created; never a surprise at the first event.

import { compileMapping } from './compile.js';
import type { MappingIssue } from './mapping-types.js';

/** Checks a mapping (usually parsed JSON); returns every problem, or an empty array. */
export function validateMapping(value: unknown): MappingIssue[] {
  return compileMapping(value).issues;
}

/** Thrown by `createReducer` for an invalid declarative mapping. */
export class MappingValidationError extends Error {
  readonly errors: MappingIssue[];

  constructor(errors: MappingIssue[]) {
    const lines = errors.map((issue) => `  ${issue.path || '/'}: ${issue.message}`);
    super(`Invalid mapping (${errors.length} ${errors.length === 1 ? 'problem' : 'problems'}):\n${lines.join('\n')}`);
    this.name = 'MappingValidationError';
    this.errors = errors;
  }
}
