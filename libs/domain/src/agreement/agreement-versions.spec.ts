import { applyAmendment, type AmendmentOperation } from '@kyoyaku/legal-text';
import { buildSampleDocument } from '@kyoyaku/legal-text/testing';
import {
  completeProceeding,
  concludedAgreementCommands,
  historyOf,
  kit,
  sampleOperations,
} from '@kyoyaku/domain/testing';
import {
  agreementHistory,
  agreementStatusOn,
  baseVersion,
  currentVersion,
  eventsKnownAt,
  isInForceDuring,
  isInForceOn,
  isNotYetInForce,
  versionAsOf,
  versionStatusOn,
  type AgreementHistory,
  type AgreementVersion,
  type PositionedAgreementEvent,
} from './agreement-versions';
import type { AgreementEvent } from './agreement.events';

/** Envelope as a store would give it: positions with gaps (other streams interleave), one minute apart. */
function positioned(events: readonly AgreementEvent[]): PositionedAgreementEvent[] {
  return events.map((event, i) => ({
    position: 100n + 3n * BigInt(i),
    recordedAt: new Date(Date.UTC(2030, 0, 1, 0, i)).toISOString(),
    eventId: `e-${i}`,
    event,
  }));
}

function historyAt(events: readonly PositionedAgreementEvent[], upToPosition?: bigint): AgreementHistory {
  const history = agreementHistory(events, upToPosition === undefined ? {} : { upToPosition });
  if (!history) throw new Error('no history');
  return history;
}

const amend = (proceedingId: string, operations: AmendmentOperation[], drafted: string) =>
  kit.amend(operations, { proceedingId, draftedOn: drafted });

const OPS_A = sampleOperations('推進体制の整備（令和3年改正）');
const OPS_B: AmendmentOperation[] = [
  { op: 'changeMeasureRole', id: 'm02', party: 'partner', role: '起業支援に参加する。' },
];

/** v1 2019-12-25; v2 (prospective) concluded 2021-03-25 → 2021-04-01; v3 (retroactive) concluded 2022-06-30 → 2022-04-01. */
function ordinaryHistory(): AgreementEvent[] {
  const base = historyOf(concludedAgreementCommands());
  const withV2 = historyOf(
    [
      amend('p-a', OPS_A, '2021-01-15'),
      ...completeProceeding('p-a', {
        resolvedOn: '2021-03-10',
        concludedOn: '2021-03-25',
        effectiveOn: '2021-04-01',
      }),
    ],
    base,
  );
  return historyOf(
    [
      amend('p-b', OPS_B, '2022-05-10'),
      ...completeProceeding('p-b', {
        resolvedOn: '2022-06-15',
        concludedOn: '2022-06-30',
        effectiveOn: '2022-04-01',
        retroactiveReason: '年度当初に遡って適用するため',
      }),
    ],
    withV2,
  );
}

function revisionOfConclusion(events: readonly AgreementEvent[], proceedingId: string): number {
  return events.findIndex((e) => e.type === 'ProceedingConcluded' && e.data.proceedingId === proceedingId);
}

