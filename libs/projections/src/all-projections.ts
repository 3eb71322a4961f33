import type { Projection } from './read-model';

/** Every read model the ledger serves, in the order they are applied to each event. */
export const ALL_PROJECTIONS: readonly Projection[] = [];
