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
  /** Today in Japan, from the application's clock: a declaration is not dated after it. */
  today: LegalDate;
}

/** 都市圏ビジョンの策定. */
export interface AdoptVision {
  type: 'AdoptVision';
  actor: Actor;
  regionId: string;
  /** 青森圏域連携中枢都市圏ビジョン. */
  title: string;
  adoptedOn: LegalDate;
  /** Today in Japan, from the application's clock: an adoption is not dated after it. */
  today: LegalDate;
}

/** 勧告 (地方自治法 第252条の2第5項) as a client states it; recorded by the secretariat or an admin. */
export interface RecordRecommendation {
  type: 'RecordRecommendation';
  actor: Actor;
  regionId: string;
  recommender: { kind: 'minister-of-internal-affairs' | 'prefectural-governor'; prefectureCode?: string };
  /** The municipalities concerned: at least two. */
  addressees: Party[];
  recommendedOn: LegalDate;
  documentNumber: string;
  content: string;
  /** Today in Japan, from the application's clock: a recommendation is not dated after it. */
  today: LegalDate;
}

export type RegionCommand = DeclareRegion | AdoptVision | RecordRecommendation;
export type RegionCommandType = RegionCommand['type'];
