// The code of README.md's "Several server instances" section, type-checked as it is printed: each
// ```ts block there is a file (named by its first-line comment: `// lib/progress.ts`, `// api.ts`,
// …), compiled together against the real types of progress-stream (src/), node-redis, ioredis,
// Express and Node, with the settings of tsconfig.node.json. The files are served to the compiler
// from memory; nothing is written. A sample that drifts from the API fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import ts from 'typescript';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const HEADING = '## Several server instances';
/** Where the samples seem to live: `@/lib/progress` (Next.js) maps here, node_modules resolve from the repository. */
const SAMPLES = join(root, 'test/node/server/readme-samples');

/** The ```ts blocks of the section, as files: the first-line comment names a file, or a name is made up. */
function samples(readme: string): Map<string, string> {
  const start = readme.indexOf(`\n${HEADING}\n`);
  assert.ok(start >= 0, `README.md has no "${HEADING}" section`);
  const end = readme.indexOf('\n## ', start + HEADING.length + 2);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const files = new Map<string, string>();
  for (const [index, match] of [...section.matchAll(/```ts\n([\s\S]*?)```/g)].entries()) {
    const code = match[1] ?? '';
    const named = /^\/\/ ([\w./[\]-]+\.ts)\b/.exec(code)?.[1];
    files.set(join(SAMPLES, named ?? `sample-${index}.ts`), code);
  }
  return files;
}

function compilerOptions(): ts.CompilerOptions {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.node.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => assert.fail(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')),
    },
  );
  assert.ok(config);
  const options = config.options;
  return {
    ...options,
    noEmit: true,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    paths: { ...options.paths, '@/*': [`${SAMPLES}/*`] },
  };
}

/** Parsed declaration files (node_modules, src/), shared by the compilations: the second one reuses them. */
const parsed = new Map<string, ts.SourceFile | undefined>();

/** Compiles `files` (from memory) and returns the diagnostics of those files, formatted. */
function check(files: Map<string, string>, options: ts.CompilerOptions, old?: ts.Program): { program: ts.Program; errors: string } {
  const host = ts.createCompilerHost(options);
  const { getSourceFile } = host;
  host.getSourceFile = (fileName, language, ...rest) => {
    const text = files.get(fileName);
    if (text !== undefined) return ts.createSourceFile(fileName, text, language);
    if (!parsed.has(fileName)) parsed.set(fileName, getSourceFile.call(host, fileName, language, ...rest));
    return parsed.get(fileName);
  };
  host.fileExists = (fileName) => files.has(fileName) || ts.sys.fileExists(fileName);
  host.readFile = (fileName) => files.get(fileName) ?? ts.sys.readFile(fileName);
  host.directoryExists = (dir) => SAMPLES.startsWith(dir) || dir.startsWith(SAMPLES) || ts.sys.directoryExists(dir);
  const program = ts.createProgram([...files.keys()], options, host, old);
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...[...files.keys()].flatMap((name) => {
      const source = program.getSourceFile(name);
      return source === undefined ? [] : [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    }),
  ];
  const errors = ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => root,
    getNewLine: () => '\n',
  });
  return { program, errors };
}

describe('README.md: Several server instances', () => {
  const files = samples(readFileSync(join(root, 'README.md'), 'utf8'));
  const options = compilerOptions();
  let program: ts.Program | undefined;

  it('has the shared module, the Express API, the Next.js route, the worker and the ioredis set-up', () => {
    const names = [...files.keys()].map((name) => name.slice(SAMPLES.length + 1));
    for (const name of ['lib/progress.ts', 'api.ts', 'app/jobs/[id]/events/route.ts', 'worker.ts']) assert.ok(names.includes(name), name);
    assert.ok([...files.values()].some((code) => code.includes("from 'ioredis'")));
  });

  it('every sample type-checks against the real APIs', { timeout: 60_000 }, () => {
    const result = check(files, options);
    program = result.program;
    assert.equal(result.errors, '');
  });

  it('a sample that misuses the API is caught (the check is not vacuous)', { timeout: 60_000 }, () => {
    const broken = new Map(files);
    const route = join(SAMPLES, 'app/jobs/[id]/events/route.ts');
    broken.set(route, (files.get(route) ?? '').replace('stream.response(request)', 'stream.response(request, { lastEventId: 7 })'));
    assert.match(check(broken, options, program).errors, /route\.ts.*lastEventId|Type 'number' is not assignable/s);
  });
});
