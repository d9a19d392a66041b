// Which mapping a session runs, when two mappings are "the same", and the reducer built from it
// with the error text a view shows when it cannot be built.
import {
  clientOptionsFor,
  createReducer,
  isPresetName,
  MappingValidationError,
  presets,
  type Mapping,
  type MappingClientOptions,
  type MappingFunction,
  type MappingIssue,
  type PresetName,
  type Reducer,
} from '../mapping/index.js';

/** Mapping text that is not JSON (e.g. a `mapping` attribute): kept as text, reported as invalid. */
export class InvalidMappingJson {
  constructor(readonly text: string) {}
}

/** What a session accepts as its mapping; an unknown preset name is reported, not thrown. */
export type MappingChoice = Mapping | MappingFunction | PresetName | InvalidMappingJson | (string & {});

export const DEFAULT_PRESET: PresetName = 'step-percent';

/**
 * A value that stays identical while the mapping means the same: frameworks that pass a new
 * object literal on every render must not reset the state each time, so objects are compared
 * by their JSON. A function is itself (a view that wants "any function is the same" passes a
 * stable wrapper).
 */
export function mappingIdentity(choice: MappingChoice): unknown {
  if (choice instanceof InvalidMappingJson) return `invalid:${choice.text}`;
  if (typeof choice !== 'object' || choice === null) return choice;
  try {
    return `json:${JSON.stringify(choice)}`;
  } catch {
    return choice; // not serialisable (e.g. cyclic): fall back to the object itself
  }
}

export interface BuiltMapping {
  reducer: Reducer | undefined;
  /** Why there is no reducer (empty when there is one). */
  issues: MappingIssue[];
  /** What ends the stream for good, as the mapping declares it. */
  terminal: MappingClientOptions;
}

export function buildMapping(choice: MappingChoice, options: { activityLimit: number; diagnostics: boolean }): BuiltMapping {
  if (choice instanceof InvalidMappingJson) {
    return failed([{ path: '', message: 'The mapping attribute is not valid JSON' }]);
  }
  if (typeof choice === 'string' && !isPresetName(choice)) {
    return failed([{ path: '', message: `Unknown preset "${choice}"; expected one of ${Object.keys(presets).join(', ')}` }]);
  }
  const mapping = choice as Mapping | MappingFunction | PresetName;
  try {
    return { reducer: createReducer(mapping, options), issues: [], terminal: clientOptionsFor(mapping) };
  } catch (error) {
    return failed(
      error instanceof MappingValidationError
        ? error.errors
        : [{ path: '', message: error instanceof Error ? error.message : String(error) }],
    );
  }
}

function failed(issues: MappingIssue[]): BuiltMapping {
  return { reducer: undefined, issues, terminal: {} };
}

/** The one-line error a view reports for a mapping that could not be built. */
export function mappingErrorText(issues: readonly MappingIssue[], prefix: string): string {
  const first = issues[0];
  return `${prefix}: ${first?.path ? `${first.path}: ` : ''}${first?.message ?? ''}`;
}
