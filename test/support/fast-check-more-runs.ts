/**
 * `PROPERTY_RUNS=<k>`: fast-check as it is, except that every `fc.assert` tries k times its numRuns
 * (its own, else the global one, else fast-check's 100). jest.config.js maps `fast-check` here only
 * when PROPERTY_RUNS is set (and checks it is a positive integer), so `npm test` and CI use fast-check
 * directly. For exploring more cases than the fixed counts: `PROPERTY_SEED=random PROPERTY_RUNS=20`.
 */
import type { IAsyncProperty, IProperty, IRawProperty, Parameters } from 'fast-check';
import actual from 'fast-check-actual';

const FAST_CHECK_DEFAULT_RUNS = 100;
const factor = Number(process.env.PROPERTY_RUNS);

function assert<Ts>(property: IAsyncProperty<Ts>, params?: Parameters<Ts>): Promise<void>;
function assert<Ts>(property: IProperty<Ts>, params?: Parameters<Ts>): void;
function assert<Ts>(property: IRawProperty<Ts>, params?: Parameters<Ts>): Promise<void> | void {
  const numRuns = params?.numRuns ?? actual.readConfigureGlobal().numRuns ?? FAST_CHECK_DEFAULT_RUNS;
  return actual.assert(property, { ...params, numRuns: numRuns * factor });
}

export * from 'fast-check-actual';
export { assert };
export default { ...actual, assert };
