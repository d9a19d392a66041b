// Size: what `npx size-limit` reports for every entry of .size-limit.json (bundled with esbuild,
// minified, gzip -9, its own budgets), so that the table and the budgets never disagree. The
// targets of the performance issue apply to the client entry and the standalone IIFE.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { root } from '../support/config.mjs';
import { row } from '../support/report.mjs';
import { kb } from '../support/stats.mjs';

const TARGETS = { 'dist/client/index.js': 3500, 'dist/progress-stream.iife.js': 22000 }; // bytes, min+gzip

export async function size() {
  const entries = JSON.parse(await readFile(join(root, '.size-limit.json'), 'utf8'));
  // size-limit exits non-zero when a budget is exceeded, and still prints its JSON.
  const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'node_modules/size-limit/bin.js'), '--json'], {
    cwd: root,
  }).catch((error) => error);
  const measured = JSON.parse(stdout);
  const out = [];
  for (const entry of entries) {
    const m = measured.find((x) => x.name === entry.name);
    if (!m) throw new Error(`size-limit reported nothing for "${entry.name}"`);
    const target = TARGETS[entry.path];
    out.push({ name: entry.name, path: entry.path, gzip: m.size, budget: m.sizeLimit, target });
    row(
      'size',
      `${entry.name}: min+gzip`,
      `${kb(m.size)} (budget ${kb(m.sizeLimit)})`,
      target ? `<= ${kb(target)}` : '',
      target ? m.size <= target : undefined,
    );
  }
  return out;
}
