// Three tiers (DESIGN.md §10): unit (*.spec.ts, pure), integration (*.int-spec.ts, a real store),
// e2e (*.e2e-spec.ts, the HTTP app with supertest). Type checking is done by `tsc` in lint/CI,
// so ts-jest only transpiles here.

// The @kyoyaku/* aliases, as tsconfig.json declares them (one place for all three resolvers: tsc,
// Jest and the child-process loaders under test/).
const { paths } = require('./tsconfig.json').compilerOptions;
const moduleNameMapper = Object.fromEntries(
  Object.entries(paths).map(([alias, [target]]) => [
    `^${alias.replace(/[/]/g, '\\/')}$`,
    `<rootDir>/${target}`,
  ]),
);

// PROPERTY_RUNS=<k> (exploring): every fc.assert tries k times its numRuns, through a wrapper that
// loads the real fast-check under a name this mapping does not catch. Unset, nothing is mapped.
const propertyRuns = process.env.PROPERTY_RUNS;
const runsFactor = propertyRuns ? Number(propertyRuns) : 1;
if (!Number.isSafeInteger(runsFactor) || runsFactor < 1)
  throw new Error(`PROPERTY_RUNS must be a positive integer (a factor on numRuns), not ${propertyRuns}`);
if (propertyRuns) {
  moduleNameMapper['^fast-check$'] = '<rootDir>/test/support/fast-check-more-runs.ts';
  moduleNameMapper['^fast-check-actual$'] = require.resolve('fast-check');
}

const shared = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true, diagnostics: false }],
  },
  moduleNameMapper,
  rootDir: __dirname,
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/data/'],
  // Property tests run on a fixed seed (PROPERTY_SEED to replay or explore).
  setupFiles: ['<rootDir>/test/support/property-seed.ts'],
};

module.exports = {
  // Starting the app on the demo data takes seconds (more on a loaded CI machine), well past Jest's
  // 5 s default for a hook or a test. Jest reads testTimeout from here only (a project's own value
  // is ignored), so it covers every tier; unit tests finish in milliseconds either way.
  // k times the cases take up to k times as long.
  testTimeout: 30_000 * runsFactor,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/web/'],
    },
    // Unit tests of the web application's browser logic and components (TSX, rendered with
    // react-dom/server): a project of its own, because ts-jest keeps one compiler setting per project.
    {
      ...shared,
      displayName: 'web',
      testMatch: ['<rootDir>/apps/web/**/*.spec.{ts,tsx}'],
      transform: {
        '^.+\\.tsx?$': [
          'ts-jest',
          { tsconfig: 'apps/web/tsconfig.jest.json', isolatedModules: true, diagnostics: false },
        ],
      },
    },
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
