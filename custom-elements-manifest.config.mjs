// custom-elements.json is generated from the element's JSDoc (@fires, @csspart, @cssprop,
// @slot) and Lit property declarations. `npm run manifest` writes it; `npm run
// manifest:check` fails when the committed file is stale.
export default {
  globs: ['src/element/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.stories.ts'],
  // manifest:check writes to a temporary folder instead (CEM_OUTDIR).
  outdir: process.env.CEM_OUTDIR ?? '.',
  litelement: true,
  packagejson: false,
};
