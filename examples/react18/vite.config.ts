// Builds the React example's pages (the ProgressStream wrapper and the useProgressStream hook)
// against React 18 instead of 19: the sources are examples/react's, but every `react` and
// `react-dom` import, including those inside @progress-stream/core/react and @lit/react, resolves to
// this workspace's React 18.
import react from '@vitejs/plugin-react';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const require = createRequire(import.meta.url);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^react$/, replacement: packageDir('react') },
      { find: /^react\/(.*)$/, replacement: `${packageDir('react')}/$1` },
      { find: /^react-dom$/, replacement: packageDir('react-dom') },
      { find: /^react-dom\/(.*)$/, replacement: `${packageDir('react-dom')}/$1` },
    ],
  },
  build: {
    rolldownOptions: { input: { main: here('index.html'), hook: here('hook.html') } },
  },
});
