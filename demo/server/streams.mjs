// The demo's five streams, one per wire format of the presets: what each one runs and whether
// it needs a bearer token. Routes, faults and the status API all go by this table.
import {
  bomEnrichment,
  bomEnrichmentCancelled,
  nightlyImport,
  nightlyImportCancelled,
  schemaAnalysis,
  schemaAnalysisCancelled,
} from '../simulations.mjs';

/** The five streams, one per wire format. `job` streams get a new URL for every job. */
export const STREAMS = {
  'step-percent': { kind: 'job', auth: false, prefix: 'scan', run: schemaAnalysis, cancelled: schemaAnalysisCancelled },
  'typed-json': { kind: 'channel', auth: false },
  'batch-enrichment': { kind: 'job', auth: true, prefix: 'BOM', run: bomEnrichment, cancelled: bomEnrichmentCancelled },
  'workflow-stages': { kind: 'channel', auth: true },
  'phase-snapshot': { kind: 'job', auth: false, prefix: 'import', run: nightlyImport, cancelled: nightlyImportCancelled },
};
