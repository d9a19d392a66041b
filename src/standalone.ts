// Entry of the standalone bundles (dist/progress-stream.iife.js and .bundle.js): everything,
// Lit included. The IIFE build assigns these exports to window.ProgressStream.
export * from './index.js';