describe('versions (沿革) in the ordinary case', () => {
  const events = positioned(ordinaryHistory());
  const history = historyAt(events);

  it('numbers versions in conclusion order with their 施行日 and the next version’s as effectiveTo', () => {
    expect(
      history.versions.map((v) => [
        v.number,
        v.kind,
        v.proceedingId,
        v.concludedOn,
        v.effectiveFrom,
        v.effectiveTo,
        v.neverInForce,
      ]),
    ).toEqual([
      [1, 'conclusion', 'p-conclusion', '2019-12-25', '2019-12-25', '2021-04-01', false],
      [2, 'amendment', 'p-a', '2021-03-25', '2021-04-01', '2022-04-01', false],
      [3, 'amendment', 'p-b', '2022-06-30', '2022-04-01', undefined, false],
    ]);
    expect(history.versions[2]?.retroactive).toEqual({ reason: '年度当初に遡って適用するため' });
    expect(history.versions[2]).not.toHaveProperty('effectiveTo');
  });

  it('carries the envelope of the conclusion event', () => {
    const rev = revisionOfConclusion(ordinaryHistory(), 'p-a');
    expect(history.versions[1]).toMatchObject({
      recordedAtRevision: rev,
      recordedAtPosition: 100n + 3n * BigInt(rev),
      eventId: `e-${rev}`,
    });
  });

  it('each version’s text is the previous one with its operations applied', () => {
    expect(history.versions[0]?.document).toEqual(buildSampleDocument());
    expect(history.versions[1]?.document).toEqual(applyAmendment(buildSampleDocument(), OPS_A));
    expect(history.versions[2]?.document).toEqual(
      applyAmendment(applyAmendment(buildSampleDocument(), OPS_A), OPS_B),
    );
    expect(history.versions[1]?.operations).toEqual(OPS_A);
  });

  it.each([
    ['2019-12-24', undefined],
    ['2019-12-25', 1],
    ['2021-03-31', 1],
    ['2021-04-01', 2],
    ['2022-03-31', 2],
    ['2022-04-01', 3],
    ['2030-01-01', 3],
  ])('asOf %s → version %s', (date, expected) => {
    expect(versionAsOf(history, date)?.number).toBe(expected);
  });

  it('a concluded version whose 施行日 is ahead is 未施行', () => {
    const v2 = history.versions[1];
    if (!v2) throw new Error('v2');
    expect(versionStatusOn(v2, '2021-03-28')).toBe('not-yet-in-force');
    expect(isNotYetInForce(v2, '2021-03-28')).toBe(true);
    expect(isNotYetInForce(v2, '2021-04-01')).toBe(false);
    expect(versionStatusOn(v2, '2021-04-01')).toBe('in-force');
    expect(versionStatusOn(v2, '2022-04-01')).toBe('superseded');
  });

  it('現行 is the last version in the timeline', () => {
    expect(currentVersion(history)?.number).toBe(3);
  });

  it('knownAt: the retroactive amendment changes asOf only from the position where it was recorded', () => {
    const rev = revisionOfConclusion(ordinaryHistory(), 'p-b');
    const concludedAt = 100n + 3n * BigInt(rev);
    const before = historyAt(events, concludedAt - 1n);
    const after = historyAt(events, concludedAt);
    expect(versionAsOf(before, '2022-05-01')?.number).toBe(2);
    expect(before.versions[1]).not.toHaveProperty('effectiveTo');
    expect(versionAsOf(after, '2022-05-01')?.number).toBe(3);
    // The same cut by recording instant.
    const recordedAt = events[rev]?.recordedAt ?? '';
    const justBefore = new Date(Date.parse(recordedAt) - 1).toISOString();
    expect(
      versionAsOf(agreementHistory(events, { knownAt: justBefore }) ?? history, '2022-05-01')?.number,
    ).toBe(2);
    expect(
      versionAsOf(agreementHistory(events, { knownAt: recordedAt }) ?? history, '2022-05-01')?.number,
    ).toBe(3);
  });

  it('before the agreement was opened the ledger knows nothing', () => {
    expect(agreementHistory(events, { upToPosition: 99n })).toBeUndefined();
    expect(agreementHistory([])).toBeUndefined();
  });

  it('knownAt needs recording instants', () => {
    const bare = events.map(({ position, event }) => ({ position, event }));
    expect(() => agreementHistory(bare, { knownAt: '2030-01-01T00:00:00Z' })).toThrow(RangeError);
    expect(() => eventsKnownAt(events, { knownAt: 'yesterday' })).toThrow(RangeError);
  });
});

/** The sample document's 第5条 gets a 第2項 (the demo's 平内町 第3版, 施行日 2027-04-01). */
const OPS_PARAGRAPH: AmendmentOperation[] = [
  {
    op: 'insertParagraph',
    article: '5',
    after: 1,
    text: '前項の協議は、毎年度一回以上行うものとする。',
    items: [],
  },
];
/** 第2条 changed (the 変更 concluded later but taking effect earlier). */
const OPS_ARTICLE_2: AmendmentOperation[] = [
  {
    op: 'replaceWords',
    target: { kind: 'provision', path: { article: '2' } },
    from: '相互に役割を分担し',
    to: '対等な立場で相互に役割を分担し',
  },
];

