// ESLint flat config. Besides the usual TypeScript rules it enforces the
// architecture's boundaries: src/shared is pure (no Node, no DOM, no
// Electron), src/renderer never reaches Node or Electron directly.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import { builtinModules } from 'node:module';
import relay from './eslint/boundaries.mjs';
import { BOUNDARIES } from './eslint/boundary-table.mjs';

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));
const NODE_MESSAGE = 'Node APIs are not allowed here (see docs/architecture.md, boundaries).';
// Bare builtin names ('fs', 'events') are matched exactly, so a relative './events' stays allowed.
const nodeImportPaths = nodeBuiltins.map((name) => ({ name, message: NODE_MESSAGE }));
const nodeImportPatterns = [{ group: ['node:*'], message: NODE_MESSAGE }];
const electronPattern = {
  group: ['electron', 'electron/*'],
  message: "Only the Electron shell files in src/main and src/preload may import 'electron'.",
};
const PURE_MAIN_CODECS = ['src/main/devices/bytes/**', 'src/main/devices/rfid/tag-data/**', 'src/main/devices/rfid/*/frame.ts', 'src/main/devices/rfid/*/protocol*.ts', 'src/main/devices/printer/escpos*.ts'];
const domGlobals = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'location', 'fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'HTMLElement', 'Buffer', 'process', 'require', '__dirname', 'setImmediate'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'data/**', 'test-results/**', 'playwright-report/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The rooms and the directions between them (docs/architecture.md); test/unit/lint-boundaries.test.ts proves each fires.
    files: ['src/**/*.{ts,tsx}', 'test/**/*.{ts,tsx}', 'bench/**/*.ts', 'scripts/**/*.ts'],
    plugins: { relay },
    rules: {
      'relay/import-boundaries': ['error', BOUNDARIES],
      'relay/no-climbing-imports': 'error',
    },
  },
  {
    files: ['src/main/**', 'src/node/**', 'src/preload/**', 'src/server/**', 'test/**', 'bench/**', 'scripts/**', '*.config.*', '.ci/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Only the Electron shell imports 'electron': everything else is plain Node or web code, tested without the binary.
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    ignores: ['src/main/index.ts', 'src/preload/index.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [electronPattern] }],
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.name='require'][arguments.0.value=/^electron(\\u002F|$)/]", message: electronPattern.message },
        { selector: "ImportExpression[source.value=/^electron(\\u002F|$)/]", message: electronPattern.message }],
    },
  },
  {
    files: ['src/shared/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', { paths: nodeImportPaths, patterns: [...nodeImportPatterns, electronPattern, { group: ['react', 'react-dom', 'rxdb', 'rxdb/*', 'dexie', 'pg', 'fastify', '@electric-sql/*'], message: 'src/shared is pure: no UI, storage or server libraries.' }] }],
      'no-restricted-globals': ['error', ...domGlobals.map((name) => ({ name, message: `src/shared runs in Node and the browser: '${name}' is not portable.` }))],
    },
  },
  {
    // Pure code that only the main process runs need not live in src/shared, but stays pure:
    // the byte codecs of each device family (frames, protocols, tag data, ESC/POS), by pattern.
    files: PURE_MAIN_CODECS,
    rules: {
      'no-restricted-imports': ['error', { paths: nodeImportPaths, patterns: [...nodeImportPatterns, electronPattern, { group: ['serialport', 'node-hid', 'iconv-lite'], message: 'A codec is pure: bytes in, values out; transports do the I/O.' }] }],
      'no-restricted-globals': ['error', ...domGlobals.map((name) => ({ name, message: `A codec is pure: '${name}' is not allowed.` }))],
    },
  },
  {
    files: ['src/renderer/**', 'src/console/**', 'src/portal/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: nodeImportPaths, patterns: [...nodeImportPatterns, electronPattern] }],
      'no-restricted-globals': ['error', { name: 'process', message: 'The renderer has no Node process.' }, { name: 'require', message: 'The renderer has no require.' }],
    },
  },
);
