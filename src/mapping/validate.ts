// Mapping validation: every problem at once, each with its JSON pointer (RFC 6901), when the
// mapping is created; never a surprise at the first event. The grammar itself is in grammar.ts;
// the reducer then reads the mapping as written, relying on what is checked there.

import { join, report, shape, type Site } from './checks.js';
import { isRecord } from './coerce.js';
import { topLevel } from './grammar.js';
import type { Mapping, MappingIssue } from './mapping-types.js';
import { isPresetName, presets, type PresetName } from './presets/index.js';

/** Checks a mapping (usually parsed JSON); returns every problem, or an empty array. */
export function validateMapping(mapping: unknown): MappingIssue[] {
  const root: Site = { pointer: '', issues: [] };
  const rules = isRecord(mapping) && isRecord(mapping['events']) ? mapping['events'] : {};
  shape(topLevel(rules))(mapping, root);
  if (isRecord(mapping) && !('events' in mapping)) report(join(root, 'events'), 'is required');
  return root.issues;
}

/** Thrown by `createReducer` and `clientOptionsFor` for an invalid declarative mapping. */
export class MappingValidationError extends Error {
  readonly errors: MappingIssue[];

  constructor(errors: MappingIssue[]) {
    super(`Invalid mapping:\n${errors.map((issue) => `  ${issue.path || '/'}: ${issue.message}`).join('\n')}`);
    this.name = 'MappingValidationError';
    this.errors = errors;
  }
}

/** A preset's mapping, or a declarative mapping once checked. Throws MappingValidationError. */
export function resolveMapping(mapping: Mapping | PresetName): Mapping {
  const issues =
    typeof mapping !== 'string'
      ? validateMapping(mapping)
      : isPresetName(mapping)
        ? []
        : [{ path: '', message: `unknown preset "${mapping}"` }];
  if (issues.length > 0) throw new MappingValidationError(issues);
  return typeof mapping === 'string' ? presets[mapping] : mapping;
}
