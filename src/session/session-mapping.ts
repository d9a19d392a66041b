// The reducer a session runs: built from its mapping option, rebuilt only when what it depends
// on changed, and what ends the stream for good according to the mapping and the options.
import type { StreamMessage } from '../client/types.js';
import type { MappingIssue, Reducer } from '../mapping/index.js';
import { createInitialState, type ProgressState } from '../mapping/state.js';
import { buildMapping, DEFAULT_PRESET, mappingIdentity, type BuiltMapping } from './mapping-choice.js';
import { appliedNumbers } from './numbers.js';
import type { ProgressSessionOptions } from './types.js';

/** What `update` did: nothing, a new reducer for the same mapping (state kept), or a new mapping. */
export type MappingUpdate = 'unchanged' | 'rebuilt' | 'new';

export class SessionMapping {
  #built: BuiltMapping = { reducer: undefined, issues: [], terminal: {} };
  /** What the reducer was built from: [mapping identity, feed limit, debug]. */
  #builtFrom: readonly unknown[] = [];

  get reducer(): Reducer | undefined {
    return this.#built.reducer;
  }

  /** Why there is no reducer (empty when there is one). */
  get issues(): MappingIssue[] {
    return this.#built.issues;
  }

  initialState(): ProgressState {
    return this.#built.reducer?.initialState() ?? createInitialState();
  }

  /** Builds the reducer when what it depends on changed since it was built. */
  update(options: ProgressSessionOptions): MappingUpdate {
    const choice = options.mapping ?? DEFAULT_PRESET;
    const activityLimit = appliedNumbers(options).feedLimit;
    const diagnostics = options.debug === true;
    const inputs = [mappingIdentity(choice), activityLimit, diagnostics];
    const previous = this.#builtFrom;
    if (previous.length > 0 && inputs.every((value, i) => Object.is(value, previous[i]))) return 'unchanged';
    // Only a different mapping invalidates the state; a new feed limit or debug flag keeps it.
    const sameMapping = previous.length > 0 && Object.is(inputs[0], previous[0]);
    this.#builtFrom = inputs;
    this.#built = buildMapping(choice, { activityLimit, diagnostics });
    return sameMapping && this.#built.reducer !== undefined ? 'rebuilt' : 'new';
  }

  /** The mapping's terminal events, then the options' own. */
  isTerminal(message: StreamMessage, options: ProgressSessionOptions): boolean {
    const { terminal } = this.#built;
    const { terminalEvents, isTerminal } = options;
    return (
      (terminal.terminalEvents?.includes(message.event) ?? false) ||
      (terminal.isTerminal?.(message) ?? false) ||
      (terminalEvents?.includes(message.event) ?? false) ||
      (isTerminal?.(message) ?? false)
    );
  }
}
