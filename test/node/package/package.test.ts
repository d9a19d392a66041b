// The published surface: exports resolve to built files, the SDK entries stay free of Lit,
// only element-registering files are marked as side effects, and every entry imports in
// Node (SSR) without throwing. Runs against dist/ (npm test builds it first).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  type: string;
  exports: Record<string, string | { types: string; default: string }>;
  sideEffects: string[];
  dependencies: Record<string, string>;
  customElements: string;
  engines: { node: string };
};

/** Every module reachable from `file` through relative imports, and the bare imports it makes. */
function moduleGraph(file: string): { files: Set<string>; bare: Set<string> } {
  const files = new Set<string>();
  const bare = new Set<string>();
  const visit = (path: string) => {
    if (files.has(path)) return;
    files.add(path);
    const source = readFileSync(path, 'utf8');
    const pattern =
      /^\s*(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;
    for (const match of source.matchAll(pattern)) {
      const spec = match[1] ?? match[2] ?? match[3];
      if (spec === undefined) continue;
      if (spec.startsWith('.')) visit(resolve(dirname(path), spec));
      else bare.add(spec);
    }
  };
  visit(file);
  return { files, bare };
}

describe('package.json', () => {
  it('is an ES-module-only package named @progress-stream/core for the Node versions with require(esm)', () => {
    assert.equal(pkg.name, '@progress-stream/core');
    assert.equal(pkg.type, 'module');
    // CommonJS users load it with require(esm): unflagged from Node 20.19 and 22.12.
    assert.equal(pkg.engines.node, '^20.19.0 || >=22.12.0');
    assert.equal(pkg.customElements, 'custom-elements.json');
  });

  it('has exactly lit as a runtime dependency', () => {
    assert.deepEqual(Object.keys(pkg.dependencies), ['lit']);
  });

  it('points every export at a file that exists, with types for each code entry', () => {
    for (const [entry, target] of Object.entries(pkg.exports)) {
      const targets = typeof target === 'string' ? [target] : [target.default, target.types];
      for (const t of targets) assert.ok(existsSync(join(root, t)), `${entry} -> ${t} is missing`);
    }
  });

  it('marks as side effects exactly the built files that register the element', () => {
    const dist = join(root, 'dist');
    const registering = readdirSync(dist, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.js'))
      .filter((f) => readFileSync(join(dist, f), 'utf8').includes('customElements.define'))
      .map((f) => `./dist/${f}`);
    for (const file of registering) assert.ok(pkg.sideEffects.includes(file), `${file} registers the element but is not in sideEffects`);
    const declaredDist = pkg.sideEffects.filter((f) => f.startsWith('./dist/'));
    for (const file of declaredDist) {
      const reexportsRegistering = file === './dist/index.js';
      assert.ok(registering.includes(file) || reexportsRegistering, `${file} is in sideEffects but registers nothing`);
    }
  });
});

describe('entry points', () => {
  it('@progress-stream/core/client never reaches Lit or the element', () => {
    const { files, bare } = moduleGraph(join(root, 'dist/client/index.js'));
    assert.ok(files.size > 1);
    for (const spec of bare) assert.ok(!/^(lit|@lit\/|lit-html|lit-element)/.test(spec), `client imports ${spec}`);
    for (const file of files) assert.ok(!file.includes('/element/'), `client reaches ${file}`);
  });

  it('@progress-stream/core/mapping is pure: no Lit, no element, no client runtime', () => {
    const { files, bare } = moduleGraph(join(root, 'dist/mapping/index.js'));
    assert.deepEqual(
      [...bare].filter((s) => !s.startsWith('node:')),
      [],
    );
    for (const file of files) assert.ok(!file.includes('/element/'), `mapping reaches ${file}`);
  });

  it('@progress-stream/core/server and @progress-stream/core/server/redis import no Redis library, no Lit, nothing outside node:', async () => {
    for (const entry of ['dist/server/index.js', 'dist/server/redis/index.js']) {
      const { files, bare } = moduleGraph(join(root, entry));
      assert.ok(files.size > 1, entry);
      assert.deepEqual(
        [...bare].filter((s) => !s.startsWith('node:')),
        [],
        `${entry} imports packages`,
      );
    }
    const redis = await import('@progress-stream/core/server/redis');
    assert.equal(typeof redis.redisBroker, 'function');
    assert.throws(() => redis.redisBroker({ client: {} as never }), /node-redis .* or ioredis/);
    const server = await import('@progress-stream/core/server');
    assert.equal(typeof server.memoryBroker, 'function');
    assert.equal(typeof server.createEventStreamHub({ broker: server.memoryBroker() }).find, 'function');
  });

  it('imports every entry in Node without a DOM (SSR) and exposes the contract names', async () => {
    const client = await import('@progress-stream/core/client');
    assert.equal(typeof client.StreamClient, 'function');
    const mapping = await import('@progress-stream/core/mapping');
    assert.equal(typeof mapping.createReducer, 'function');
    assert.deepEqual(Object.keys(mapping.presets).sort(), [
      'batch-enrichment',
      'phase-snapshot',
      'step-percent',
      'typed-json',
      'workflow-stages',
    ]);
    const all = await import('@progress-stream/core');
    assert.equal(typeof all.ProgressStream, 'function');
    assert.equal(all.StreamClient, client.StreamClient);
    assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
  });
});
