// The packed tarball's file list: what must be in it and what must never be.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Files every install needs besides the export targets. */
const REQUIRED = [
  'package.json',
  'README.md',
  'LICENSE',
  'CHANGELOG.md',
  'custom-elements.json',
  'dist/web-types.json',
  'dist/vscode.html-custom-data.json',
  'dist/vscode.css-custom-data.json',
];

/** Sources, tests and tooling stay in the repository; declaration maps would point at them. */
const FORBIDDEN = [/^src\//, /^test\//, /^stories\//, /^bench\//, /^demo\//, /^examples\//, /^scripts\//, /\.d\.ts\.map$/, /^\./];

/** Every file an `exports` entry, `types`, `unpkg`, `jsdelivr` or `web-types` names. */
function namedFiles(pkg) {
  const out = new Set();
  const add = (target) => {
    if (typeof target === 'string') out.add(target.replace(/^\.\//, ''));
    else if (target !== null && typeof target === 'object') Object.values(target).forEach(add);
  };
  add(pkg.exports);
  for (const field of ['main', 'module', 'types', 'unpkg', 'jsdelivr', 'web-types', 'customElements']) add(pkg[field]);
  return out;
}

/** Problems with the tarball's `files` (paths relative to the package root). */
export function checkTarballFiles(root, files) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const present = new Set(files);
  const problems = [];
  for (const file of [...REQUIRED, ...namedFiles(pkg)]) {
    if (!present.has(file)) problems.push(`missing from the tarball: ${file}`);
  }
  for (const file of files) {
    if (FORBIDDEN.some((pattern) => pattern.test(file))) problems.push(`must not be in the tarball: ${file}`);
  }
  for (const file of files.filter((f) => f.endsWith('.js.map'))) {
    const map = JSON.parse(readFileSync(join(root, file), 'utf8'));
    // A map without its sources' text would point at src/, which does not ship.
    if (!Array.isArray(map.sourcesContent)) problems.push(`${file} has no sourcesContent`);
  }
  const relative = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/\]\(((?!https?:|#|mailto:)[^)\s]+)\)/g)];
  // The registry's page shows the README without the repository around it.
  for (const [, link] of relative) problems.push(`README.md links to ${link}: use an absolute URL`);
  return problems;
}
