// Storybook for <progress-stream>: `npm run storybook` (dev server on port 6006),
// `npm run build-storybook` (static site in storybook-static/), `npm run test:storybook`
// (every story's play function and accessibility check in headless Chromium, via Vitest).
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  framework: {
    name: '@storybook/web-components-vite',
    options: {
      builder: {
        // The project's vite.config.ts builds the library (per --mode: lib entries, externals,
        // CSS minification). Storybook gets its own config instead; Vitest uses viteFinal below.
        viteConfigPath: fileURLToPath(new URL('./vite.config.ts', import.meta.url)),
      },
    },
  },
  core: {
    disableTelemetry: true,
    disableWhatsNewNotifications: true,
    enableCrashReports: false,
  },
  // Applied both by `storybook dev|build` and by the Vitest plugin (which reads no vite config).
  // TypeScript is compiled by Vite's Oxc transform, which reads tsconfig.json for every file:
  // `experimentalDecorators` (Lit's legacy decorators) and `useDefineForClassFields: false`, so
  // that `@property()` accessors are not shadowed by class fields. Every story fails if that
  // ever stops being the case (Lit refuses shadowed properties; see API → "Properties update
  // the view").
  viteFinal: (viteConfig) => ({
    ...viteConfig,
    optimizeDeps: {
      ...viteConfig.optimizeDeps,
      // One Lit for the element, the stories and Storybook's renderer in the test browser:
      // pre-bundled, each could get its own copy ("Multiple versions of Lit loaded").
      exclude: [...(viteConfig.optimizeDeps?.exclude ?? []), 'lit', 'lit-html', 'lit-element', '@lit/reactive-element'],
    },
    build: {
      ...viteConfig.build,
      // Storybook's own manager and docs chunks are large; the element's size is budgeted by
      // `npm run size`.
      chunkSizeWarningLimit: 1500,
    },
  }),
};

export default config;
