// npm run build: the npm ES modules, their .d.ts declarations, the two standalone bundles with
// their declarations, and the editor data (VS Code custom data, web-types) from custom-elements.json.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
const bin = (name) => `node_modules/.bin/${name}`;

rmSync('dist', { recursive: true, force: true });
run(bin('vite'), ['build', '--mode', 'npm', '--logLevel', 'warn']);
run(bin('vite'), ['build', '--mode', 'bundle-iife', '--logLevel', 'warn']);
run(bin('vite'), ['build', '--mode', 'bundle-es', '--logLevel', 'warn']);
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
run('node', ['scripts/bundle-types.mjs']);
run('node', ['scripts/editor-data.mjs']);
console.log('build: dist/ written');
