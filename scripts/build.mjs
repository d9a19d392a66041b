// npm run build: the npm ES modules, their .d.ts declarations, and the two standalone bundles.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
const bin = (name) => `node_modules/.bin/${name}`;

rmSync('dist', { recursive: true, force: true });
run(bin('vite'), ['build', '--mode', 'npm', '--logLevel', 'warn']);
run(bin('vite'), ['build', '--mode', 'bundle-iife', '--logLevel', 'warn']);
run(bin('vite'), ['build', '--mode', 'bundle-es', '--logLevel', 'warn']);
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
console.log('build: dist/ written');
