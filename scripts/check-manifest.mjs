// Fails when custom-elements.json does not match what the analyzer generates from src/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// The analyzer resolves its outdir against the working directory, so use a relative one.
const out = join('node_modules', '.cache', 'cem-check');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
try {
  execFileSync('node_modules/.bin/cem', ['analyze', '--config', 'custom-elements-manifest.config.mjs'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, CEM_OUTDIR: out },
  });
  const fresh = readFileSync(join(out, 'custom-elements.json'), 'utf8');
  let committed = '';
  try {
    committed = readFileSync('custom-elements.json', 'utf8');
  } catch {
    // reported below
  }
  if (JSON.stringify(JSON.parse(fresh)) !== (committed && JSON.stringify(JSON.parse(committed)))) {
    console.error('custom-elements.json is stale: run `npm run manifest` and commit the result.');
    process.exit(1);
  }
  console.log('custom-elements.json is up to date');
} finally {
  rmSync(out, { recursive: true, force: true });
}
