// Storybook's own Vite config, chosen in main.ts so that the library's vite.config.ts (library
// entries, externals and CSS minification, per --mode) does not apply to the stories. Storybook
// keeps only plugins and resolve settings from here, not `build`; what the stories need is set
// in main.ts `viteFinal`, which the Vitest plugin applies too. TypeScript settings (legacy
// decorators, no define semantics for class fields) come from tsconfig.json, as for tsc.
import { defineConfig } from 'vite';

export default defineConfig({});
