import { agreementProjection } from './agreement/agreement.projection';
import { consultationProjection } from './consultation/consultation.projection';
import { doubtProjection } from './doubt/doubt.projection';
import { projectProjection } from './project/project.projection';
import type { Projection } from './read-model';
import { readModelFormatProjection } from './read-model-format';
import { regionProjection } from './region/region.projection';

/** Every read model the ledger serves, in the order they are applied to each event. */
export const ALL_PROJECTIONS: readonly Projection[] = [
  regionProjection,
  agreementProjection,
  doubtProjection,
  consultationProjection,
  projectProjection,
  readModelFormatProjection,
];
