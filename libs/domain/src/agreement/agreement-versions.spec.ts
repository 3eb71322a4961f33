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
  currentVersion,
  eventsKnownAt,
  isNotYetInForce,
  versionAsOf,
  versionStatusOn,
  type AgreementHistory,
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

  it('現行 is the latest version in conclusion order', () => {
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

describe('versions when a later-concluded version takes effect before an earlier-concluded one', () => {
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

  it('numbers follow conclusion order; the later-concluded version supersedes from its own 施行日', () => {
    expect(
      history.versions.map((v) => [v.number, v.effectiveFrom, v.effectiveTo, v.endedBy, v.neverInForce]),
    ).toEqual([
      [1, '2019-12-25', '2024-10-01', 'version', false],
      [2, '2025-04-01', '2024-10-01', 'version', true],
      [3, '2024-10-01', undefined, undefined, false],
    ]);
    const v2 = history.versions[1];
    if (!v2) throw new Error('v2');
    expect(versionStatusOn(v2, '2025-05-01')).toBe('never-in-force');
  });

  it('asOf follows 施行日: version 1 until 2024-10-01, then version 3 — version 2 is never selected', () => {
    expect(versionAsOf(history, '2024-09-30')?.number).toBe(1);
    expect(versionAsOf(history, '2024-10-01')?.number).toBe(3);
    expect(versionAsOf(history, '2025-05-01')?.number).toBe(3);
  });

  it('version 3’s text was drafted against version 2, so it carries version 2’s changes', () => {
    expect(history.versions[2]?.document).toEqual(
      applyAmendment(applyAmendment(buildSampleDocument(), OPS_V2), OPS_V3),
    );
  });

  it('as the ledger stood before version 3 was recorded, version 2 was in force from 2025-04-01', () => {
    const cut = 100n + 3n * BigInt(revisionOfConclusion(raw, 'p-3')) - 1n;
    const before = historyAt(events, cut);
    expect(versionAsOf(before, '2025-05-01')?.number).toBe(2);
    expect(versionAsOf(before, '2024-12-01')?.number).toBe(1);
  });

  it('a prospective version is also superseded by a later-concluded one with an earlier 施行日', () => {
    const withV2 = historyOf(
      [
        amend('p-2', OPS_V2, '2025-01-01'),
        ...completeProceeding('p-2', {
          resolvedOn: '2025-01-05',
          concludedOn: '2025-01-10',
          effectiveOn: '2026-04-01',
        }),
      ],
      historyOf(concludedAgreementCommands()),
    );
    const withV3 = historyOf(
      [
        amend('p-3', OPS_V3, '2025-02-01'),
        ...completeProceeding('p-3', {
          resolvedOn: '2025-02-20',
          concludedOn: '2025-03-01',
          effectiveOn: '2025-10-01',
        }),
      ],
      withV2,
    );
    const h = historyAt(positioned(withV3));
    expect(h.versions.map((v) => [v.number, v.neverInForce])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
    expect(versionAsOf(h, '2026-05-01')?.number).toBe(3);
    expect(versionAsOf(h, '2025-09-30')?.number).toBe(1);
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
