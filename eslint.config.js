// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'crypto', 'url', 'events'];

export default tseslint.config(
  { ignores: ['node_modules/', '.cache/', 'out/', 'dist/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'console', 'URL', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'Buffer'].map(
          (name) => [name, 'readonly'],
        ),
      ),
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // A feature's common/ part and the contract run in every process: no Node, no Electron, no DOM, no I/O libraries.
    files: ['electron/contract/**/*.ts', 'electron/*/common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'A common/ part is pure: no Node built-ins.' },
            { group: ['electron', 'ws', 'json5', 'react'], message: 'A common/ part is pure.' },
            {
              regex: '/(node|main|serve|cli)/',
              message: 'A common/ part imports only common/ parts and the contract.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'require', 'Buffer'],
    },
  },
  {
    // The window talks only to the contract: no Node, no Electron, no core.
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'crypto'].map((name) => ({
            name,
            message: 'The renderer uses the contract only.',
          })),
          patterns: [
            {
              regex: '^node:|/electron/(main|preload|serve|cli)/|/node/',
              message: 'The renderer uses the contract only.',
            },
          ],
        },
      ],
    },
  },
  {
    // Main's services take Electron by injection, so their tests run under plain Node; only index.ts wires the real one.
    files: ['electron/main/**/*.ts'],
    ignores: ['electron/main/index.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              allowTypeImports: true,
              message:
                'A main service is given the Electron objects it needs; only electron/main/index.ts imports them.',
            },
          ],
        },
      ],
    },
  },
  {
    // The sandboxed preload can require only `electron`: no Node built-ins, no libraries, no core.
    files: ['electron/preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'A sandboxed preload has no Node built-ins.' },
            { regex: '^(?!electron$|\\.)', message: 'A sandboxed preload bundles nothing but the contract types.' },
            { regex: '/(node|main|serve|cli)/', message: 'The preload is the bridge, not the core.' },
          ],
        },
      ],
    },
  },
  {
    // A feature's node/ part, serve and the CLI run under plain Node.
    files: ['electron/*/node/**/*.ts', 'electron/serve/**/*.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^electron$|/main/', message: 'A node/ part runs under plain Node: never import electron.' },
          ],
        },
      ],
    },
  },
);
