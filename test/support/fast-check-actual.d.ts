// The real fast-check under a second name, for test/support/fast-check-more-runs.ts: jest.config.js
// maps `fast-check` itself to that wrapper when PROPERTY_RUNS is set.
declare module 'fast-check-actual' {
  export * from 'fast-check';
  export { default } from 'fast-check';
}