/**
 * The demo finding: v2 (2021-04-01); v3 concluded 2026-10-01, 施行日 2027-04-01 (未施行); v4 concluded
 * later (2026-12-07) but taking effect earlier (2027-01-06).
 */
function pendingOvertaken(v3Ops = OPS_PARAGRAPH, v4Ops = OPS_ARTICLE_2): AgreementEvent[] {
  const withV3 = historyOf(
    [
      amend('p-a', OPS_A, '2021-01-15'),
      ...completeProceeding('p-a', {
        resolvedOn: '2021-03-10',
        concludedOn: '2021-03-25',
        effectiveOn: '2021-04-01',
      }),
      amend('p-2026', v3Ops, '2026-06-01'),
      ...completeProceeding('p-2026', {
        resolvedOn: '2026-09-18',
        concludedOn: '2026-10-01',
        effectiveOn: '2027-04-01',
      }),
    ],
    historyOf(concludedAgreementCommands()),
  );
  return historyOf(
    [
      amend('p-2026-12', v4Ops, '2026-11-30'),
      ...completeProceeding('p-2026-12', {
        resolvedOn: '2026-12-04',
        concludedOn: '2026-12-07',
        effectiveOn: '2027-01-06',
      }),
    ],
    withV3,
  );
}

function versionNumbered(history: AgreementHistory, n: number): AgreementVersion {
  const version = history.versions.find((v) => v.number === n);
  if (!version) throw new Error(`no version ${n}`);
  return version;
}

