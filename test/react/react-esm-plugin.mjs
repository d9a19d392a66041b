// A test-runner plugin that serves React to test pages as ES modules. React ships CommonJS only,
// which a browser cannot import; the test runner's esbuild plugin transforms one file at a time
// and its module resolution leaves CommonJS as it is. So `react` and `react-dom/client` are
// bundled here by esbuild, together, so that the hook under test and the test itself share one
// React (two copies would make every hook call fail), and served under /__react/.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PREFIX = '/__react/';
/** Where `react` is resolved from: the repository's own node_modules. */
const root = fileURLToPath(new URL('../..', import.meta.url));

/** The bare specifiers served, and the file each one becomes. */
const entries = { react: 'react', 'react-dom/client': 'react-dom-client' };

/**
 * `export const { a, b } = m;` for every key CommonJS `module.exports` has (ESM needs names). The
 * keys are read in a child process: React's development build must not load in the runner's
 * own process, whose console it would trip over.
 */
function reexport(specifier) {
  const keys = execFileSync(process.execPath, ['-p', `JSON.stringify(Object.keys(require(${JSON.stringify(specifier)})))`], {
    cwd: root,
    encoding: 'utf8',
  });
  const names = /** @type {string[]} */ (JSON.parse(keys)).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
  return `import * as m from '${specifier}';\nexport const { ${names.join(', ')} } = m;\nexport default m.default ?? m;\n`;
}

async function bundle() {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: Object.entries(entries).map(([specifier, out]) => ({ in: `entry:${specifier}`, out })),
    plugins: [
      {
        name: 'react-entries',
        setup(build) {
          build.onResolve({ filter: /^entry:/ }, (args) => ({ path: args.path.slice('entry:'.length), namespace: 'entry' }));
          build.onLoad({ filter: /.*/, namespace: 'entry' }, (args) => ({ contents: reexport(args.path), resolveDir: root }));
        },
      },
    ],
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    // The development build: act() and React's own warnings work in it.
    define: { 'process.env.NODE_ENV': '"development"' },
    outdir: 'react-esm',
    write: false,
    logLevel: 'silent',
  });
  return new Map(result.outputFiles.map((file) => [file.path.slice(file.path.lastIndexOf('/') + 1), file.text]));
}

export function reactAsEsm() {
  /** @type {Promise<Map<string, string>> | undefined} */
  let files;
  return {
    name: 'react-as-esm',
    resolveImport({ source, context }) {
      if (Object.hasOwn(entries, source)) return `${PREFIX}${entries[source]}.js`;
      // The bundle's own chunk imports are relative and already right.
      if (context.path.startsWith(PREFIX)) return source;
      return undefined;
    },
    async serve(context) {
      if (!context.path.startsWith(PREFIX)) return undefined;
      files ??= bundle();
      const body = (await files).get(context.path.slice(PREFIX.length));
      return body === undefined ? undefined : { body, type: 'js' };
    },
  };
}
