/**
 * The upcasting point: stored agreement events, as literal JSON of each schemaVersion, read back in
 * the current shape by toAgreementEvent.
 */
import { agreementDecider } from './agreement.decider';
import { AGREEMENT_EVENT_SCHEMA_VERSION, AGREEMENT_EVENT_TYPES, toAgreementEvent } from './agreement.events';
import { isOpened } from './agreement.state';
import { missingSteps } from './proceeding-steps';

/** A 届出 exactly as version 1 stored it (one per proceeding, no party, no number). */
const V1_GOVERNOR = {
  type: 'GovernorNotificationRecorded',
  schemaVersion: 1,
  data: { proceedingId: 'conclusion', recipient: 'prefectural-governor', notifiedOn: '2019-12-26' },
};
const V1_MINISTER = {
  type: 'GovernorNotificationRecorded',
  schemaVersion: 1,
  data: { proceedingId: 'conclusion', recipient: 'minister-of-internal-affairs', notifiedOn: '2019-12-26' },
};

describe('toAgreementEvent — GovernorNotificationRecorded version 1 → 2', () => {
  it('reads a version 1 届出 as one filed by both parties, to the 都道府県知事, without a 文書番号', () => {
    expect(toAgreementEvent(V1_GOVERNOR)).toEqual({
      type: 'GovernorNotificationRecorded',
      schemaVersion: 2,
      data: {
        proceedingId: 'conclusion',
        filers: [{ party: 'core' }, { party: 'partner' }],
        addressee: { kind: 'prefectural-governor' },
        notifiedOn: '2019-12-26',
        recordedBeforeDocumentNumbers: true,
      },
    });
  });

  it('keeps the 総務大臣 of a version 1 届出', () => {
    expect(toAgreementEvent(V1_MINISTER).data).toMatchObject({
      addressee: { kind: 'minister-of-internal-affairs' },
      filers: [{ party: 'core' }, { party: 'partner' }],
      recordedBeforeDocumentNumbers: true,
    });
    expect(toAgreementEvent(V1_MINISTER).data).not.toHaveProperty('documentNumber');
  });

  it('leaves the stored object as it was, and reading the result again changes nothing', () => {
    const stored = JSON.parse(JSON.stringify(V1_GOVERNOR)) as typeof V1_GOVERNOR;
    const once = toAgreementEvent(stored);
    expect(stored).toEqual(V1_GOVERNOR);
    expect(toAgreementEvent(once)).toEqual(once);
  });

  it('returns a version 2 届出 as stored', () => {
    const v2 = {
      type: 'GovernorNotificationRecorded',
      schemaVersion: 2,
      data: {
        proceedingId: 'conclusion',
        filers: [{ party: 'partner', municipalityCode: '023019' }],
        addressee: { kind: 'prefectural-governor', prefectureCode: '020001' },
        notifiedOn: '2019-12-26',
        documentNumber: '平企第56号',
      },
    };
    expect(toAgreementEvent(v2)).toEqual(v2);
  });

  it('returns every other type at version 1 as stored', () => {
    const notice = {
      type: 'PublicNoticeRecorded',
      schemaVersion: 1,
      data: {
        proceedingId: 'conclusion',
        party: 'core',
        municipalityCode: '022012',
        noticeNumber: '青森市告示第600号',
        publishedOn: '2019-12-25',
      },
    };
    expect(toAgreementEvent(notice)).toEqual(notice);
  });

  it('refuses what this code cannot read: a newer or unknown version, an unknown type', () => {
    expect(() => toAgreementEvent({ ...V1_GOVERNOR, schemaVersion: 3 })).toThrow(RangeError);
    expect(() => toAgreementEvent({ ...V1_GOVERNOR, schemaVersion: 0 })).toThrow(RangeError);
    expect(() => toAgreementEvent({ type: 'ProceedingOpened', schemaVersion: 2, data: {} })).toThrow(
      /ProceedingOpened schemaVersion 2 is not supported/,
    );
    expect(() => toAgreementEvent({ type: 'AgreementRenamed', schemaVersion: 1, data: {} })).toThrow(
      /unknown event type AgreementRenamed/,
    );
  });

  it('knows a current version for every agreement event type: 2 for the 届出, 1 for the others', () => {
    expect(Object.keys(AGREEMENT_EVENT_SCHEMA_VERSION).sort()).toEqual([...AGREEMENT_EVENT_TYPES].sort());
    for (const type of AGREEMENT_EVENT_TYPES) {
      expect(AGREEMENT_EVENT_SCHEMA_VERSION[type]).toBe(type === 'GovernorNotificationRecorded' ? 2 : 1);
    }
  });
});

