/** 勧告 (地方自治法 第252条の2第5項) on the region, given/when/then. */
import { DeciderSpecification, kitActors } from '@kyoyaku/domain/testing';
import type { RecordRecommendation } from './region.commands';
import { regionDecider } from './region.decider';
import type { RegionEvent } from './region.events';
import { recommendationConcerns, recommenderName } from './region.recommendation';

const spec = DeciderSpecification.for(regionDecider);
const AOMORI = { code: '022012', name: '青森市' };
const HIRANAI = { code: '023019', name: '平内町' };
const AOMORI_PREFECTURE = { code: '020001', name: '青森県' };
const MORIOKA = { code: '032018', name: '盛岡市' };

const declared: RegionEvent = {
  type: 'RegionDeclared',
  schemaVersion: 1,
  data: { regionId: 'aomori', name: '青森圏域連携中枢都市圏', coreCity: AOMORI, declaredOn: '2019-11-18' },
};

const recommend = (o: Partial<RecordRecommendation> = {}): RecordRecommendation => ({
  type: 'RecordRecommendation',
  actor: kitActors.secretariat,
  regionId: 'aomori',
  recommender: { kind: 'prefectural-governor', prefectureCode: '020001' },
  addressees: [AOMORI, HIRANAI],
  recommendedOn: '2019-10-01',
  documentNumber: '青市第100号',
  content: '圏域の公共交通の確保のため、青森市と平内町が連携協約を締結するよう勧告する。',
  today: '2026-11-27',
  ...o,
});

const recorded: RegionEvent = {
  type: 'RecommendationRecorded',
  schemaVersion: 1,
  data: {
    regionId: 'aomori',
    recommender: { kind: 'prefectural-governor', prefectureCode: '020001' },
    addressees: [AOMORI, HIRANAI],
    recommendedOn: '2019-10-01',
    documentNumber: '青市第100号',
    content: '圏域の公共交通の確保のため、青森市と平内町が連携協約を締結するよう勧告する。',
  },
};

