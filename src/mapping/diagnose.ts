// Diagnostics as a plain function: run recorded events through a mapping and see which mapped
// paths the real data lacked. Handy in a test or a console session against a captured stream.

import type { StreamMessage } from '../client/types.js';
import type { DiagnosticsReport } from './diagnostics.js';
import type { Mapping } from './mapping-types.js';
import type { PresetName } from './presets/index.js';
import { createReducer } from './reducer.js';

export function diagnose(mapping: Mapping | PresetName, messages: Iterable<StreamMessage>): DiagnosticsReport {
  const reducer = createReducer(mapping, { diagnostics: true, now: () => 0 });
  let state = reducer.initialState();
  for (const message of messages) state = reducer(state, message);
  return reducer.diagnostics() ?? {};
}