describe('a version 1 history folded through the upcaster', () => {
  const doc = {
    title: '連携協約',
    preamble: '甲と乙とは、次のとおり連携協約を締結する。',
    articles: [
      { number: '1', caption: '目的', paragraphs: [{ text: 'この協約は、連携を図ることを目的とする。' }] },
    ],
    measures: [],
    appendices: [],
    supplementaryProvisions: [{ paragraphs: [{ text: 'この協約は、締結の日から施行する。' }] }],
  };
  /** Literal version 1 events of one agreement, from opening to completion. */
  const stored = [
    {
      type: 'AgreementOpened',
      schemaVersion: 1,
      data: {
        agreementId: 'aomori-hiranai',
        regionId: 'aomori',
        coreCity: { code: '022012', name: '青森市' },
        partner: { code: '023019', name: '平内町' },
      },
    },
    {
      type: 'ProceedingOpened',
      schemaVersion: 1,
      data: { proceedingId: 'conclusion', kind: 'conclusion', openedOn: '2019-11-20' },
    },
    {
      type: 'DraftRecorded',
      schemaVersion: 1,
      data: {
        proceedingId: 'conclusion',
        draftNumber: 1,
        draftedOn: '2019-11-20',
        draft: { kind: 'conclusion', document: doc },
      },
    },
    ...(['partner', 'core'] as const).map((party) => ({
      type: 'CouncilResolutionRecorded',
      schemaVersion: 1,
      data: {
        proceedingId: 'conclusion',
        party,
        municipalityCode: party === 'core' ? '022012' : '023019',
        decision: 'approved',
        resolvedOn: '2019-12-18',
        draftNumber: 1,
      },
    })),
    {
      type: 'ProceedingConcluded',
      schemaVersion: 1,
      data: {
        proceedingId: 'conclusion',
        concludedOn: '2019-12-25',
        effectiveOn: '2019-12-25',
        signatories: { core: { title: '青森市長', name: 'a' }, partner: { title: '平内町長', name: 'b' } },
        kind: 'conclusion',
        versionNumber: 1,
        document: doc,
      },
    },
    ...(['core', 'partner'] as const).map((party) => ({
      type: 'PublicNoticeRecorded',
      schemaVersion: 1,
      data: {
        proceedingId: 'conclusion',
        party,
        municipalityCode: party === 'core' ? '022012' : '023019',
        noticeNumber: `${party}告示第1号`,
        publishedOn: '2019-12-25',
      },
    })),
    V1_GOVERNOR,
    { type: 'ProceedingCompleted', schemaVersion: 1, data: { proceedingId: 'conclusion' } },
  ];

  it('stands the one 届出 under both parties, so nothing is missing and the proceeding stays complete', () => {
    const state = stored
      .map(toAgreementEvent)
      .reduce(agreementDecider.evolve, agreementDecider.initialState());
    if (!isOpened(state)) throw new Error('not opened');
    const proceeding = state.proceedings[0];
    if (proceeding === undefined) throw new Error('no proceeding');
    const expected = {
      revision: 8,
      filedBy: ['core', 'partner'],
      addressee: { kind: 'prefectural-governor' },
      notifiedOn: '2019-12-26',
      recordedBeforeDocumentNumbers: true,
    };
    expect(proceeding.notifications.core).toEqual(expected);
    expect(proceeding.notifications.partner).toEqual(expected);
    expect(proceeding.completed).toBe(true);
    expect(missingSteps(state, proceeding)).toEqual([]);
  });
});
