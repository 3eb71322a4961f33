import type { LegalDate } from '@kyoyaku/legal-text';
import type { Party } from '../agreement/agreement.types';
import type { Actor } from '../shared/actor';

/** 連携中枢都市宣言: creates the region. */
export interface DeclareRegion {
  type: 'DeclareRegion';
  actor: Actor;
  regionId: string;
  /** 青森圏域連携中枢都市圏. */
  name: string;
  coreCity: Party;
  declaredOn: LegalDate;
}

/** 都市圏ビジョンの策定. */
export interface AdoptVision {
  type: 'AdoptVision';
  actor: Actor;
  regionId: string;
  /** 青森圏域連携中枢都市圏ビジョン. */
  title: string;
  adoptedOn: LegalDate;
}

export type RegionCommand = DeclareRegion | AdoptVision;
export type RegionCommandType = RegionCommand['type'];
