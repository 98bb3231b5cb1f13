import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * The layers, enforced here rather than remembered (DESIGN: "Boundaries are enforced by lint"):
 * - lib/ never imports components/ or entrypoints/;
 * - pages (components/, entrypoints/) never import lib/api or lib/keys code (types are fine);
 * - a source (lib/sources/<name>/) never imports another source, nor the registry above it;
 * - the shared layers under the sources (jobs, db, api, keys, settings, catalog, util) never import a source or the worker.
 */
const root = path.dirname(fileURLToPath(import.meta.url));
const rel = (file) => path.relative(root, file).split(path.sep).join('/');

const layers = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const from = rel(context.filename);
    const check = (node, spec, typeOnly) => {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const to = rel(path.resolve(path.dirname(context.filename), spec));
      const report = (why) => context.report({ node, message: `${from} must not import ${to}: ${why}` });
      const isPage = from.startsWith('components/') || from.startsWith('entrypoints/');
      if (from.startsWith('lib/') && (to.startsWith('components/') || to.startsWith('entrypoints/'))) report('lib/ is free of UI.');
      if (isPage && !typeOnly && (to.startsWith('lib/api/') || to.startsWith('lib/keys/'))) report('pages never call an API or touch credentials; ask the worker.');
      const src = /^lib\/sources\/([^/]+)\//.exec(from)?.[1];
      if (src && to.startsWith('lib/sources/')) {
        const target = /^lib\/sources\/([^/]+)\//.exec(to)?.[1];
        if (target === undefined) report('a source never imports the registry above it.');
        else if (target !== src) report('a source never imports another source.');
      }
      if (/^lib\/(jobs|db|api|keys|settings|catalog|util)\//.test(from) && (to.startsWith('lib/sources/') || to.startsWith('lib/background/'))) report('shared layers sit below the sources and the worker.');
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value, node.importKind === 'type' || node.specifiers.every((s) => s.importKind === 'type')),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node, node.source.value, node.exportKind === 'type'),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value, false),
    };
  },
};

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'demo-screenshots/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { property: 'innerHTML', message: 'Render API data as text (React children), never as HTML.' }],
    },
  },
  {
    files: ['lib/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'entrypoints/**/*.{ts,tsx}'],
    plugins: { house: { rules: { layers } } },
    rules: { 'house/layers': 'error' },
  },
  {
    // React code: the hooks rules apply to the pages and shared components.
    files: ['components/**/*.{ts,tsx}', 'entrypoints/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
