/**
 * One seed for every fast-check property in a Jest run, so that `npm test` (and CI) tries the same
 * cases each time and a failure replays. `PROPERTY_SEED=<n>` replays a reported seed;
 * `PROPERTY_SEED=random` explores new cases (`npm run test:explore`), and a failure prints its seed.
 */
import fc from 'fast-check';

const DEFAULT_SEED = 20261207;
const setting = process.env.PROPERTY_SEED;
if (setting !== 'random') {
  const seed = setting === undefined || setting === '' ? DEFAULT_SEED : Number(setting);
  if (!Number.isSafeInteger(seed))
    throw new Error(`PROPERTY_SEED must be an integer or "random", not ${setting}`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
