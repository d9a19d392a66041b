// npm start: the live demo. Builds dist/ first when the bundle is missing or older than any
// file in src/ (so a fresh clone works), then runs demo/server.mjs. Arguments are passed on:
// `npm start -- --port 8080 --speed 5`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outputs = ['dist/progress-stream.iife.js', 'dist/server/index.js'];

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  let built = Infinity;
  for (const output of outputs) {
    try {
      built = Math.min(built, statSync(join(root, output)).mtimeMs);
    } catch {
      return true;
    }
  }
  return newestSource(join(root, 'src')) > built;
}

if (needsBuild()) {
  console.log('progress-stream demo: building dist/ (npm run build)…');
  // Under `npm start`, npm_execpath is npm's own CLI; otherwise use npm from the PATH.
  const npmCli = process.env.npm_execpath;
  const result = npmCli
    ? spawnSync(process.execPath, [npmCli, 'run', 'build'], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error('progress-stream demo: the build failed; see above.');
    process.exit(result.status ?? 1);
  }
}

// Imported only now: the server imports the built helper from dist/.
const { main } = await import('../demo/server.mjs');
await main(process.argv.slice(2));
