// npm run check:package (CI): packs the package as `npm publish` would and checks the tarball:
// its files, publint, arethetypeswrong (ESM-only profile: the package is ES modules only), and a
// fresh consumer project that installs it and type-checks the README's examples. Needs a built
// dist/ (npm run build); packs with --ignore-scripts so it checks that build, not a new one.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkConsumer } from './consumer.mjs';
import { checkTarballFiles } from './tarball.mjs';

const root = resolve(import.meta.dirname, '../..');
const bin = (name) => join(root, 'node_modules/.bin', name);
if (!existsSync(join(root, 'dist/index.js'))) throw new Error('check:package: run `npm run build` first');

const work = mkdtempSync(join(tmpdir(), 'progress-stream-package-'));
const problems = [];
const step = (name) => console.log(`\n--- ${name}`);
try {
  step('npm pack');
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }),
  );
  const tarball = join(work, packed.filename);
  const files = packed.files.map((f) => f.path);
  console.log(`  ${packed.filename}: ${files.length} files, ${(packed.size / 1024).toFixed(1)} kB packed`);

  step('tarball contents');
  problems.push(...checkTarballFiles(root, files));

  for (const [name, args] of [
    ['publint', [bin('publint'), ['run', tarball, '--strict']]],
    ['arethetypeswrong (esm-only)', [bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii']]],
  ]) {
    step(name);
    try {
      execFileSync(args[0], args[1], { cwd: work, encoding: 'utf8', stdio: 'pipe' });
      console.log('  clean');
    } catch (error) {
      problems.push(`${name} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    }
  }

  step('a consumer project installs the tarball and type-checks the README');
  problems.push(...checkConsumer(root, tarball, join(work, 'consumer')));
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`\ncheck:package: ${problems.length} problem(s)\n\n${problems.join('\n\n')}`);
  process.exit(1);
}
console.log('\ncheck:package: the tarball is complete, lints clean and type-checks for a consumer');
