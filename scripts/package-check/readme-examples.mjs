// The README's TypeScript examples as files of a consumer project, so that a fresh install of
// the tarball type-checks what the README tells people to write.
//
// A ```ts or ```tsx block is a whole module when it imports the package or another README
// module (`./lib/progress.js`, `@/lib/progress`); blocks without such an import are fragments
// of the module before them and are not checked. A block whose first line is a comment naming a
// file (`// lib/progress.ts`) is written to that file, so that other blocks can import it. Names
// the examples leave to the reader (`getToken`, `authHeaders`, …) are declared in ambient.d.ts.
import { readFileSync } from 'node:fs';

const MODULE_IMPORT = /from '(?:@progress-stream\/core[^']*|\.\/lib\/progress\.js|@\/lib\/progress)'/;

/** Declarations of what the README's examples assume the reader has. */
export const AMBIENT = `// What the README's examples leave to the reader.
declare const auth: { token(): Promise<string> };
declare const sessionResumeId: string | undefined;
declare const jobId: string;
declare function getToken(): Promise<string>;
declare function authHeaders(): Promise<Record<string, string>>;
declare function render(event: string, data: unknown): void;
declare function show(text: string, options?: { retry: () => void }): void;
declare function setResult(result: unknown): void;
declare function toast(text: string | undefined): void;
`;

/**
 * The module blocks of the README: `{ file, code, line, node }`. `node` is true for blocks that
 * use no DOM, JSX or bundler-only path, which are also checked in a Node-only project.
 */
export function readmeModules(readmePath) {
  const lines = readFileSync(readmePath, 'utf8').split('\n');
  const modules = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|tsx)$/.exec(lines[i]);
    if (open === null) continue;
    const start = i + 1;
    while (i + 1 < lines.length && lines[i + 1] !== '```') i++;
    const code = lines.slice(start, i + 1).join('\n');
    if (!MODULE_IMPORT.test(code)) continue;
    const named = /^\/\/ ([\w./[\]-]+\.tsx?)\b/.exec(code)?.[1];
    const file = named ?? `readme-line-${start}.${open[1]}`;
    const browserOnly = open[1] === 'tsx' || /\bdocument\b|\bwindow\b|@\/lib|progress-stream\/core'|\/react|\/vue|\/svelte/.test(code);
    modules.push({ file, code: `${code}\n`, line: start, node: !browserOnly });
  }
  return modules;
}