describe('勧告: recorded on the region', () => {
  it('records who recommended, to whom, when, its 文書番号 and content', () => {
    spec.given([declared]).when(recommend()).then([recorded]);
    const state = spec.given([declared, recorded]).state();
    if (state.status !== 'declared') throw new Error('not declared');
    expect(state.recommendations).toEqual([
      {
        recommender: { kind: 'prefectural-governor', prefectureCode: '020001' },
        addressees: [AOMORI, HIRANAI],
        recommendedOn: '2019-10-01',
        documentNumber: '青市第100号',
        content: '圏域の公共交通の確保のため、青森市と平内町が連携協約を締結するよう勧告する。',
      },
    ]);
  });

  it('names the recommender, and concerns an agreement whose two parties it names', () => {
    expect(recommenderName({ kind: 'prefectural-governor', prefectureCode: '020001' })).toBe('青森県知事');
    expect(recommenderName({ kind: 'minister-of-internal-affairs' })).toBe('総務大臣');
    expect(
      recommendationConcerns({ addressees: [AOMORI, HIRANAI] }, { core: AOMORI, partner: HIRANAI }),
    ).toBe(true);
    expect(
      recommendationConcerns(
        { addressees: [AOMORI, HIRANAI] },
        { core: AOMORI, partner: { code: '023035', name: '今別町' } },
      ),
    ).toBe(false);
  });

  it('needs a declared region (RegionNotFound)', () => {
    spec.given([]).when(recommend()).thenThrows('RegionNotFound', 'not-found');
  });

  it('is recorded by the secretariat or an admin only (ActorNotPermitted)', () => {
    spec
      .given([declared])
      .when(recommend({ actor: kitActors.coreClerk }))
      .thenThrows('ActorNotPermitted', 'forbidden');
    spec
      .given([declared])
      .when(recommend({ actor: kitActors.reader }))
      .thenThrows('ActorNotPermitted');
    spec
      .given([declared])
      .when(recommend({ actor: kitActors.admin }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });
});

describe('rule: WrongRecommender', () => {
  it('between municipalities: the governor of their prefecture, not the 総務大臣 nor another governor', () => {
    spec
      .given([declared])
      .when(recommend({ recommender: { kind: 'minister-of-internal-affairs' } }))
      .thenThrows('WrongRecommender', 'invalid');
    spec
      .given([declared])
      .when(recommend({ recommender: { kind: 'prefectural-governor', prefectureCode: '030007' } }))
      .thenThrows('WrongRecommender', 'invalid');
    // a municipality's code is not a governor's
    spec
      .given([declared])
      .when(recommend({ recommender: { kind: 'prefectural-governor', prefectureCode: '022012' } }))
      .thenThrows('WrongRecommender');
    spec
      .given([declared])
      .when(recommend({ recommender: { kind: 'prefectural-governor', prefectureCode: '020001' } }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });

  it("municipalities in one prefecture: its governor's code may be left out, and is derived", () => {
    spec
      .given([declared])
      .when(recommend({ recommender: { kind: 'prefectural-governor' } }))
      .then([recorded]);
    // In two prefectures the governor is not one: the code is required.
    spec
      .given([declared])
      .when(recommend({ addressees: [AOMORI, MORIOKA], recommender: { kind: 'prefectural-governor' } }))
      .thenThrows('InvalidMunicipalityCode');
  });

  it('municipalities in two prefectures: the governor of either', () => {
    for (const prefectureCode of ['020001', '030007']) {
      spec
        .given([declared])
        .when(
          recommend({
            addressees: [AOMORI, MORIOKA],
            recommender: { kind: 'prefectural-governor', prefectureCode },
          }),
        )
        .thenEvents((e) => expect(e[0]?.data).toMatchObject({ recommender: { prefectureCode } }));
    }
  });

  it('with a prefecture concerned: the 総務大臣, not a governor', () => {
    spec
      .given([declared])
      .when(
        recommend({
          addressees: [AOMORI, AOMORI_PREFECTURE],
          recommender: { kind: 'prefectural-governor', prefectureCode: '020001' },
        }),
      )
      .thenThrows('WrongRecommender');
    spec
      .given([declared])
      .when(
        recommend({
          addressees: [AOMORI, AOMORI_PREFECTURE],
          recommender: { kind: 'minister-of-internal-affairs' },
        }),
      )
      .thenEvents((e) =>
        expect(e[0]?.data).toMatchObject({ recommender: { kind: 'minister-of-internal-affairs' } }),
      );
  });

  it('an unknown recommender or a bad prefecture code is bad input', () => {
    const mayor = { ...recommend(), recommender: { kind: 'mayor' } } as unknown as RecordRecommendation;
    spec.given([declared]).when(mayor).thenThrows('InvalidValue');
    spec
      .given([declared])
      .when(recommend({ recommender: { kind: 'prefectural-governor', prefectureCode: '020002' } }))
      .thenThrows('InvalidMunicipalityCode');
  });
});

describe('rule: RecommendationNeedsTwoParties', () => {
  it('names at least two distinct municipalities concerned', () => {
    spec
      .given([declared])
      .when(recommend({ addressees: [AOMORI] }))
      .thenThrows('RecommendationNeedsTwoParties', 'invalid');
    spec
      .given([declared])
      .when(recommend({ addressees: [AOMORI, { ...AOMORI }] }))
      .thenThrows('RecommendationNeedsTwoParties');
    spec
      .given([declared])
      .when(recommend({ addressees: [AOMORI, HIRANAI, { code: '023035', name: '今別町' }] }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });

  it('each with a valid code and a name', () => {
    spec
      .given([declared])
      .when(recommend({ addressees: [AOMORI, { code: '023018', name: '平内町' }] }))
      .thenThrows('InvalidMunicipalityCode');
    spec
      .given([declared])
      .when(recommend({ addressees: [AOMORI, { code: '023019', name: ' ' }] }))
      .thenThrows('RequiredValueMissing');
  });
});

describe('rule: RecommendationDateInFuture', () => {
  it('is not dated after today in Japan', () => {
    spec
      .given([declared])
      .when(recommend({ recommendedOn: '2026-11-28', today: '2026-11-27' }))
      .thenThrows('RecommendationDateInFuture', 'invalid');
    spec
      .given([declared])
      .when(recommend({ recommendedOn: '2026-11-27', today: '2026-11-27' }))
      .thenEvents((e) => expect(e[0]?.data).toMatchObject({ recommendedOn: '2026-11-27' }));
  });

  it('a real date, a 文書番号 and a content', () => {
    spec
      .given([declared])
      .when(recommend({ recommendedOn: '2019-02-30' }))
      .thenThrows('InvalidDate');
    spec
      .given([declared])
      .when(recommend({ documentNumber: '' }))
      .thenThrows('RequiredValueMissing');
    spec
      .given([declared])
      .when(recommend({ content: '  ' }))
      .thenThrows('RequiredValueMissing');
  });
});

describe('rule: RecommendationAlreadyRecorded', () => {
  it('the same recommender’s 文書番号 is recorded once', () => {
    spec
      .given([declared, recorded])
      .when(recommend())
      .thenThrows('RecommendationAlreadyRecorded', 'conflict');
    spec
      .given([declared, recorded])
      .when(recommend({ documentNumber: '青市第101号' }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });
});
