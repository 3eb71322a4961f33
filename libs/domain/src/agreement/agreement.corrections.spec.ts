import {
  DeciderSpecification,
  concludedAgreementCommands,
  historyOf,
  kit,
  kitActors,
} from '@kyoyaku/domain/testing';
import { agreementDecider, findCorrectableFact } from './agreement.decider';
import type { AgreementEvent } from './agreement.events';
import { isOpened, type OpenedAgreementState } from './agreement.state';

const spec = DeciderSpecification.for(agreementDecider);

/**
 * Revisions of the completed kit history:
 * 0 AgreementOpened, 1 ProceedingOpened, 2 DraftRecorded, 3 partner resolution, 4 core resolution,
 * 5 ProceedingConcluded, 6 core notice, 7 partner notice, 8 notification, 9 ProceedingCompleted.
 */
const completed = () => historyOf(concludedAgreementCommands());
const REV = {
  draft: 2,
  partnerResolution: 3,
  coreResolution: 4,
  conclusion: 5,
  coreNotice: 6,
  partnerNotice: 7,
  notification: 8,
  completed: 9,
};

function stateOf(events: readonly AgreementEvent[]): OpenedAgreementState {
  const state = events.reduce(agreementDecider.evolve, agreementDecider.initialState());
  if (!isOpened(state)) throw new Error('not opened');
  return state;
}

describe('RecordCorrection — what can be corrected', () => {
  it('the kit history has its facts at the documented revisions', () => {
    const state = stateOf(completed());
    expect(findCorrectableFact(state, REV.partnerResolution)).toMatchObject({
      type: 'CouncilResolutionRecorded',
    });
    expect(findCorrectableFact(state, REV.conclusion)).toMatchObject({ type: 'ProceedingConcluded' });
    expect(findCorrectableFact(state, REV.coreNotice)).toMatchObject({
      type: 'PublicNoticeRecorded',
      party: 'core',
    });
    expect(findCorrectableFact(state, REV.partnerNotice)).toMatchObject({
      type: 'PublicNoticeRecorded',
      party: 'partner',
    });
    expect(findCorrectableFact(state, REV.notification)).toMatchObject({
      type: 'GovernorNotificationRecorded',
    });
  });

  it('corrects a notice number, naming the corrected event and keeping the old value', () => {
    spec
      .given(completed())
      .when(
        kit.correct(
          REV.partnerNotice,
          { field: 'noticeNumber', value: '平内町告示第81号' },
          { correctsEventId: 'evt-7' },
        ),
      )
      .then([
        {
          type: 'RecordCorrected',
          schemaVersion: 1,
          data: {
            correctsEventId: 'evt-7',
            correctsRevision: REV.partnerNotice,
            correctedEventType: 'PublicNoticeRecorded',
            proceedingId: 'p-conclusion',
            correction: {
              field: 'noticeNumber',
              party: 'partner',
              from: '平内町告示第80号',
              to: '平内町告示第81号',
            },
            reason: '転記誤りのため',
          },
        },
      ]);
  });

  it('evolve applies the correction; the original event stays in the history', () => {
    const events = historyOf(
      [kit.correct(REV.partnerNotice, { field: 'noticeNumber', value: '平内町告示第81号' })],
      completed(),
    );
    const state = stateOf(events);
    expect(state.proceedings[0]?.notices.partner?.noticeNumber).toBe('平内町告示第81号');
    expect(state.corrections).toHaveLength(1);
    expect(events[REV.partnerNotice]).toMatchObject({
      type: 'PublicNoticeRecorded',
      data: { noticeNumber: '平内町告示第80号' },
    });
  });

  it('a corrected value can be corrected again; the second correction starts from the corrected value', () => {
    const once = historyOf(
      [kit.correct(REV.partnerNotice, { field: 'noticeNumber', value: '平内町告示第81号' })],
      completed(),
    );
    spec
      .given(once)
      .when(kit.correct(REV.partnerNotice, { field: 'noticeNumber', value: '平内町告示第82号' }))
      .thenEvents((events) =>
        expect(events[0]?.data).toMatchObject({
          correction: { from: '平内町告示第81号', to: '平内町告示第82号' },
        }),
      );
  });

  it('corrects notice dates, resolution numbers and dates, notification dates and signatories', () => {
    const cases = [
      [
        REV.coreNotice,
        { field: 'publishedOn', value: '2019-12-26' },
        (s: OpenedAgreementState) => s.proceedings[0]?.notices.core?.publishedOn,
        '2019-12-26',
      ],
      [
        REV.coreResolution,
        { field: 'resolutionNumber', value: '議案第176号' },
        (s: OpenedAgreementState) => s.proceedings[0]?.resolutions[1]?.resolutionNumber,
        '議案第176号',
      ],
      [
        REV.partnerResolution,
        { field: 'resolvedOn', value: '2019-12-12' },
        (s: OpenedAgreementState) => s.proceedings[0]?.resolutions[0]?.resolvedOn,
        '2019-12-12',
      ],
      [
        REV.notification,
        { field: 'notifiedOn', value: '2019-12-27' },
        (s: OpenedAgreementState) => s.proceedings[0]?.notifications.partner?.notifiedOn,
        '2019-12-27',
      ],
      [
        REV.conclusion,
        { field: 'signatory', party: 'partner', value: { title: '平内町長', name: '平内 華子' } },
        (s: OpenedAgreementState) => s.proceedings[0]?.conclusion?.signatories.partner.name,
        '平内 華子',
      ],
    ] as const;
    for (const [revision, correction, read, expected] of cases) {
      const events = historyOf([kit.correct(revision, correction)], completed());
      expect(read(stateOf(events))).toBe(expected);
    }
  });

  it('a resolution number that was never recorded can be added; `from` is then omitted', () => {
    spec
      .given(completed())
      .when(kit.correct(REV.coreResolution, { field: 'resolutionNumber', value: '議案第175号' }))
      .thenEvents((events) => {
        expect(events[0]?.data).toMatchObject({
          correction: { field: 'resolutionNumber', party: 'core', to: '議案第175号' },
        });
        expect(events[0]?.data).not.toHaveProperty('correction.from');
      });
  });
});

