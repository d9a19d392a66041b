// What ships must give an attacker nothing: credentials have no attribute to leak through (so
// none in custom-elements.json, which tools and docs read), no shipped file evaluates strings as
// code, and no library code writes to the console (where headers could end up in a log).
// Runs against dist/ (npm test builds it first).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

interface ManifestMember {
  kind: string;
  name: string;
  attribute?: string;
  default?: string;
}
interface ManifestDeclaration {
  tagName?: string;
  members?: ManifestMember[];
  attributes?: Array<{ name: string; fieldName?: string; default?: string }>;
}
interface Manifest {
  modules: Array<{ declarations?: ManifestDeclaration[] }>;
}

function files(dir: string, extension: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(extension))
    .map((f) => join(root, dir, f));
}

describe('security of what ships', () => {
  const manifestText = readFileSync(join(root, 'custom-elements.json'), 'utf8');
  const manifest = JSON.parse(manifestText) as Manifest;
  const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'progress-stream');

  it('custom-elements.json: credentials are properties without an attribute, and no token is in it', () => {
    assert.ok(element, 'the element is in the manifest');
    const members = new Map((element.members ?? []).map((m) => [m.name, m]));
    for (const name of ['headers', 'onUnauthorized']) {
      assert.ok(members.has(name), `${name} is documented`);
      assert.equal(members.get(name)?.attribute, undefined, `${name} has no attribute`);
    }
    const attributes = (element.attributes ?? []).map((a) => a.name);
    assert.ok(attributes.length > 10, 'the attributes are listed');
    for (const name of attributes) assert.doesNotMatch(name, /header|token|auth|bearer|secret|password|cookie/i, name);
    // A default or example carrying a credential would be published with every copy.
    assert.doesNotMatch(manifestText, /Bearer\s+[A-Za-z0-9._~+/-]{8,}/);
    assert.doesNotMatch(manifestText, /"default":\s*"[^"]*(token|secret|password)/i);
  });

  it('no shipped file evaluates strings as code', () => {
    const shipped = files('dist', '.js');
    assert.ok(shipped.length > 10, 'dist/ is built');
    for (const file of shipped) {
      const code = readFileSync(file, 'utf8');
      assert.doesNotMatch(code, /\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(\s*["'`]/, file);
      assert.doesNotMatch(code, /set(?:Timeout|Interval)\s*\(\s*["'`]/, file);
    }
  });

  it('library code never writes to the console', () => {
    const sources = files('src', '.ts').filter((f) => !f.endsWith('.test.ts'));
    for (const file of sources) {
      // Strip comments: documentation examples may show console.log.
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      assert.doesNotMatch(code, /\bconsole\.\w+\s*\(/, file);
    }
  });
});