describe('a 未施行 version stays pending when an amendment concluded after it takes effect before it', () => {
  const raw = pendingOvertaken();
  const events = positioned(raw);
  const history = historyAt(events);
  const v2Text = applyAmendment(buildSampleDocument(), OPS_A);

  it('lists the versions in 施行日 order, numbered in conclusion order, each ended by the next 施行日', () => {
    expect(
      history.versions.map((v) => [
        v.number,
        v.concludedOn,
        v.effectiveFrom,
        v.effectiveTo,
        v.endedBy,
        v.neverInForce,
      ]),
    ).toEqual([
      [1, '2019-12-25', '2019-12-25', '2021-04-01', 'version', false],
      [2, '2021-03-25', '2021-04-01', '2027-01-06', 'version', false],
      [4, '2026-12-07', '2027-01-06', '2027-04-01', 'version', false],
      [3, '2026-10-01', '2027-04-01', undefined, undefined, false],
    ]);
    expect(versionNumbered(history, 3)).not.toHaveProperty('effectiveTo');
  });

  it('第3版 is 未施行 until its own 施行日, then in force; 第4版 is in force in between', () => {
    const v3 = versionNumbered(history, 3);
    const v4 = versionNumbered(history, 4);
    for (const date of ['2026-12-07', '2027-01-06', '2027-03-31']) {
      expect(versionStatusOn(v3, date)).toBe('not-yet-in-force');
      expect(isNotYetInForce(v3, date)).toBe(true);
    }
    expect(versionStatusOn(v3, '2027-04-01')).toBe('in-force');
    expect(versionStatusOn(v4, '2027-01-05')).toBe('not-yet-in-force');
    expect(versionStatusOn(v4, '2027-01-06')).toBe('in-force');
    expect(versionStatusOn(v4, '2027-04-01')).toBe('superseded');
  });

  it.each([
    ['2027-01-05', 2],
    ['2027-01-06', 4],
    ['2027-03-31', 4],
    ['2027-04-01', 3],
    ['2030-01-01', 3],
  ])('asOf %s → version %s', (date, expected) => {
    expect(versionAsOf(history, date)?.number).toBe(expected);
  });

  it('the text from 2027-01-06 has 第4版’s change but not 第3版’s 第5条第2項; from 2027-04-01 both', () => {
    expect(versionAsOf(history, '2027-01-06')?.document).toEqual(applyAmendment(v2Text, OPS_ARTICLE_2));
    expect(versionAsOf(history, '2027-04-01')?.document).toEqual(
      applyAmendment(applyAmendment(v2Text, OPS_ARTICLE_2), OPS_PARAGRAPH),
    );
    expect(versionAsOf(history, '2027-01-06')?.document.articles[4]?.paragraphs).toHaveLength(1);
  });

  it('each amendment says its base: the versions before it in 施行日 order, on the day before its 施行日', () => {
    expect(versionNumbered(history, 4).base).toEqual({
      kind: 'before-effective-date',
      asOf: '2027-01-05',
      versionNumbers: [1, 2],
    });
    expect(versionNumbered(history, 3).base).toEqual({
      kind: 'before-effective-date',
      asOf: '2027-03-31',
      versionNumbers: [1, 2, 4],
    });
    expect(versionNumbered(history, 1)).not.toHaveProperty('base');
  });

  it('the version an amendment applies to is the one before it in 施行日 order', () => {
    expect(baseVersion(history, versionNumbered(history, 3))?.number).toBe(4);
    expect(baseVersion(history, versionNumbered(history, 4))?.number).toBe(2);
    expect(baseVersion(history, versionNumbered(history, 1))).toBeUndefined();
  });

  it('the version whose 施行日 comes last is 現行 (the text once everything concluded has taken effect)', () => {
    expect(currentVersion(history)?.number).toBe(3);
  });

  it('as the ledger knew it before 第4版 was concluded, 第3版 applied on 第2版 alone (transaction time)', () => {
    const rev = revisionOfConclusion(raw, 'p-2026-12');
    const cut = 100n + 3n * BigInt(rev) - 1n;
    const before = historyAt(events, cut);
    expect(before.versions.map((v) => [v.number, v.effectiveTo])).toEqual([
      [1, '2021-04-01'],
      [2, '2027-04-01'],
      [3, undefined],
    ]);
    expect(versionAsOf(before, '2027-01-06')?.number).toBe(2);
    expect(versionAsOf(before, '2027-04-01')?.document).toEqual(applyAmendment(v2Text, OPS_PARAGRAPH));
    const recordedAt = events[rev]?.recordedAt ?? '';
    const justBefore = new Date(Date.parse(recordedAt) - 1).toISOString();
    expect(
      versionAsOf(agreementHistory(events, { knownAt: justBefore }) ?? history, '2027-01-06')?.number,
    ).toBe(2);
    expect(
      versionAsOf(agreementHistory(events, { knownAt: recordedAt }) ?? history, '2027-01-06')?.number,
    ).toBe(4);
  });

  it('order matters: the version taking effect later applies on top of the earlier one', () => {
    const renameTo = (name: string): AmendmentOperation[] => [
      { op: 'reviseMeasure', id: 'm03', changes: { name } },
    ];
    const h = historyAt(positioned(pendingOvertaken(renameTo('第3版の名称'), renameTo('第4版の名称'))));
    const nameOn = (date: string) =>
      versionAsOf(h, date)?.document.measures.find((m) => m.id === 'm03')?.name;
    expect(nameOn('2027-01-06')).toBe('第4版の名称');
    expect(nameOn('2027-04-01')).toBe('第3版の名称');
  });
});

