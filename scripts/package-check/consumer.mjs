// A fresh consumer project outside the repository that installs the packed tarball (and what a
// user of each entry would have), then type-checks the README's examples with skipLibCheck off,
// under three resolutions: bundler (with the DOM, JSX, Vue and Svelte helpers), node16 and
// nodenext (Node-only examples, no DOM lib: the client and server declarations must not need it).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AMBIENT, readmeModules } from './readme-examples.mjs';

/** The repository's own versions of what the examples import, so the check matches the tests. */
function versionOf(root, name) {
  return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
}

const DEV_PACKAGES = ['typescript', '@types/node', 'react', '@types/react', '@lit/react', 'vue', 'svelte', 'redis', 'ioredis'];

/** What a script-tag user writing TypeScript has: the IIFE's global declaration. */
const SCRIPT_TAG = `/// <reference types="@progress-stream/core/progress-stream.iife.js" />
const client = new window.ProgressStream.StreamClient({ url: '/jobs/42/events' });
client.connect();
const reducer = ProgressStream.createReducer('step-percent');
const message = { event: 'progress', data: '{"progress": 5}' };
export const percent: number | null = reducer(ProgressStream.createInitialState(), message).percent;
`;

/** The framework helpers load, and \`preset\` takes the five names (completed) or any string. */
const FRAMEWORK_HELPERS = `import type {} from '@progress-stream/core/vue/elements';
import type {} from '@progress-stream/core/svelte/elements';
import type { PresetName, ProgressStream } from '@progress-stream/core';
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
// Not \`string\`, which would lose the names' completion: PresetName | (string & {}).
export const presetType: Equal<ProgressStream['preset'], PresetName | (string & {}) | undefined> = true;
const el = document.createElement('progress-stream');
el.preset = 'batch-enrichment';
el.preset = 'a-registered-mapping-name';
`;

function tsconfig(moduleResolution, files, dom) {
  return {
    compilerOptions: {
      target: 'ES2022',
      module: moduleResolution === 'bundler' ? 'ESNext' : moduleResolution,
      moduleResolution,
      lib: dom ? ['ES2022', 'DOM', 'DOM.Iterable'] : ['ES2022'],
      types: ['node'],
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      jsx: 'react-jsx',
      ...(moduleResolution === 'bundler' ? { paths: { '@/*': ['./*'] } } : {}),
    },
    files,
  };
}

/** Installs the tarball into a new project under `dir` and type-checks; returns the problems. */
export function checkConsumer(root, tarball, dir) {
  const devDependencies = Object.fromEntries(DEV_PACKAGES.map((name) => [name, versionOf(root, name)]));
  const pkg = {
    name: 'progress-stream-consumer',
    private: true,
    type: 'module',
    dependencies: { '@progress-stream/core': `file:${tarball}`, express: '^5.0.0' },
    devDependencies: { ...devDependencies, '@types/express': '^5.0.0' },
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=error'], {
    cwd: dir,
    stdio: 'inherit',
  });

  const modules = readmeModules(join(root, 'README.md'));
  const write = (file, code) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), code);
  };
  write('ambient.d.ts', AMBIENT);
  for (const m of modules) write(m.file, m.code);
  write('script-tag.ts', SCRIPT_TAG);
  write('framework-helpers.ts', FRAMEWORK_HELPERS);

  const all = ['ambient.d.ts', 'script-tag.ts', 'framework-helpers.ts', ...modules.map((m) => m.file)];
  const nodeOnly = ['ambient.d.ts', ...modules.filter((m) => m.node).map((m) => m.file)];
  const projects = [
    ['tsconfig.bundler.json', tsconfig('bundler', all, true)],
    ['tsconfig.node16.json', tsconfig('node16', nodeOnly, false)],
    ['tsconfig.nodenext.json', tsconfig('nodenext', nodeOnly, false)],
  ];
  const problems = [];
  for (const [file, config] of projects) {
    writeFileSync(join(dir, file), JSON.stringify(config, null, 2));
    try {
      execFileSync(join(dir, 'node_modules/.bin/tsc'), ['-p', file], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
      console.log(`  ${file}: ${config.files.length} files type-check`);
    } catch (error) {
      problems.push(`${file} (README line numbers are in the file names):\n${error.stdout}${error.stderr}`);
    }
  }
  return problems;
}
