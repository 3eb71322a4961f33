// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// The pure libraries (DESIGN.md §3): no framework, no database driver, no node I/O.
const PURE_LIBRARY_FORBIDDEN = {
  patterns: [
    { group: ['@nestjs/*'], message: 'libs/domain and libs/legal-text are framework-free.' },
    {
      group: ['better-sqlite3', 'pg', 'pg-*', '@eventstore/*', 'sqlite3'],
      message: 'libs/domain and libs/legal-text take no database driver.',
    },
    {
      group: [
        'fs',
        'node:fs',
        'fs/*',
        'node:fs/*',
        'net',
        'node:net',
        'http',
        'node:http',
        'https',
        'node:https',
        'http2',
        'node:http2',
        'child_process',
        'node:child_process',
        'dgram',
        'node:dgram',
        'tls',
        'node:tls',
        'worker_threads',
        'node:worker_threads',
        'cluster',
        'node:cluster',
        'os',
        'node:os',
      ],
      message: 'libs/domain and libs/legal-text do no I/O: take inputs as arguments.',
    },
    {
      group: ['@kyoyaku/event-store', '@kyoyaku/projections', '@kyoyaku/ledger', '**/apps/**'],
      message: 'The pure libraries depend on nothing but each other (domain → legal-text).',
    },
  ],
};

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '*.config.js', '*.mjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The web application has its own tsconfigs (DOM and JSX; tools and tests with Node types).
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx', 'apps/web/**/*.mts'],
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: ['./apps/web/tsconfig.json', './apps/web/tsconfig.tools.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    // The browser talks to the public HTTP API only; of the server's code it bundles the pure document library.
    files: ['apps/web/src/**/*.ts', 'apps/web/src/**/*.tsx'],
    ignores: ['**/*.spec.ts', '**/*.spec.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '@nestjs/*',
            '@kyoyaku/*',
            '!@kyoyaku/legal-text',
            '**/api/src/**',
            '**/libs/**',
            'node:*',
          ],
        },
      ],
    },
  },
  {
    files: ['libs/domain/**/*.ts', 'libs/legal-text/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', PURE_LIBRARY_FORBIDDEN] },
  },
  {
    files: ['libs/legal-text/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...PURE_LIBRARY_FORBIDDEN.patterns,
            { group: ['@kyoyaku/domain'], message: 'legal-text is below domain; it must not import it.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.spec.tsx', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    // Response bodies from supertest are untyped JSON whose shape the test itself asserts.
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  prettier,
);
