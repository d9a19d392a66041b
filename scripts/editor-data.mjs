// Editor data generated from custom-elements.json at build time (npm run build), shipped in dist/:
//   dist/vscode.html-custom-data.json  VS Code `html.customData`: the tag, its attributes
//                                       and their values, with descriptions on hover
//   dist/vscode.css-custom-data.json   VS Code `css.customData`: the --ps-* properties and
//                                       the ::part() names
//   dist/web-types.json                JetBrains IDEs (package.json "web-types"): the same,
//                                       plus events and slots
// The manifest is the only source, so editors, Storybook's docs and the README's tables agree.
import { readFileSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));

/** Every custom element in the manifest with the module that defines it. */
const elements = manifest.modules.flatMap((mod) =>
  (mod.declarations ?? []).filter((d) => d.customElement && d.tagName).map((d) => ({ ...d, modulePath: mod.path })),
);
if (elements.length === 0) throw new Error('editor-data: no custom element in custom-elements.json');

/** The literal values of a union type such as `'light' | 'dark' | undefined`, or none. */
function literalValues(typeText) {
  if (typeText === undefined) return [];
  if (typeText.includes('PresetName')) return presetNames();
  return [...typeText.matchAll(/'([^']+)'/g)].map((m) => m[1]);
}

/** The preset names, read from the type that declares them (src/mapping/presets/index.ts). */
function presetNames() {
  const source = readFileSync('src/mapping/presets/index.ts', 'utf8');
  const union = /export type PresetName =([^;]+);/.exec(source)?.[1];
  if (union === undefined) throw new Error('editor-data: PresetName not found');
  return [...union.matchAll(/'([^']+)'/g)].map((m) => m[1]);
}

const isBoolean = (attr) => attr.type?.text === 'boolean';
const docsUrl = `${pkg.homepage}`;

function vscodeHtml() {
  return {
    $schema: 'https://raw.githubusercontent.com/microsoft/vscode-html-languageservice/main/docs/customData.schema.json',
    version: 1.1,
    tags: elements.map((el) => ({
      name: el.tagName,
      description: el.summary ?? el.description,
      attributes: (el.attributes ?? []).map((attr) => {
        const values = literalValues(attr.type?.text).map((name) => ({ name }));
        return {
          name: attr.name,
          description: attr.description,
          ...(isBoolean(attr) ? { valueSet: 'v' } : values.length > 0 ? { values } : {}),
        };
      }),
      references: [{ name: 'Documentation', url: docsUrl }],
    })),
  };
}

function vscodeCss() {
  return {
    $schema: 'https://raw.githubusercontent.com/microsoft/vscode-css-languageservice/main/docs/customData.schema.json',
    version: 1.1,
    properties: elements.flatMap((el) =>
      (el.cssProperties ?? []).map((p) => ({ name: p.name, description: `${p.description} (<${el.tagName}>)` })),
    ),
    pseudoElements: elements.flatMap((el) =>
      (el.cssParts ?? []).map((p) => ({ name: `::part(${p.name})`, description: `${p.description} (<${el.tagName}>)` })),
    ),
  };
}

function webTypes() {
  return {
    $schema: 'https://json.schemastore.org/web-types',
    name: pkg.name,
    version: pkg.version,
    'description-markup': 'markdown',
    framework: 'lit',
    'js-types-syntax': 'typescript',
    contributions: {
      html: {
        elements: elements.map((el) => ({
          name: el.tagName,
          description: el.summary ?? el.description,
          'doc-url': docsUrl,
          source: { module: `${pkg.name}`, symbol: el.name },
          attributes: (el.attributes ?? []).map((attr) => {
            const values = literalValues(attr.type?.text);
            return {
              name: attr.name,
              description: attr.description,
              ...(attr.default !== undefined ? { default: attr.default } : {}),
              value: isBoolean(attr)
                ? { type: 'boolean', required: false }
                : values.length > 0
                  ? { type: values.map((v) => `'${v}'`).join(' | '), kind: 'expression' }
                  : { type: attr.type?.text ?? 'string' },
            };
          }),
          events: (el.events ?? []).map((e) => ({ name: e.name, description: e.description, value: { type: e.type?.text } })),
          slots: (el.slots ?? []).map((s) => ({ name: s.name, description: s.description })),
          css: {
            properties: (el.cssProperties ?? []).map((p) => ({ name: p.name, description: p.description })),
            parts: (el.cssParts ?? []).map((p) => ({ name: p.name, description: p.description })),
          },
        })),
      },
    },
  };
}

const write = (file, data) => writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
write('dist/vscode.html-custom-data.json', vscodeHtml());
write('dist/vscode.css-custom-data.json', vscodeCss());
write('dist/web-types.json', webTypes());