describe('amendments taking effect on the same day apply in conclusion order', () => {
  const rename = (name: string): AmendmentOperation[] => [
    { op: 'reviseMeasure', id: 'm02', changes: { name } },
  ];
  const raw = historyOf(
    [
      amend('p-first', rename('先に締結'), '2021-01-10'),
      ...completeProceeding('p-first', {
        resolvedOn: '2021-01-20',
        concludedOn: '2021-02-01',
        effectiveOn: '2021-04-01',
      }),
      amend('p-second', rename('後に締結'), '2021-02-10'),
      ...completeProceeding('p-second', {
        resolvedOn: '2021-02-20',
        concludedOn: '2021-03-01',
        effectiveOn: '2021-04-01',
      }),
    ],
    historyOf(concludedAgreementCommands()),
  );
  const history = historyAt(positioned(raw));

  it('the later-concluded one is in force from that day, with the earlier one’s changes under its own', () => {
    expect(history.versions.map((v) => [v.number, v.effectiveFrom, v.effectiveTo, v.neverInForce])).toEqual([
      [1, '2019-12-25', '2021-04-01', false],
      [2, '2021-04-01', '2021-04-01', false],
      [3, '2021-04-01', undefined, false],
    ]);
    expect(versionAsOf(history, '2021-03-31')?.number).toBe(1);
    expect(versionAsOf(history, '2021-04-01')?.number).toBe(3);
    expect(versionAsOf(history, '2021-04-01')?.document).toEqual(
      applyAmendment(applyAmendment(buildSampleDocument(), rename('先に締結')), rename('後に締結')),
    );
    expect(versionNumbered(history, 3).base?.versionNumbers).toEqual([1, 2]);
  });

  it('the earlier-concluded one is in force on no day of its own, yet is not “never in force”', () => {
    const v2 = versionNumbered(history, 2);
    expect(versionStatusOn(v2, '2021-03-31')).toBe('not-yet-in-force');
    expect(versionStatusOn(v2, '2021-04-01')).toBe('superseded');
    expect(v2.neverInForce).toBe(false);
    // So no period contains a day on which it is in force; the others are found as usual.
    expect(isInForceDuring(v2, '2021-04-01', '2022-03-31')).toBe(false);
    expect(isInForceDuring(versionNumbered(history, 3), '2021-04-01', '2022-03-31')).toBe(true);
    expect(isInForceDuring(versionNumbered(history, 1), '2020-04-01', '2021-03-31')).toBe(true);
    expect(isInForceDuring(versionNumbered(history, 1), '2021-04-01', '2022-03-31')).toBe(false);
  });
});

describe('retroactive amendments on both time axes', () => {
  const OPS_V2 = sampleOperations('v2の名称');
  const OPS_V3: AmendmentOperation[] = [
    { op: 'changeMeasureRole', id: 'm03', party: 'core', role: 'v3の役割' },
  ];

  /** v2 concluded 2025-03-10 (→ 2025-04-01); v3 concluded 2025-06-01, retroactive to 2024-10-01. */
  function retroactiveBeforeLater(): AgreementEvent[] {
    const withV2 = historyOf(
      [
        amend('p-2', OPS_V2, '2025-01-10'),
        ...completeProceeding('p-2', {
          resolvedOn: '2025-03-01',
          concludedOn: '2025-03-10',
          effectiveOn: '2025-04-01',
        }),
      ],
      historyOf(concludedAgreementCommands()),
    );
    return historyOf(
      [
        amend('p-3', OPS_V3, '2025-04-10'),
        ...completeProceeding('p-3', {
          resolvedOn: '2025-05-20',
          concludedOn: '2025-06-01',
          effectiveOn: '2024-10-01',
          retroactiveReason: '令和6年10月から実施している事業に合わせるため',
        }),
      ],
      withV2,
    );
  }

  const raw = retroactiveBeforeLater();
  const events = positioned(raw);
  const history = historyAt(events);

  it('a retroactive amendment takes its place in the timeline before a version already in force', () => {
    expect(
      history.versions.map((v) => [v.number, v.effectiveFrom, v.effectiveTo, v.endedBy, v.neverInForce]),
    ).toEqual([
      [1, '2019-12-25', '2024-10-01', 'version', false],
      [3, '2024-10-01', '2025-04-01', 'version', false],
      [2, '2025-04-01', undefined, undefined, false],
    ]);
    expect(versionNumbered(history, 3).retroactive).toEqual({
      reason: '令和6年10月から実施している事業に合わせるため',
    });
  });

  it('its changes are in force from its 施行日, and 第2版 now applies on top of them', () => {
    expect(versionAsOf(history, '2024-09-30')?.number).toBe(1);
    expect(versionAsOf(history, '2024-10-01')?.document).toEqual(
      applyAmendment(buildSampleDocument(), OPS_V3),
    );
    expect(versionAsOf(history, '2025-05-01')?.number).toBe(2);
    expect(versionAsOf(history, '2025-05-01')?.document).toEqual(
      applyAmendment(applyAmendment(buildSampleDocument(), OPS_V3), OPS_V2),
    );
    expect(versionNumbered(history, 2).base?.versionNumbers).toEqual([1, 3]);
  });

  it('as the ledger stood before the retroactive amendment was recorded, 第2版 applied on 第1版 alone', () => {
    const cut = 100n + 3n * BigInt(revisionOfConclusion(raw, 'p-3')) - 1n;
    const before = historyAt(events, cut);
    expect(versionAsOf(before, '2024-12-01')?.number).toBe(1);
    expect(versionAsOf(before, '2025-05-01')?.number).toBe(2);
    expect(versionAsOf(before, '2025-05-01')?.document).toEqual(
      applyAmendment(buildSampleDocument(), OPS_V2),
    );
  });
});

