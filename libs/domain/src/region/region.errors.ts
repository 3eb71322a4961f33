import { COMMON_ERROR_KINDS } from '../shared/common.errors';
import { domainErrorFactory, type DomainErrorKind } from '../shared/domain-error';

export const REGION_ERROR_KINDS = {
  ...COMMON_ERROR_KINDS,
  /** DeclareRegion on a stream that already holds a region. */
  RegionAlreadyDeclared: 'conflict',
  /** Any other command on an empty region stream. */
  RegionNotFound: 'not-found',
  /** A prefecture (code XX000C) cannot be the core city of a 連携中枢都市圏. */
  CoreCityCannotBePrefecture: 'invalid',
  /** A vision with the same title was already adopted. */
  VisionAlreadyAdopted: 'conflict',
  /** An agreement opened in a region must have the region's core city as 甲. */
  AgreementOutsideRegion: 'invalid',
  /** 勧告 by the 総務大臣 where no prefecture is concerned, by a 知事 where one is, or by the governor of an unrelated prefecture. */
  WrongRecommender: 'invalid',
  /** A 勧告 names fewer than two distinct municipalities concerned. */
  RecommendationNeedsTwoParties: 'invalid',
  /** A 勧告 dated after today in Japan. */
  RecommendationDateInFuture: 'invalid',
  /** The same 勧告 (same recommender and 文書番号) recorded twice. */
  RecommendationAlreadyRecorded: 'conflict',
  /** A 連携中枢都市宣言 dated after today in Japan. */
  RegionDeclarationDateInFuture: 'invalid',
  /** A 都市圏ビジョン adopted on a date after today in Japan. */
  VisionAdoptionDateInFuture: 'invalid',
} as const satisfies Record<string, DomainErrorKind>;

export type RegionErrorCode = keyof typeof REGION_ERROR_KINDS;
export const REGION_ERROR_CODES = Object.keys(REGION_ERROR_KINDS) as RegionErrorCode[];

export const regionError = domainErrorFactory<RegionErrorCode>(REGION_ERROR_KINDS);
