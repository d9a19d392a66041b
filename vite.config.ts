// Two library builds (selected with --mode):
//  - `npm`: the package's ES modules, one file per source module under dist/, with Lit and
//    fetch-event-source left as imports so apps share one copy and tree-shake freely.
//  - `bundle`: self-contained, minified files for use without a build step:
//    dist/progress-stream.iife.js (classic <script>, sets window.ProgressStream) and
//    dist/progress-stream.bundle.js (the same as one ES module).
import { existsSync } from 'node:fs';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

/**
 * Minifies the CSS inside Lit's css`` templates (comments, indentation, spaces around braces,
 * semicolons and commas), which the JavaScript minifier leaves untouched. Line breaks are kept
 * so that the module's line numbers, and with them its source map, stay right. Only templates
 * without `${}` interpolations are rewritten.
 */
function minifyLitCss(): Plugin {
  const squeeze = (line: string) =>
    line
      .trim()
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1');
  return {
    name: 'progress-stream:minify-lit-css',
    transform(code, id) {
      if (!id.endsWith('.styles.ts')) return null;
      const out = code.replace(/css`([^`$]*)`/g, (_whole, body: string) => {
        const withoutComments = body.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ''));
        return `css\`${withoutComments.split('\n').map(squeeze).join('\n')}\``;
      });
      return { code: out, map: null };
    },
  };
}

const npmEntries: Record<string, string> = {
  index: 'src/index.ts',
  'client/index': 'src/client/index.ts',
  'mapping/index': 'src/mapping/index.ts',
  'element/progress-stream': 'src/element/progress-stream.ts',
};
for (const [name, file] of Object.entries({
  'server/index': 'src/server/index.ts',
  'server/redis/index': 'src/server/redis/index.ts',
  'react/index': 'src/react/index.ts',
  'react/component': 'src/react/component.ts',
  'vue/index': 'src/vue/index.ts',
  'vue/elements': 'src/vue/elements.ts',
  'svelte/index': 'src/svelte/index.ts',
  'svelte/elements': 'src/svelte/elements.ts',
})) {
  if (existsSync(file)) npmEntries[name] = file;
}

const isExternal = (id: string): boolean =>
  id === 'lit' ||
  id.startsWith('lit/') ||
  id.startsWith('@lit/') ||
  id.startsWith('@lit-labs/') ||
  id === '@microsoft/fetch-event-source' ||
  id === 'react' ||
  id.startsWith('react/') ||
  id === 'vue' ||
  id.startsWith('node:');

function npmConfig(): UserConfig {
  return {
    plugins: [minifyLitCss()],
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      sourcemap: true,
      minify: false,
      target: 'es2022',
      lib: { entry: npmEntries, formats: ['es'] },
      rolldownOptions: {
        external: isExternal,
        output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
      },
    },
  };
}

function bundleConfig(format: 'iife' | 'es'): UserConfig {
  return {
    plugins: [minifyLitCss()],
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      sourcemap: true,
      minify: 'oxc',
      target: 'es2022',
      lib: {
        entry: 'src/standalone.ts',
        name: 'ProgressStream',
        formats: [format],
        fileName: () => (format === 'iife' ? 'progress-stream.iife.js' : 'progress-stream.bundle.js'),
      },
    },
  };
}

export default defineConfig(({ mode }) => {
  if (mode === 'bundle-iife') return bundleConfig('iife');
  if (mode === 'bundle-es') return bundleConfig('es');
  return npmConfig();
});
