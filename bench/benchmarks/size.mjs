// Size: each entry bundled and minified with esbuild (as size-limit does), then gzip -9 and
// brotli -11 of the result.
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { build } from 'esbuild';
import { root } from '../support/config.mjs';
import { row } from '../support/report.mjs';
import { kb } from '../support/stats.mjs';

export async function size() {
  const entries = [
    { name: 'progress-stream/client (StreamClient)', code: "export { StreamClient } from './dist/client/index.js';", target: 3500 },
    {
      name: 'progress-stream/mapping (createReducer + presets)',
      code: "export { createReducer, presets } from './dist/mapping/index.js';",
    },
    {
      name: 'element entry, Lit excluded',
      code: "export * from './dist/index.js';",
      external: [
        'lit',
        'lit/*',
        '@lit/reactive-element',
        '@lit/reactive-element/*',
        'lit-html',
        'lit-html/*',
        'lit-element',
        'lit-element/*',
      ],
    },
    { name: 'progress-stream.iife.js (all, Lit included)', file: 'dist/progress-stream.iife.js', target: 15000 },
  ];
  const out = [];
  for (const entry of entries) {
    const result = await build({
      ...(entry.file ? { entryPoints: [join(root, entry.file)] } : { stdin: { contents: entry.code, resolveDir: root, loader: 'js' } }),
      bundle: true,
      minify: true,
      format: entry.file ? 'iife' : 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      external: entry.external ?? [],
      logLevel: 'silent',
    });
    const code = result.outputFiles[0].contents;
    const gzip = gzipSync(code, { level: 9 }).length;
    const brotli = brotliCompressSync(code, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: code.length },
    }).length;
    out.push({ name: entry.name, minified: code.length, gzip, brotli, targetGzip: entry.target });
    const ok = entry.target === undefined ? undefined : gzip <= entry.target;
    row('size', `${entry.name}: min+gzip`, kb(gzip), entry.target ? `<= ${kb(entry.target)}` : '', ok);
    row('size', `${entry.name}: min+brotli`, kb(brotli));
  }
  return out;
}
