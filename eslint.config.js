// Lint: typescript-eslint (type-aware on src), Lit template rules and web-component rules.
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';

// Import groups for the layering rules below: which layer may load what.
const LIT = ['lit', 'lit/*', '@lit/*'];
const REACT = ['react', 'react/*', 'react-dom', 'react-dom/*'];
const VUE = ['vue'];
const SVELTE = ['svelte', 'svelte/*'];
const ELEMENT = ['../element', '../element/*'];
const ADAPTERS = ['../react', '../react/*', '../vue', '../vue/*', '../svelte', '../svelte/*'];

/** The type-only template helpers of the Vue and Svelte entries. */
const TEMPLATE_TYPES = 'src/{vue,svelte}/elements.ts';

/** A layer's import rule: `files` must not import what `patterns` name. */
function layer(files, patterns) {
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

export default tseslint.config(
  {
    ignores: ['dist/**', 'storybook-static/**', 'node_modules/**', 'coverage/**', 'examples/**/dist/**', 'bench/results*'],
  },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts'],
    extends: [lit.configs['flat/recommended'], wc.configs['flat/recommended']],
    languageOptions: {
      // Two programs: the browser/DOM side (tsconfig.json) and the Node side (tsconfig.node.json).
      parserOptions: { project: ['./tsconfig.json', './tsconfig.node.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='eval']", message: 'No eval: progress-stream must run under a strict CSP.' },
        { selector: "NewExpression[callee.name='Function']", message: 'No new Function: progress-stream must run under a strict CSP.' },
        { selector: "MemberExpression[property.name='innerHTML']", message: 'Render server text as text, never as HTML.' },
        { selector: "MemberExpression[property.name='outerHTML']", message: 'Render server text as text, never as HTML.' },
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Render server text as text, never as HTML.' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'lit/directives/unsafe-html.js', message: 'Server text is rendered as text only.' },
            {
              name: 'lit/directives/style-map.js',
              message: 'styleMap writes a style attribute on first render, which a strict CSP blocks: use cssProperty().',
            },
          ],
        },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  layer(
    ['src/client/**/*.ts', 'src/mapping/**/*.ts', 'src/server/**/*.ts'],
    [
      { group: [...LIT, ...ELEMENT], message: 'The SDK layers must not depend on Lit or the element.' },
      {
        group: ['redis', 'ioredis', '@redis/*'],
        message: 'The Redis broker talks to the client it is given (connection.ts): importing a Redis library would make it a dependency.',
      },
    ],
  ),
  // The element is the Lit view: no framework (the framework adapters sit beside it).
  layer(
    ['src/element/**/*.ts'],
    [{ group: [...REACT, ...VUE, ...SVELTE, ...ADAPTERS], message: 'The element must not depend on a framework or a framework adapter.' }],
  ),
  // @progress-stream/core/react loads no Lit (apps with their own UI need none); only the wrapper
  // entry, component.ts, brings @lit/react and the element. Types of the element are fine.
  {
    ...layer(
      ['src/react/**/*.ts'],
      [
        {
          group: [...LIT, ...ELEMENT, './component', './component.js'],
          allowTypeImports: true,
          message: 'The hook entry must not load Lit or the element (the wrapper is @progress-stream/core/react/component).',
        },
      ],
    ),
    ignores: ['src/react/component.ts'],
  },
  // The session sits between the SDK and the views: framework-neutral (it runs in Node; the
  // views adapt it).
  layer(
    ['src/session/**/*.ts'],
    [
      {
        group: [...LIT, ...REACT, ...VUE, ...SVELTE, ...ELEMENT, ...ADAPTERS],
        message: 'The session must not depend on Lit, a framework or the views.',
      },
    ],
  ),
  // The Vue composable is a view over the session (through the plain store of src/svelte).
  {
    ...layer(
      ['src/vue/**/*.ts'],
      [
        {
          group: [...LIT, ...REACT, ...ELEMENT, '../react', '../react/*'],
          message: 'The Vue composable must not depend on Lit, React or the element.',
        },
      ],
    ),
    ignores: [TEMPLATE_TYPES],
  },
  // The Svelte store is the plain store contract over the session: nothing from Svelte (so no
  // peer dependency), nor Vue, Lit, React or the element.
  {
    ...layer(
      ['src/svelte/**/*.ts'],
      [
        {
          group: [...SVELTE, ...VUE, ...LIT, ...REACT, ...ELEMENT, ...ADAPTERS],
          message: 'The Svelte store must not depend on Svelte, Vue, Lit, React or the element.',
        },
      ],
    ),
    ignores: [TEMPLATE_TYPES],
  },
  // The template type helpers (@progress-stream/core/vue/elements, …/svelte/elements) describe
  // the element to a framework's type checker: types only, they load nothing at run time.
  layer([TEMPLATE_TYPES], [{ group: ['*', '../*', './*'], allowTypeImports: true, message: 'A template type helper imports types only.' }]),
  {
    files: ['test/**/*.ts', 'stories/**/*.ts', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
);
