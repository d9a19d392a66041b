// Two library builds (selected with --mode):
//  - `npm`: the package's ES modules, one file per source module under dist/, with Lit left
//    as imports so apps share one copy and tree-shake freely.
//  - `bundle`: self-contained, minified files for use without a build step:
//    dist/progress-stream.iife.js (classic <script>, sets window.ProgressStream) and
//    dist/progress-stream.bundle.js (the same as one ES module).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

/**
 * Minifies the CSS inside Lit's css`` templates, which the JavaScript minifier leaves untouched:
 * comments, indentation and line breaks, spaces around braces, semicolons, commas, `>` and `/`
 * and inside parentheses, the space after a property's colon, the last semicolon of a block and
 * the zero before a decimal point. Each template becomes one line; its line breaks move after
 * the closing backtick, outside the string, so that the lines of the code after it (and with
 * them the source map) stay where they were. Only templates without `${}` interpolations are
 * rewritten. test/bundle/minified-styles.test.ts checks that the result parses to the same rules.
 */
function minifyLitCss(): Plugin {
  const squeeze = (body: string): string =>
    body
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>/])\s*/g, '$1')
      .replace(/\(\s+/g, '(')
      .replace(/\s+\)/g, ')')
      // `name: value` right after `{`, `;` or `(` is a declaration or a media feature (a
      // pseudo-class is never followed by a space): `:hover`, `::before` stay as they are.
      .replace(/([{;(])([-\w]+):\s+/g, '$1$2:')
      .replace(/;}/g, '}')
      .replace(/([\s:,(])0\.(\d)/g, '$1.$2')
      .trim();
  return {
    name: 'progress-stream:minify-lit-css',
    transform(code, id) {
      if (!id.endsWith('.styles.ts')) return null;
      const out = code.replace(/css`([^`$]*)`/g, (_whole, body: string) => {
        const lineBreaks = body.split('\n').length - 1;
        return `css\`${squeeze(body)}\`${'\n'.repeat(lineBreaks)}`;
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

/**
 * For the IIFE only: a dynamic `import('./x.js')` of our own code becomes a static import and a
 * resolved promise (the sharing code that the ES builds load on the first shared connect()).
 * An IIFE is one file, so the code is there anyway; imported dynamically, each module of that
 * part is wrapped in a lazy initialiser, which costs bytes and buys nothing. The promise keeps
 * the callers' timing: what they do with the module still happens in a later microtask.
 */
function staticDynamicImports(): Plugin {
  const dynamicImport = /\bimport\((['"])(\.{1,2}\/[^'"]+)\1\)/g;
  const sources = fileURLToPath(new URL('./src/', import.meta.url));
  return {
    name: 'progress-stream:static-dynamic-imports',
    transform(code, id) {
      if (!id.startsWith(sources)) return null;
      const imports: string[] = [];
      const out = code.replace(dynamicImport, (_whole, _quote: string, specifier: string) => {
        const name = `__progressStreamModule${imports.length}`;
        imports.push(`import * as ${name} from ${JSON.stringify(specifier)};`);
        return `Promise.resolve(${name})`;
      });
      if (imports.length === 0) return null;
      // On the first line, so that the lines below stay where they were.
      return { code: `${imports.join('')}${out}`, map: null };
    },
  };
}

function bundleConfig(format: 'iife' | 'es'): UserConfig {
  return {
    plugins: format === 'iife' ? [minifyLitCss(), staticDynamicImports()] : [minifyLitCss()],
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
