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
  testTimeout: 30_000,
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
