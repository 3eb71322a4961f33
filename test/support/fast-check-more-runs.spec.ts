import fc from 'fast-check';

// Runs in every tier-unit run: without PROPERTY_RUNS fast-check is untouched; with PROPERTY_RUNS=<k>
// (jest.config.js maps fast-check to test/support/fast-check-more-runs.ts) each fc.assert tries k
// times its numRuns.
describe('PROPERTY_RUNS', () => {
  const factor = process.env.PROPERTY_RUNS ? Number(process.env.PROPERTY_RUNS) : 1;

  it('multiplies the numRuns an fc.assert names', () => {
    let runs = 0;
    fc.assert(
      fc.property(fc.nat(), () => {
        runs += 1;
      }),
      { numRuns: 7 },
    );
    expect(runs).toBe(7 * factor);
  });

  it('multiplies fast-check’s default when an fc.assert names none', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(), () => {
        runs += 1;
        return Promise.resolve();
      }),
    );
    expect(runs).toBe((fc.readConfigureGlobal().numRuns ?? 100) * factor);
  });
});
