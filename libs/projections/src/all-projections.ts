import { agreementProjection } from './agreement/agreement.projection';
import type { Projection } from './read-model';
import { regionProjection } from './region/region.projection';

/** Every read model the ledger serves, in the order they are applied to each event. */
export const ALL_PROJECTIONS: readonly Projection[] = [regionProjection, agreementProjection];