describe('a history recorded before the ledger checked 施行日 order', () => {
  /**
   * The events the earlier rule recorded: v2 (未施行, 施行日 2027-04-01) adds 第5条第2項; v3, concluded
   * later with an earlier 施行日, deletes 第5条 — and its ProceedingConcluded froze v2's text with the
   * deletion. Replayed in 施行日 order, v2 no longer applies.
   */
  function legacyEvents(): AgreementEvent[] {
    const withV2 = historyOf(
      [
        amend('p-2', OPS_PARAGRAPH, '2026-06-01'),
        ...completeProceeding('p-2', {
          resolvedOn: '2026-09-18',
          concludedOn: '2026-10-01',
          effectiveOn: '2027-04-01',
        }),
      ],
      historyOf(concludedAgreementCommands()),
    );
    const deleteArticle5: AmendmentOperation[] = [
      { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: true },
    ];
    const negotiated = historyOf(
      [
        amend('p-3', deleteArticle5, '2026-11-30'),
        kit.resolve('core', 'approved', { proceedingId: 'p-3', resolvedOn: '2026-12-04' }),
        kit.resolve('partner', 'approved', { proceedingId: 'p-3', resolvedOn: '2026-12-04' }),
      ],
      withV2,
    );
    const frozen = applyAmendment(applyAmendment(buildSampleDocument(), OPS_PARAGRAPH), deleteArticle5);
    return [
      ...negotiated,
      {
        type: 'ProceedingConcluded',
        schemaVersion: 1,
        data: {
          proceedingId: 'p-3',
          concludedOn: '2026-12-07',
          effectiveOn: '2027-01-06',
          signatories: {
            core: { title: '青森市長', name: '青森 太郎' },
            partner: { title: '平内町長', name: '平内 花子' },
          },
          kind: 'amendment',
          versionNumber: 3,
          document: frozen,
        },
      },
    ];
  }

  it('still folds: the version whose operations no longer apply keeps the text its event recorded', () => {
    const history = historyAt(positioned(legacyEvents()));
    expect(history.versions.map((v) => v.number)).toEqual([1, 3, 2]);
    expect(versionAsOf(history, '2027-01-06')?.document.articles[4]?.deleted).toBe(true);
    expect(versionAsOf(history, '2027-04-01')?.document).toEqual(
      applyAmendment(buildSampleDocument(), OPS_PARAGRAPH),
    );
  });
});

