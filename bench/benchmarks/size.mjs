// Size: what `npx size-limit` reports for every entry of .size-limit.json (bundled with esbuild,
// minified, gzip -9, its own budgets), so that the table and the budgets never disagree. The
// targets of the performance issue apply to the client entry and the standalone IIFE, so the
// IIFE is also broken down by where its bytes come from (see `breakdown`).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { root } from '../support/config.mjs';
import { row } from '../support/report.mjs';
import { kb } from '../support/stats.mjs';

const TARGETS = { 'dist/client/index.js': 3500, 'dist/progress-stream.iife.js': 22000 }; // bytes, min+gzip
const IIFE = 'dist/progress-stream.iife.js';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The segments of a source map's `mappings`: [generated line, column, source index or -1]. */
function segments(mappings) {
  const out = [];
  let source = 0;
  mappings.split(';').forEach((line, lineIndex) => {
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        shift += 5;
        if (digit & 32) continue;
        fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
        [value, shift] = [0, 0];
      }
      column += fields[0];
      if (fields.length > 1) source += fields[1];
      out.push([lineIndex, column, fields.length > 1 ? source : -1]);
    }
  });
  return out;
}

/** The part of the code a source belongs to: a folder of src/, the CSS, Lit, or the rest. */
function areaOf(source) {
  const path = source.replace(/^(\.\.\/)+/, '');
  if (path.startsWith('node_modules/')) return /\/(lit|lit-html|lit-element|@lit)\//.test(`/${path.slice(13)}`) ? 'Lit' : 'other packages';
  if (path.startsWith('src/element/styles/')) return 'src/element/styles (CSS)';
  return /^src\/[^/]+\//.exec(path)?.[0].slice(0, -1) ?? path;
}

/**
 * Where the IIFE's bytes come from, per area, by its source map: the minified bytes each area
 * produced, and what its bytes cost in the gzip (the gzip of the whole file minus the gzip of
 * the file without them). Those costs overlap (what compresses against another area's text), so
 * they add up to a little less than the whole. The gzip here is of the file as shipped; the
 * size-limit figure above is of the file bundled once more by esbuild, which renames again.
 */
export async function breakdown(file = join(root, IIFE)) {
  const code = await readFile(file, 'utf8');
  const map = JSON.parse(await readFile(`${file}.map`, 'utf8'));
  const lines = code.split('\n');
  const spans = new Map();
  const all = segments(map.mappings);
  all.forEach(([line, start, source], i) => {
    const next = all[i + 1];
    const end = next?.[0] === line ? next[1] : lines[line].length;
    const area = source < 0 ? '(bundler glue)' : areaOf(map.sources[source]);
    if (!spans.has(area)) spans.set(area, []);
    spans.get(area).push([line, start, end]);
  });
  const gzip = (text) => gzipSync(text, { level: 9 }).length;
  const whole = gzip(code);
  const areas = [...spans].map(([area, list]) => {
    const kept = lines.map((text) => text.split('')); // UTF-16 units, as source map columns count
    for (const [line, start, end] of list) kept[line].fill('', start, end);
    const minified = list.reduce((sum, [, start, end]) => sum + end - start, 0);
    return { area, minified, gzipCost: whole - gzip(kept.map((chars) => chars.join('')).join('\n')) };
  });
  return { file: IIFE, minified: code.length, gzip: whole, areas: areas.sort((a, b) => b.gzipCost - a.gzipCost) };
}

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
  const parts = await breakdown();
  for (const { area, minified, gzipCost } of parts.areas) {
    const share = Math.round((gzipCost / parts.gzip) * 100);
    row('size', `${IIFE} from ${area}`, `${kb(minified)} minified, ~${kb(gzipCost)} of its gzip (${share} %)`);
  }
  return { entries: out, iife: parts };
}
