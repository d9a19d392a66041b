// The built-in mappings, one per wire format in PRODUCT.md. Each is a plain declarative
// mapping: copy one (structuredClone) and adapt it for a backend that differs.

import type { Mapping } from '../mapping-types.js';
import { batchEnrichment } from './batch-enrichment.js';
import { phaseSnapshot } from './phase-snapshot.js';
import { stepPercent } from './step-percent.js';
import { typedJson } from './typed-json.js';
import { workflowStages } from './workflow-stages.js';

export type PresetName = 'step-percent' | 'typed-json' | 'batch-enrichment' | 'workflow-stages' | 'phase-snapshot';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The presets, frozen so that one page's tweak cannot change another element's mapping. */
export const presets: Readonly<Record<PresetName, Mapping>> = deepFreeze({
  'step-percent': stepPercent,
  'typed-json': typedJson,
  'batch-enrichment': batchEnrichment,
  'workflow-stages': workflowStages,
  'phase-snapshot': phaseSnapshot,
});

export function isPresetName(value: unknown): value is PresetName {
  return typeof value === 'string' && Object.hasOwn(presets, value);
}