describe('RecordCorrection — rules', () => {
  it('CorrectionTargetNotFound: the revision holds no correctable fact', () => {
    spec
      .given(completed())
      .when(kit.correct(REV.draft, { field: 'noticeNumber', value: 'x' }))
      .thenThrows('CorrectionTargetNotFound', 'not-found');
    spec
      .given(completed())
      .when(kit.correct(REV.completed, { field: 'noticeNumber', value: 'x' }))
      .thenThrows('CorrectionTargetNotFound');
    spec
      .given(completed())
      .when(kit.correct(99, { field: 'noticeNumber', value: 'x' }))
      .thenThrows('CorrectionTargetNotFound');
  });

  it('a correction is not itself a correctable fact', () => {
    const once = historyOf(
      [kit.correct(REV.partnerNotice, { field: 'noticeNumber', value: '平内町告示第81号' })],
      completed(),
    );
    spec
      .given(once)
      .when(kit.correct(10, { field: 'noticeNumber', value: 'x' }))
      .thenThrows('CorrectionTargetNotFound');
  });

  it('InvalidValue: the revision must be a non-negative integer', () => {
    spec
      .given(completed())
      .when(kit.correct(-1, { field: 'noticeNumber', value: 'x' }))
      .thenThrows('InvalidValue', 'invalid');
    spec
      .given(completed())
      .when(kit.correct(1.5, { field: 'noticeNumber', value: 'x' }))
      .thenThrows('InvalidValue');
  });

  it('FieldNotCorrectable: only the fields that belong to the fact', () => {
    spec
      .given(completed())
      .when(kit.correct(REV.coreResolution, { field: 'noticeNumber', value: 'x' }))
      .thenThrows('FieldNotCorrectable', 'invalid');
    spec
      .given(completed())
      .when(kit.correct(REV.coreNotice, { field: 'resolvedOn', value: '2019-12-26' }))
      .thenThrows('FieldNotCorrectable');
    spec
      .given(completed())
      .when(kit.correct(REV.conclusion, { field: 'publishedOn', value: '2019-12-26' }))
      .thenThrows('FieldNotCorrectable');
    spec
      .given(completed())
      .when(
        kit.correct(REV.notification, {
          field: 'signatory',
          party: 'core',
          value: { title: 'a', name: 'b' },
        }),
      )
      .thenThrows('FieldNotCorrectable');
  });

  it('FieldNotCorrectable: a notice has no notification date', () => {
    spec
      .given(completed())
      .when(kit.correct(REV.coreNotice, { field: 'notifiedOn', value: '2019-12-27' }))
      .thenThrows('FieldNotCorrectable');
  });

  it('a corrected signatory names a party and has a title and a name', () => {
    const badParty = {
      field: 'signatory',
      party: 'both',
      value: { title: '平内町長', name: 'x' },
    } as unknown as Parameters<typeof kit.correct>[1];
    spec.given(completed()).when(kit.correct(REV.conclusion, badParty)).thenThrows('InvalidValue');
    spec
      .given(completed())
      .when(
        kit.correct(REV.conclusion, {
          field: 'signatory',
          party: 'partner',
          value: { title: '平内町長', name: ' ' },
        }),
      )
      .thenThrows('RequiredValueMissing');
  });

  it('CorrectionChangesNothing for every field', () => {
    const numbered = historyOf(
      [kit.correct(REV.coreResolution, { field: 'resolutionNumber', value: '議案第175号' })],
      completed(),
    );
    spec
      .given(numbered)
      .when(kit.correct(REV.coreResolution, { field: 'resolutionNumber', value: '議案第175号' }))
      .thenThrows('CorrectionChangesNothing');
    spec
      .given(completed())
      .when(kit.correct(REV.coreResolution, { field: 'resolvedOn', value: '2019-12-18' }))
      .thenThrows('CorrectionChangesNothing');
    spec
      .given(completed())
      .when(kit.correct(REV.coreNotice, { field: 'publishedOn', value: '2019-12-25' }))
      .thenThrows('CorrectionChangesNothing');
    spec
      .given(completed())
      .when(kit.correct(REV.notification, { field: 'notifiedOn', value: '2019-12-26' }))
      .thenThrows('CorrectionChangesNothing');
  });

  it('CorrectionChangesNothing: the value must differ', () => {
    spec
      .given(completed())
      .when(kit.correct(REV.coreNotice, { field: 'noticeNumber', value: '青森市告示第600号' }))
      .thenThrows('CorrectionChangesNothing', 'invalid');
    spec
      .given(completed())
      .when(
        kit.correct(REV.conclusion, {
          field: 'signatory',
          party: 'core',
          value: { title: '青森市長', name: '青森 太郎' },
        }),
      )
      .thenThrows('CorrectionChangesNothing');
  });

  it('a reason and the corrected event id are required', () => {
    spec
      .given(completed())
      .when(kit.correct(REV.coreNotice, { field: 'noticeNumber', value: 'x' }, { reason: '' }))
      .thenThrows('RequiredValueMissing');
    spec
      .given(completed())
      .when(kit.correct(REV.coreNotice, { field: 'noticeNumber', value: 'x' }, { correctsEventId: '' }))
      .thenThrows('RequiredValueMissing');
    spec
      .given(completed())
      .when(kit.correct(REV.coreNotice, { field: 'noticeNumber', value: ' ' }))
      .thenThrows('RequiredValueMissing');
    spec
      .given(completed())
      .when(kit.correct(REV.coreNotice, { field: 'publishedOn', value: '2019-02-31' }))
      .thenThrows('InvalidDate');
  });

  it('a corrected date still respects the order of steps', () => {
    // notice and notification ≥ conclusion (2019-12-25)
    spec
      .given(completed())
      .when(kit.correct(REV.coreNotice, { field: 'publishedOn', value: '2019-12-24' }))
      .thenThrows('StepDateBeforePreviousStep');
    spec
      .given(completed())
      .when(kit.correct(REV.notification, { field: 'notifiedOn', value: '2019-12-24' }))
      .thenThrows('StepDateBeforePreviousStep');
    spec
      .given(completed())
      .when(kit.correct(REV.notification, { field: 'notifiedOn', value: '2019-12-25' }))
      .thenEvents((e) => expect(e).toHaveLength(1));
    // resolution ≥ its draft (2019-11-22) and ≤ the conclusion (2019-12-25)
    spec
      .given(completed())
      .when(kit.correct(REV.partnerResolution, { field: 'resolvedOn', value: '2019-11-21' }))
      .thenThrows('StepDateBeforePreviousStep');
    spec
      .given(completed())
      .when(kit.correct(REV.partnerResolution, { field: 'resolvedOn', value: '2019-12-26' }))
      .thenThrows('StepDateBeforePreviousStep');
    spec
      .given(completed())
      .when(kit.correct(REV.partnerResolution, { field: 'resolvedOn', value: '2019-12-25' }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });

  it('a corrected resolution date stays between the same council’s resolutions and later drafts', () => {
    const rejectedRedraftedApproved = historyOf([
      kit.open(),
      kit.resolve('partner', 'rejected', { resolvedOn: '2019-11-25' }), // rev 3
      kit.revise({ draftedOn: '2019-11-28' }), // rev 4
      kit.resolve('partner', 'approved', { resolvedOn: '2019-12-13' }), // rev 5
    ]);
    spec
      .given(rejectedRedraftedApproved)
      .when(kit.correct(3, { field: 'resolvedOn', value: '2019-11-29' }))
      .thenThrows('StepDateBeforePreviousStep');
    spec
      .given(rejectedRedraftedApproved)
      .when(kit.correct(5, { field: 'resolvedOn', value: '2019-11-27' }))
      .thenThrows('StepDateBeforePreviousStep');
    spec
      .given(rejectedRedraftedApproved)
      .when(kit.correct(3, { field: 'resolvedOn', value: '2019-11-27' }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });

  it('a corrected resolution date stays after the same council’s previous resolution on the same draft', () => {
    const rejectedThenApproved = historyOf([
      kit.open(),
      kit.resolve('partner', 'rejected', { resolvedOn: '2019-11-25' }), // rev 3
      kit.resolve('partner', 'approved', { resolvedOn: '2019-12-13' }), // rev 4
    ]);
    spec
      .given(rejectedThenApproved)
      .when(kit.correct(4, { field: 'resolvedOn', value: '2019-11-24' }))
      .thenThrows('StepDateBeforePreviousStep');
    spec
      .given(rejectedThenApproved)
      .when(kit.correct(4, { field: 'resolvedOn', value: '2019-11-25' }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });

  it('a clerk corrects only its own municipality’s resolutions and notices', () => {
    spec
      .given(completed())
      .when(
        kit.correct(
          REV.partnerNotice,
          { field: 'noticeNumber', value: '平内町告示第81号' },
          { actor: kitActors.partnerClerk },
        ),
      )
      .thenEvents((e) => expect(e).toHaveLength(1));
    spec
      .given(completed())
      .when(
        kit.correct(REV.coreNotice, { field: 'noticeNumber', value: 'x' }, { actor: kitActors.partnerClerk }),
      )
      .thenThrows('ClerkMayRecordOnlyOwnMunicipality', 'forbidden');
    spec
      .given(completed())
      .when(
        kit.correct(
          REV.coreResolution,
          { field: 'resolutionNumber', value: 'x' },
          { actor: kitActors.partnerClerk },
        ),
      )
      .thenThrows('ClerkMayRecordOnlyOwnMunicipality');
    spec
      .given(completed())
      .when(
        kit.correct(
          REV.notification,
          { field: 'notifiedOn', value: '2019-12-27' },
          { actor: kitActors.coreClerk },
        ),
      )
      .thenThrows('ClerkMayRecordOnlyOwnMunicipality');
    spec
      .given(completed())
      .when(
        kit.correct(
          REV.conclusion,
          { field: 'signatory', party: 'core', value: { title: '青森市長', name: 'x' } },
          { actor: kitActors.coreClerk },
        ),
      )
      .thenThrows('ClerkMayRecordOnlyOwnMunicipality');
  });
});

describe('RecordCorrection — a 届出 (its date and its 文書番号)', () => {
  /** The kit's conclusion, then each party's own 届出: 8 甲's, 9 乙's (10 ProceedingCompleted). */
  const ownFilings = () =>
    historyOf([
      kit.open(),
      kit.resolve('partner'),
      kit.resolve('core'),
      kit.conclude(),
      kit.notice('core'),
      kit.notice('partner'),
      kit.notifyBy('core'),
      kit.notifyBy('partner'),
    ]);

  it('a joint 届出 is corrected under both parties at once', () => {
    const events = historyOf(
      [kit.correct(REV.notification, { field: 'notifiedOn', value: '2019-12-27' })],
      completed(),
    );
    const proceeding = stateOf(events).proceedings[0];
    expect(proceeding?.notifications.core?.notifiedOn).toBe('2019-12-27');
    expect(proceeding?.notifications.partner?.notifiedOn).toBe('2019-12-27');
  });

  it('corrects the 文書番号, keeping the old one in the correction', () => {
    const correct = kit.correct(REV.notification, { field: 'documentNumber', value: '青政第1235号' });
    spec
      .given(completed())
      .when(correct)
      .thenEvents((events) =>
        expect(events[0]?.data).toMatchObject({
          correctedEventType: 'GovernorNotificationRecorded',
          correction: { field: 'documentNumber', from: '青政第1234号', to: '青政第1235号' },
        }),
      );
    const corrected = stateOf(historyOf([correct], completed())).proceedings[0]?.notifications;
    expect(corrected?.core?.documentNumber).toBe('青政第1235号');
    expect(corrected?.partner?.documentNumber).toBe('青政第1235号');
  });

  it('a 文書番号 the 届出 was recorded without (version 1) can be added; `from` is then omitted', () => {
    const v1 = historyOf([
      kit.open(),
      kit.resolve('partner'),
      kit.resolve('core'),
      kit.conclude(),
      kit.notice('core'),
      kit.notice('partner'),
    ]).concat([
      {
        type: 'GovernorNotificationRecorded',
        schemaVersion: 2,
        data: {
          proceedingId: 'p-conclusion',
          filers: [{ party: 'core' }, { party: 'partner' }],
          addressee: { kind: 'prefectural-governor' },
          notifiedOn: '2019-12-26',
          recordedBeforeDocumentNumbers: true,
        },
      },
    ]);
    spec
      .given(v1)
      .when(kit.correct(8, { field: 'documentNumber', value: '青政第1234号' }))
      .thenEvents((events) => {
        expect(events[0]?.data).toMatchObject({
          correction: { field: 'documentNumber', to: '青政第1234号' },
        });
        expect(events[0]?.data).not.toHaveProperty('correction.from');
      });
  });

  it('the 文書番号 must be given and must differ', () => {
    spec
      .given(completed())
      .when(kit.correct(REV.notification, { field: 'documentNumber', value: ' ' }))
      .thenThrows('RequiredValueMissing');
    spec
      .given(completed())
      .when(kit.correct(REV.notification, { field: 'documentNumber', value: '青政第1234号' }))
      .thenThrows('CorrectionChangesNothing');
    spec
      .given(completed())
      .when(kit.correct(REV.coreNotice, { field: 'documentNumber', value: '青政第1234号' }))
      .thenThrows('FieldNotCorrectable');
  });

  it('a clerk corrects its own municipality’s 届出 filed alone, not the other party’s', () => {
    const own = kit.correct(
      9,
      { field: 'documentNumber', value: '平企第57号' },
      { actor: kitActors.partnerClerk },
    );
    spec
      .given(ownFilings())
      .when(own)
      .thenEvents((events) => expect(events).toHaveLength(1));
    const notifications = stateOf(historyOf([own], ownFilings())).proceedings[0]?.notifications;
    expect(notifications?.partner?.documentNumber).toBe('平企第57号');
    expect(notifications?.core?.documentNumber).toBe('青政第1234号');
    spec
      .given(ownFilings())
      .when(kit.correct(8, { field: 'documentNumber', value: '青政第1' }, { actor: kitActors.partnerClerk }))
      .thenThrows('ClerkMayRecordOnlyOwnMunicipality', 'forbidden');
  });
});
