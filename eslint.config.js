// Lint rules, including the import boundaries of ../shared/specs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

// Product code (electron/, shared/, renderer/) never reaches into the test tree; the simulator
// is part of the product (electron/simulator/) so the CLI, the app and the tests share it.
const noTestImports = {
  group: ['**/test/**', '**/test'],
  message: 'Product code never imports from test/; shared test helpers belong in the product or stay in test/.',
};

const noNodeOrElectron = {
  paths: [
    { name: 'electron', message: 'renderer/ and shared/ never import electron; go through window.outband.' },
    ...nodeBuiltins.map((name) => ({ name, message: 'renderer/ and shared/ never import Node built-ins.' })),
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.tsbuild/**',
      'test-results/**',
      'playwright-report/**',
      'release/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='sendSync']",
          message: 'sendSync blocks the renderer; use invoke.',
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: { 'no-restricted-imports': ['error', { ...noNodeOrElectron, patterns: [noTestImports] }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...noNodeOrElectron,
          patterns: [
            {
              group: ['**/electron/**', '../electron', '../../electron'],
              message: 'renderer/ never imports main-process code.',
            },
            noTestImports,
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts', 'electron/ipc/electron-*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Services never import electron, so they run under plain Node and the CLI.' },
          ],
          patterns: [noTestImports],
        },
      ],
    },
  },
  {
    files: ['electron/main.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'Only electron/ipc/ touches ipcMain; only the preload touches ipcRenderer.',
            },
          ],
          patterns: [noTestImports],
        },
      ],
    },
  },
  {
    files: ['electron/ipc/electron-*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', importNames: ['ipcRenderer'], message: 'Only the preload touches ipcRenderer.' }],
          patterns: [noTestImports],
        },
      ],
    },
  },
  {
    files: ['electron/preload.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', importNames: ['ipcMain'], message: 'Only electron/ipc/ touches ipcMain.' }],
          patterns: [noTestImports],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.mjs', '*.config.{ts,js,cjs}', 'build/**/*.cjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