describe('abolition in time', () => {
  const abolished = (effectiveOn: string, retroactiveReason?: string) =>
    historyOf(
      [
        kit.abolish(
          retroactiveReason === undefined
            ? { effectiveOn }
            : { effectiveOn: undefined, appliesFrom: effectiveOn },
        ),
        ...completeProceeding('p-abolition', {
          resolvedOn: '2024-03-15',
          concludedOn: '2024-03-22',
          effectiveOn,
          ...(retroactiveReason !== undefined ? { retroactiveReason } : {}),
        }),
      ],
      historyOf(concludedAgreementCommands()),
    );

  it('ends the last version; nothing is in force from its effectiveOn', () => {
    const history = historyAt(positioned(abolished('2024-04-01')));
    expect(history.status).toBe('abolished');
    expect(history.abolition).toMatchObject({
      effectiveOn: '2024-04-01',
      concludedOn: '2024-03-22',
      reason: '圏域の再編のため',
    });
    expect(history.versions[0]).toMatchObject({ effectiveTo: '2024-04-01', endedBy: 'abolition' });
    expect(versionAsOf(history, '2024-03-31')?.number).toBe(1);
    expect(versionAsOf(history, '2024-04-01')).toBeUndefined();
    const v1 = history.versions[0];
    if (!v1) throw new Error('v1');
    expect(versionStatusOn(v1, '2024-04-01')).toBe('abolished');
    expect(agreementStatusOn(history, '2024-03-31')).toBe('in-force');
    expect(agreementStatusOn(history, '2024-04-01')).toBe('abolished');
  });

  it('a retroactive abolition ends validity from its earlier date', () => {
    const history = historyAt(positioned(abolished('2024-01-01', '年度途中に事業を終了したため')));
    expect(versionAsOf(history, '2023-12-31')?.number).toBe(1);
    expect(versionAsOf(history, '2024-01-01')).toBeUndefined();
    expect(history.abolition?.retroactive).toEqual({ reason: '年度途中に事業を終了したため' });
  });

  it('an abolition taking effect before a 未施行 version means that version is never in force', () => {
    const withV2 = historyOf(
      [
        amend('p-2', OPS_A, '2024-01-01'),
        ...completeProceeding('p-2', {
          resolvedOn: '2024-01-10',
          concludedOn: '2024-01-20',
          effectiveOn: '2025-04-01',
        }),
        kit.abolish({ draftedOn: '2024-02-01' }),
        ...completeProceeding('p-abolition', {
          resolvedOn: '2024-03-15',
          concludedOn: '2024-03-22',
          effectiveOn: '2024-04-01',
        }),
      ],
      historyOf(concludedAgreementCommands()),
    );
    const history = historyAt(positioned(withV2));
    expect(history.versions[1]).toMatchObject({
      neverInForce: true,
      endedBy: 'abolition',
      effectiveTo: '2024-04-01',
    });
    // The version before it ends with the abolition, not with the 施行日 the abolition overtook.
    expect(history.versions[0]).toMatchObject({ effectiveTo: '2024-04-01', endedBy: 'abolition' });
    const v2 = history.versions[1];
    if (!v2) throw new Error('v2');
    for (const date of ['2024-01-20', '2025-04-01', '2026-01-01']) {
      expect(isInForceOn(v2, date)).toBe(false);
      expect(versionStatusOn(v2, date)).toBe('never-in-force');
    }
    expect(isInForceDuring(v2, '2025-04-01', '2026-03-31')).toBe(false);
    expect(versionAsOf(history, '2025-05-01')).toBeUndefined();
  });
});

describe('agreementStatusOn', () => {
  it('negotiating, withdrawn, not yet in force, in force', () => {
    const negotiating = historyAt(positioned(historyOf([kit.open()])));
    expect(agreementStatusOn(negotiating, '2020-01-01')).toBe('negotiating');
    const withdrawn = historyAt(positioned(historyOf([kit.open(), kit.withdraw()])));
    expect(agreementStatusOn(withdrawn, '2020-01-01')).toBe('withdrawn');
    const prospective = historyAt(
      positioned(
        historyOf([
          kit.open(),
          kit.resolve('core'),
          kit.resolve('partner'),
          kit.conclude({ effectiveOn: '2020-04-01' }),
        ]),
      ),
    );
    expect(agreementStatusOn(prospective, '2020-03-31')).toBe('not-yet-in-force');
    expect(agreementStatusOn(prospective, '2020-04-01')).toBe('in-force');
  });
});
