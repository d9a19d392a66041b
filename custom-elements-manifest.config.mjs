// custom-elements.json is generated from the element's JSDoc (@fires, @csspart, @cssprop,
// @slot) and Lit property declarations. `npm run manifest` writes it; `npm run
// manifest:check` fails when the committed file is stale. scripts/editor-data.mjs turns it into
// VS Code custom data and JetBrains web-types at build time.
import { readFileSync } from 'node:fs';

/** src/element/x.ts → dist/element/x.js: the manifest ships, so it names the shipped files. */
const shipped = (path) => path.replace(/^\/?src\//, 'dist/').replace(/\.ts$/, '.js');

/** Module paths and export references point at dist/*.js instead of the TypeScript sources. */
function distPaths() {
  return {
    name: 'progress-stream:dist-paths',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        mod.path = shipped(mod.path);
        for (const item of [...(mod.exports ?? []), ...(mod.declarations ?? [])]) {
          for (const ref of [item.declaration, item.superclass, item.inheritedFrom]) {
            if (ref?.module) ref.module = shipped(ref.module);
          }
        }
      }
    },
  };
}

/**
 * Each event gets the type its listeners receive, read from ProgressStreamEventMap in
 * src/element/events.ts (the one place the detail types are declared), so the two cannot differ.
 */
function eventTypes() {
  const source = readFileSync('src/element/events.ts', 'utf8');
  const types = new Map([...source.matchAll(/'([a-z-]+)': (CustomEvent<\w+>);/g)].map((m) => [m[1], m[2]]));
  return {
    name: 'progress-stream:event-types',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          for (const event of declaration.events ?? []) {
            const text = types.get(event.name);
            if (text === undefined) throw new Error(`event ${event.name} is not in ProgressStreamEventMap`);
            event.type = { text };
          }
        }
      }
    },
  };
}

export default {
  globs: ['src/element/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.stories.ts'],
  // manifest:check writes to a temporary folder instead (CEM_OUTDIR).
  outdir: process.env.CEM_OUTDIR ?? '.',
  litelement: true,
  packagejson: false,
  plugins: [distPaths(), eventTypes()],
};
