// @progress-stream/core/react (the hook) loads without Lit and without @lit/react: it is a
// useSyncExternalStore view over a progress session. Run in a child Node process whose module
// resolution refuses `lit`, `lit/*` and `@lit/*`, as in an app that never installed them.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';

const root = fileURLToPath(new URL('../../..', import.meta.url));

const refuseLit = `
export async function resolve(specifier, context, next) {
  if (specifier === 'lit' || specifier.startsWith('lit/') || specifier.startsWith('@lit/')) {
    throw Object.assign(new Error('Cannot find package ' + specifier), { code: 'ERR_MODULE_NOT_FOUND' });
  }
  return next(specifier, context);
}`;
const register = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(refuseLit)}));`;

function runWithoutLit(script: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', `data:text/javascript,${encodeURIComponent(register)}`, '--input-type=module', '-e', script],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('@progress-stream/core/react without Lit or @lit/react', () => {
  it('the refusing resolver is in force (the wrapper entry fails to load)', async () => {
    const { code, output } = await runWithoutLit(`await import('./src/react/component.ts');`);
    assert.notEqual(code, 0);
    assert.match(output, /Cannot find package (@lit\/react|lit)/);
  });

  it('imports the hook and renders it on the server with the initial state, connecting nothing', async () => {
    const script = `
      globalThis.fetch = () => { throw new Error('no request during server rendering'); };
      const { useProgressStream } = await import('./src/react/index.ts');
      const { createElement } = await import('react');
      const { renderToString } = await import('react-dom/server');
      function Job() {
        const { state, status } = useProgressStream({ url: 'http://127.0.0.1:9/jobs/1/events', mapping: 'batch-enrichment' });
        return createElement('p', null, status + ':' + state.status + ':' + state.percent);
      }
      console.log('HTML ' + renderToString(createElement(Job)));`;
    const { code, output } = await runWithoutLit(script);
    assert.equal(code, 0, output);
    assert.match(output, /HTML <p>idle:idle:null<\/p>/);
  });

  it('builds with Vite from the package entry (dist/) when lit and @lit/react are not installed', async () => {
    // An app's bundler must not need them either: a plugin refuses them as a missing package would.
    const refused: string[] = [];
    const missing: Plugin = {
      name: 'not-installed',
      enforce: 'pre',
      resolveId(source) {
        if (source === 'lit' || source.startsWith('lit/') || source.startsWith('@lit/')) {
          refused.push(source);
          throw new Error(`Cannot find package ${source}`);
        }
        return null;
      },
    };
    const dir = mkdtempSync(join(tmpdir(), 'progress-stream-vite-'));
    try {
      const entry = join(dir, 'main.js');
      writeFileSync(entry, `import { useProgressStream } from '@progress-stream/core/react';\nexport const hook = useProgressStream;\n`);
      const output = await build({
        configFile: false,
        logLevel: 'silent',
        root: dir,
        resolve: { alias: { '@progress-stream/core/react': join(root, 'dist/react/index.js') } },
        plugins: [missing],
        build: { write: false, lib: { entry, formats: ['es'], fileName: 'app' }, rollupOptions: { external: ['react', 'react-dom'] } },
      });
      const chunks = (Array.isArray(output) ? output : [output]).flatMap((result) => ('output' in result ? result.output : []));
      const code = chunks.map((chunk) => ('code' in chunk ? chunk.code : '')).join('\n');
      assert.match(code, /useSyncExternalStore/);
      assert.deepEqual(refused, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
