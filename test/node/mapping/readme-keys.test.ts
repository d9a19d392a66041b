// src/mapping/README.md documents every key of the mapping format, and nothing else: its key
// tables list exactly the keys the validator's grammar accepts (grammarKeys(), which the types
// themselves hold in step: see test/mapping/grammar.test.ts). A key added to the grammar and
// not documented, or documented and not accepted, fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { grammarKeys } from '../../../src/mapping/grammar.js';

const readme = readFileSync(new URL('../../../src/mapping/README.md', import.meta.url), 'utf8');

const GRAMMAR = grammarKeys();
type Part = keyof typeof GRAMMAR;

/**
 * Where each part is documented. `table`: the section's key tables (header `Key` or `Form`) list
 * exactly its keys. Otherwise each key need only appear in the section, as `key` or "key".
 */
const DOCUMENTED_IN: Record<Part, { heading: string; table: boolean }> = {
  mapping: { heading: '### Top-level keys', table: true },
  rule: { heading: '### Rule keys', table: true },
  step: { heading: '### Steps', table: true },
  stepDeclaration: { heading: '### Top-level keys', table: false },
  valueObject: { heading: '### Values', table: true },
  ratio: { heading: '### Percent', table: false },
  fromSteps: { heading: '### Percent', table: false },
  condition: { heading: '### Conditions', table: true },
  activityLine: { heading: '### Activity', table: true },
  derive: { heading: '## Derived values', table: true },
};

/** The text under a heading, up to the next heading of the same or a higher level. */
function section(heading: string): string {
  const lines = readme.split('\n');
  const start = lines.indexOf(heading);
  assert.ok(start >= 0, `README has no "${heading}"`);
  const level = heading.indexOf(' ');
  const end = lines.findIndex((line, i) => i > start && /^#+ /.test(line) && line.indexOf(' ') <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** Runs of table lines (`| … |`), each as rows of cells. */
function tables(text: string): string[][][] {
  const found: string[][][] = [];
  let current: string[][] = [];
  for (const line of [...text.split('\n'), '']) {
    if (line.startsWith('|')) {
      current.push(
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    } else if (current.length > 0) {
      found.push(current);
      current = [];
    }
  }
  return found;
}

/** The keys a first cell names: `key`, or `{ "key": … }` for a value form. */
function keysIn(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].flatMap(([, code = '']) => {
    const name = /^\$?[A-Za-z]\w*$/.test(code) ? code : /^\{ "(\w+)"/.exec(code)?.[1];
    return name === undefined ? [] : [name];
  });
}

/** The keys a section's key tables list, in their first column. */
function tabledKeys(text: string): string[] {
  return tables(text)
    .filter(([header]) => header?.[0] === 'Key' || header?.[0] === 'Form')
    .flatMap((rows) => rows.slice(2).flatMap(([first = '']) => keysIn(first)));
}

describe('src/mapping/README.md', () => {
  for (const [part, { heading, table }] of Object.entries(DOCUMENTED_IN) as Array<[Part, { heading: string; table: boolean }]>) {
    it(`documents the ${part} keys under "${heading}"`, () => {
      const text = section(heading);
      const keys = [...GRAMMAR[part]].sort();
      if (table) assert.deepEqual([...new Set(tabledKeys(text))].sort(), keys);
      else
        for (const key of keys)
          assert.ok(text.includes(`\`${key}\``) || text.includes(`"${key}"`), `${part}.${key} is not in "${heading}"`);
    });
  }
});
