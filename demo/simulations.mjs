// Simulated jobs for the five wire formats of progress-stream's presets. Each simulation only
// calls `publish({ event?, data })` and `sleep(ms)`; the server decides where the events go.
// Times are in "job milliseconds": the clock divides them by the speed factor, so a job that
// takes 40 s at speed 1 takes 2 s at speed 20.
//
// One file per format in demo/simulations/, plus what they share (support.mjs).
export { Cancelled, createClock, rand } from './simulations/support.mjs';
export { schemaAnalysis, schemaAnalysisCancelled } from './simulations/schema-analysis.mjs';
export { bomEnrichment, bomEnrichmentCancelled } from './simulations/bom-enrichment.mjs';
export { nightlyImport, nightlyImportCancelled } from './simulations/nightly-import.mjs';
export { sourceSync } from './simulations/source-sync.mjs';
export { createPurchaseOrder, purchaseOrderWorkflow } from './simulations/purchase-orders.mjs';
