// Runs the Node-side tests (test/node/**/*.test.ts) with node:test and tsx. Node 20's
// `--test` takes no glob patterns, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = 'test/node';
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => join(root, f))
  .sort();
if (files.length === 0) {
  console.error('No Node tests found under test/node');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-timeout=60000', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
