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
      group: [
        '@kyoyaku/event-store*',
        '@kyoyaku/projections*',
        '@kyoyaku/ledger*',
        '@kyoyaku/runtime*',
        '**/apps/**',
      ],
      message: 'The pure libraries depend on nothing but each other (domain → legal-text).',
    },
  ],
};

/**
 * The layering of the house (README, Development): apps stand on libs and never import each other;
 * libs never import apps; production code never imports test/ or a testing entry; a store adapter
 * (a sqlite/, postgres/ or eventstoredb/ folder) imports only the core of its library. Test code
 * (specs, test/, testing/ folders) may import test helpers, but still never another app.
 */
const TEST_CODE = ['**/*.spec.ts', '**/*.spec.tsx', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/testing/**'];
const NO_TEST_CODE = [
  {
    group: ['**/test', '**/test/**'],
    message: 'Production code never imports test/: the demo lives in libs/runtime.',
  },
  { group: ['**/testing', '**/testing/**'], message: 'Testing entries are for tests only.' },
];
const NO_APPS = { group: ['**/apps/**'], message: 'Libraries never import apps.' };
const NO_OTHER_APP = (app) => ({
  group: [
    '**/apps/**',
    ...['api', 'cli', 'web'].filter((other) => other !== app).map((other) => `../**/${other}/src/**`),
  ],
  message: 'Apps never import other apps: what both need lives in libs/runtime.',
});
const NO_OTHER_ADAPTER = {
  group: ['**/sqlite/*', '**/postgres/*', '**/eventstoredb/*'],
  message: 'A store adapter imports only the core of its library, never another adapter.',
};
const layering = (files, patterns, ignores = TEST_CODE) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});
const SPECS_OF = (folder) => ['spec.ts', 'int-spec.ts'].map((suffix) => `${folder}/**/*.${suffix}`);
const BELOW_DOMAIN = {
  group: ['@kyoyaku/domain'],
  message: 'legal-text is below domain; it must not import it.',
};
const ADAPTERS = [
  'libs/*/src/sqlite/**/*.ts',
  'libs/*/src/postgres/**/*.ts',
  'libs/*/src/eventstoredb/**/*.ts',
];
const WIRING_LIBS = ['event-store', 'projections', 'ledger', 'runtime'].map(
  (lib) => `libs/${lib}/src/**/*.ts`,
);

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
  // Each file gets one set of patterns: a later block naming the same rule replaces an earlier one.
  layering(['libs/domain/**/*.ts'], PURE_LIBRARY_FORBIDDEN.patterns, []),
  layering(['libs/domain/**/*.ts'], [...PURE_LIBRARY_FORBIDDEN.patterns, ...NO_TEST_CODE]),
  layering(['libs/legal-text/**/*.ts'], [...PURE_LIBRARY_FORBIDDEN.patterns, BELOW_DOMAIN], []),
  layering(['libs/legal-text/**/*.ts'], [...PURE_LIBRARY_FORBIDDEN.patterns, BELOW_DOMAIN, ...NO_TEST_CODE]),
  layering(['apps/api/src/**/*.ts'], [...NO_TEST_CODE, NO_OTHER_APP('api')]),
  layering(['apps/cli/src/**/*.ts'], [...NO_TEST_CODE, NO_OTHER_APP('cli')]),
  layering(SPECS_OF('apps/api'), [NO_OTHER_APP('api')], []),
  layering(SPECS_OF('apps/cli'), [NO_OTHER_APP('cli')], []),
  layering(WIRING_LIBS, [...NO_TEST_CODE, NO_APPS]),
  layering(ADAPTERS, [...NO_TEST_CODE, NO_APPS, NO_OTHER_ADAPTER]),
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
