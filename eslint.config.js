// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * Layering by runtime, enforced here rather than in review (after VS Code's layers and
 * GitHub Desktop's ban on raw ipcMain/ipcRenderer):
 *   shared   — pure TypeScript: no electron, no node:, no DOM, nothing from other layers
 *   renderer — no electron, no node, no main/preload/workers
 *   services — no electron (they run under plain Node in tests and the headless host)
 *   ipc      — the only place that may touch ipcMain
 *   preload  — only electron's renderer side and shared
 *   workers  — no electron, no renderer, no main
 */
const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'https',
  'http2', 'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'tls', 'url', 'util', 'v8', 'vm',
  'worker_threads', 'zlib',
];
const noNode = [
  { group: ['node:*'], message: 'This layer must not use Node APIs.' },
  ...nodeBuiltins.map((name) => ({ group: [name, `${name}/*`], message: 'This layer must not use Node APIs.' })),
];
const noElectron = { name: 'electron', message: 'Only src/main/app, src/main/ipc, src/main/index.ts and src/preload may import electron.' };
const ban = (paths, patterns = []) => ['error', { paths, patterns }];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'resources/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='exec'][callee.object.name='child_process']", message: 'Never run a shell: use execFile/spawn with an argument array.' },
        { selector: "Property[key.name='shell'][value.value=true]", message: 'Never spawn through a shell.' },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ban([noElectron, { name: 'react', message: 'shared is UI-free.' }], [
        ...noNode,
        { group: ['**/main/**', '**/renderer/**', '**/preload/**', '**/workers/**'], message: 'shared depends on nothing but itself and pure libraries.' },
      ]),
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ban([noElectron], [
        ...noNode,
        { group: ['**/main/**', '**/preload/**', '**/workers/**'], message: 'The renderer reaches the main process only through src/renderer/bridge.' },
      ]),
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/app/**', 'src/main/ipc/**', 'src/main/index.ts'],
    rules: {
      'no-restricted-imports': ban([noElectron], [
        { group: ['**/renderer/**', '**/preload/**'], message: 'The main process never imports renderer or preload code.' },
      ]),
    },
  },
  {
    files: ['src/main/app/**/*.ts', 'src/main/index.ts'],
    rules: {
      'no-restricted-imports': ban([
        { name: 'electron', importNames: ['ipcMain'], message: 'Only src/main/ipc touches ipcMain.' },
      ], [{ group: ['**/renderer/**', '**/preload/**'], message: 'The main process never imports renderer or preload code.' }]),
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ban([
        { name: 'electron', importNames: ['ipcMain', 'BrowserWindow', 'app'], message: 'The preload only bridges; it holds no main-process power.' },
      ], [
        ...noNode,
        { group: ['**/main/**', '**/renderer/**', '**/workers/**'], message: 'The preload depends only on shared.' },
      ]),
    },
  },
  {
    files: ['src/workers/**/*.ts'],
    rules: {
      'no-restricted-imports': ban([noElectron], [
        { group: ['**/renderer/**', '**/preload/**', '**/main/**'], message: 'Workers are pure computation on typed messages; they import only shared.' },
      ]),
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts', 'bench/**/*.ts', 'scripts/**/*'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
