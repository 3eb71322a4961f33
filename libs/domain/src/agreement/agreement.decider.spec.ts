import { applyAmendment, type AmendmentOperation, type EffectiveDateClause } from '@kyoyaku/legal-text';
import { buildSampleDocument } from '@kyoyaku/legal-text/testing';
import {
  DeciderSpecification,
  KIT_AGREEMENT_ID,
  KIT_CONCLUSION_ID,
  KIT_CORE,
  KIT_PARTNER,
  KIT_PREFECTURE,
  KIT_REGION_ID,
  concludedAgreementCommands,
  completeProceeding,
  historyOf,
  kit,
  kitActors,
  sampleOperations,
} from '@kyoyaku/domain/testing';
import type { AgreementCommand } from './agreement.commands';
import { agreementDecider } from './agreement.decider';
import { AGREEMENT_ERROR_KINDS } from './agreement.errors';
import type { AgreementEvent } from './agreement.events';
import { isOpened, type AgreementState, type OpenedAgreementState } from './agreement.state';

const spec = DeciderSpecification.for(agreementDecider);

const opened = () => historyOf([kit.open()]);
const approvedByBoth = () => historyOf([kit.open(), kit.resolve('partner'), kit.resolve('core')]);
const concluded = () => historyOf([kit.open(), kit.resolve('partner'), kit.resolve('core'), kit.conclude()]);
const completed = () => historyOf(concludedAgreementCommands());
/** Completed conclusion plus a pending amendment `p-amendment-1` drafted 2021-01-15. */
const amendmentPending = () => historyOf([kit.amend(sampleOperations())], completed());
const amendmentConcluded = () =>
  historyOf(
    completeProceeding('p-amendment-1', {
      resolvedOn: '2021-03-10',
      concludedOn: '2021-03-25',
      effectiveOn: '2021-04-01',
    }),
    amendmentPending(),
  );
const abolitionConcluded = () =>
  historyOf(
    [
      kit.abolish(),
      ...completeProceeding('p-abolition', {
        resolvedOn: '2024-03-15',
        concludedOn: '2024-03-22',
        effectiveOn: '2024-04-01',
      }),
    ],
    completed(),
  );

function stateOf(events: readonly AgreementEvent[]): OpenedAgreementState {
  const state: AgreementState = events.reduce(agreementDecider.evolve, agreementDecider.initialState());
  if (!isOpened(state)) throw new Error('not opened');
  return state;
}

describe('agreement decider — happy path of a conclusion proceeding', () => {
  it('OpenAgreement opens the agreement and its conclusion proceeding with draft 1', () => {
    const command = kit.open();
    spec
      .given([])
      .when(command)
      .then([
        {
          type: 'AgreementOpened',
          schemaVersion: 1,
          data: {
            agreementId: KIT_AGREEMENT_ID,
            regionId: KIT_REGION_ID,
            coreCity: KIT_CORE,
            partner: KIT_PARTNER,
          },
        },
        {
          type: 'ProceedingOpened',
          schemaVersion: 1,
          data: { proceedingId: KIT_CONCLUSION_ID, kind: 'conclusion', openedOn: '2019-11-22' },
        },
        {
          type: 'DraftRecorded',
          schemaVersion: 1,
          data: {
            proceedingId: KIT_CONCLUSION_ID,
            draftNumber: 1,
            draftedOn: '2019-11-22',
            draft: { kind: 'conclusion', document: command.document },
          },
        },
      ]);
  });

  it('records a council resolution against the current draft, with the municipality code', () => {
    spec
      .given(opened())
      .when(kit.resolve('partner', 'approved', { resolutionNumber: '議案第50号' }))
      .then([
        {
          type: 'CouncilResolutionRecorded',
          schemaVersion: 1,
          data: {
            proceedingId: KIT_CONCLUSION_ID,
            party: 'partner',
            municipalityCode: KIT_PARTNER.code,
            decision: 'approved',
            resolvedOn: '2019-12-13',
            draftNumber: 1,
            resolutionNumber: '議案第50号',
          },
        },
      ]);
  });

  it('concludes after both approvals, freezing the text as version 1', () => {
    spec
      .given(approvedByBoth())
      .when(kit.conclude())
      .then([
        {
          type: 'ProceedingConcluded',
          schemaVersion: 1,
          data: {
            proceedingId: KIT_CONCLUSION_ID,
            concludedOn: '2019-12-25',
            effectiveOn: '2019-12-25',
            signatories: {
              core: { title: '青森市長', name: '青森 太郎' },
              partner: { title: '平内町長', name: '平内 花子' },
            },
            kind: 'conclusion',
            versionNumber: 1,
            document: buildSampleDocument(),
          },
        },
      ]);
  });

  it('a 施行日 later than the conclusion (未施行) needs no flag', () => {
    spec
      .given(approvedByBoth())
      .when(kit.conclude({ effectiveOn: '2020-04-01' }))
      .thenEvents((events) => {
        expect(events[0]?.type).toBe('ProceedingConcluded');
        expect(events[0]?.data).toMatchObject({ effectiveOn: '2020-04-01' });
        expect(events[0]?.data).not.toHaveProperty('retroactive');
      });
  });

  it('records notices and the 届出, and completes the proceeding with the last of them', () => {
    const afterNotices = historyOf([kit.notice('core'), kit.notice('partner')], concluded());
    spec
      .given(afterNotices)
      .when(kit.notify())
      .then([
        {
          type: 'GovernorNotificationRecorded',
          schemaVersion: 2,
          data: {
            proceedingId: KIT_CONCLUSION_ID,
            filers: [
              { party: 'core', municipalityCode: KIT_CORE.code },
              { party: 'partner', municipalityCode: KIT_PARTNER.code },
            ],
            addressee: { kind: 'prefectural-governor', prefectureCode: '020001' },
            notifiedOn: '2019-12-26',
            documentNumber: '青政第1234号',
          },
        },
        { type: 'ProceedingCompleted', schemaVersion: 1, data: { proceedingId: KIT_CONCLUSION_ID } },
      ]);
    // Notification first, a notice last: the notice completes it.
    spec
      .given(historyOf([kit.notify(), kit.notice('partner')], concluded()))
      .when(kit.notice('core'))
      .then([
        {
          type: 'PublicNoticeRecorded',
          schemaVersion: 1,
          data: {
            proceedingId: KIT_CONCLUSION_ID,
            party: 'core',
            municipalityCode: KIT_CORE.code,
            noticeNumber: '青森市告示第600号',
            publishedOn: '2019-12-25',
          },
        },
        { type: 'ProceedingCompleted', schemaVersion: 1, data: { proceedingId: KIT_CONCLUSION_ID } },
      ]);
  });

  it('does not complete the proceeding while a notice or the notification is missing', () => {
    spec
      .given(historyOf([kit.notice('core')], concluded()))
      .when(kit.notify())
      .thenEvents((events) => expect(events.map((e) => e.type)).toEqual(['GovernorNotificationRecorded']));
  });

  it('evolve: the state after a completed conclusion', () => {
    const state = stateOf(completed());
    expect(state.status).toBe('concluded');
    expect(state.nextRevision).toBe(10);
    expect(state.versions).toHaveLength(1);
    expect(state.versions[0]).toMatchObject({ number: 1, effectiveOn: '2019-12-25', revision: 5 });
    expect(state.proceedings[0]).toMatchObject({ status: 'concluded', completed: true });
  });
});

describe('rule: who may record (ActorNotPermitted, ClerkMayRecordOnlyOwnMunicipality)', () => {
  const everyCommand = (): [string, AgreementCommand, AgreementEvent[]][] => [
    ['OpenAgreement', kit.open(), []],
    ['ReviseDraft', kit.revise(), opened()],
    ['RecordCouncilResolution', kit.resolve('core'), opened()],
    ['ConcludeProceeding', kit.conclude(), approvedByBoth()],
    ['RecordPublicNotice', kit.notice('core'), concluded()],
    ['RecordGovernorNotification', kit.notify(), concluded()],
    ['ProposeAmendment', kit.amend(sampleOperations()), completed()],
    ['ProposeAbolition', kit.abolish(), completed()],
    ['WithdrawProceeding', kit.withdraw(), opened()],
    ['RecordCorrection', kit.correct(6, { field: 'noticeNumber', value: '青森市告示第601号' }), completed()],
  ];

  it.each(everyCommand())('a reader may not issue %s', (_name, command, given) => {
    spec
      .given(given)
      .when({ ...command, actor: kitActors.reader })
      .thenThrows('ActorNotPermitted', 'forbidden');
  });

  it.each(everyCommand())('secretariat and admin may issue %s', (_name, command, given) => {
    spec
      .given(given)
      .when({ ...command, actor: kitActors.secretariat })
      .thenEvents((e) => expect(e.length).toBeGreaterThan(0));
    spec
      .given(given)
      .when({ ...command, actor: kitActors.admin })
      .thenEvents((e) => expect(e.length).toBeGreaterThan(0));
  });

  it.each(
    everyCommand().filter(
      ([name]) =>
        ![
          'RecordCouncilResolution',
          'RecordPublicNotice',
          'RecordGovernorNotification',
          'RecordCorrection',
        ].includes(name),
    ),
  )('a clerk may not issue %s', (_name, command, given) => {
    spec
      .given(given)
      .when({ ...command, actor: kitActors.coreClerk })
      .thenThrows('ActorNotPermitted', 'forbidden');
  });

  it('a clerk records its own council resolution, not the other party’s', () => {
    spec
      .given(opened())
      .when(kit.resolve('partner', 'approved', { actor: kitActors.partnerClerk }))
      .thenEvents((e) => expect(e).toHaveLength(1));
    spec
      .given(opened())
      .when(kit.resolve('core', 'approved', { actor: kitActors.coreClerk }))
      .thenEvents((e) => expect(e).toHaveLength(1));
    spec
      .given(opened())
      .when(kit.resolve('core', 'approved', { actor: kitActors.partnerClerk }))
      .thenThrows('ClerkMayRecordOnlyOwnMunicipality', 'forbidden');
    spec
      .given(opened())
      .when(kit.resolve('partner', 'approved', { actor: kitActors.otherClerk }))
      .thenThrows('ClerkMayRecordOnlyOwnMunicipality', 'forbidden');
  });

  it('an unknown role records nothing', () => {
    const stranger = { id: 'x', role: 'system' } as unknown as typeof kitActors.admin;
    spec
      .given(opened())
      .when(kit.resolve('core', 'approved', { actor: stranger }))
      .thenThrows('ActorNotPermitted', 'forbidden');
  });

  it('a clerk with no municipality code records nothing', () => {
    spec
      .given(opened())
      .when(kit.resolve('partner', 'approved', { actor: { id: 'c', role: 'clerk' } }))
      .thenThrows('ClerkMayRecordOnlyOwnMunicipality');
  });

  it('a clerk records its own notice, not the other party’s', () => {
    spec
      .given(concluded())
      .when(kit.notice('partner', { actor: kitActors.partnerClerk }))
      .thenEvents((e) => expect(e).toHaveLength(1));
    spec
      .given(concluded())
      .when(kit.notice('core', { actor: kitActors.partnerClerk }))
      .thenThrows('ClerkMayRecordOnlyOwnMunicipality', 'forbidden');
  });
});

describe('rule: input values (InvalidMunicipalityCode, PartnerSameAsCoreCity, InvalidDate, RequiredValueMissing, InvalidValue, InvalidDocument)', () => {
  it('municipality codes are checked with the check digit', () => {
    spec
      .given([])
      .when(kit.open({ partner: { code: '023018', name: '平内町' } }))
      .thenThrows('InvalidMunicipalityCode', 'invalid');
    spec
      .given([])
      .when(kit.open({ coreCity: { code: '022013', name: '青森市' } }))
      .thenThrows('InvalidMunicipalityCode');
    spec
      .given([])
      .when(kit.open({ partner: { code: '23019', name: '平内町' } }))
      .thenThrows('InvalidMunicipalityCode');
    spec
      .given([])
      .when(kit.open({ partner: { code: '023035', name: '今別町' } }))
      .thenEvents((e) => expect(e).toHaveLength(3));
  });

  it('the partner must differ from the core city', () => {
    spec
      .given([])
      .when(kit.open({ partner: KIT_CORE }))
      .thenThrows('PartnerSameAsCoreCity', 'invalid');
  });

  it('dates must be real YYYY-MM-DD calendar dates', () => {
    spec
      .given([])
      .when(kit.open({ draftedOn: '2019-02-30' }))
      .thenThrows('InvalidDate', 'invalid');
    spec
      .given(opened())
      .when(kit.resolve('core', 'approved', { resolvedOn: '2019/12/18' }))
      .thenThrows('InvalidDate');
    spec
      .given(approvedByBoth())
      .when(kit.conclude({ effectiveOn: '2019-13-01' }))
      .thenThrows('InvalidDate');
    spec
      .given(concluded())
      .when(kit.notice('core', { publishedOn: '' }))
      .thenThrows('InvalidDate');
    spec
      .given(concluded())
      .when(kit.notify({ notifiedOn: '2019-12-32' }))
      .thenThrows('InvalidDate');
  });

  it('required texts may not be blank', () => {
    spec
      .given(concluded())
      .when(kit.notice('core', { noticeNumber: '  ' }))
      .thenThrows('RequiredValueMissing', 'invalid');
    spec
      .given(opened())
      .when(kit.withdraw({ reason: '' }))
      .thenThrows('RequiredValueMissing');
    spec
      .given(completed())
      .when(kit.abolish({ reason: ' ' }))
      .thenThrows('RequiredValueMissing');
    spec
      .given(approvedByBoth())
      .when(
        kit.conclude({
          signatories: {
            core: { title: '青森市長', name: '' },
            partner: { title: '平内町長', name: '平内 花子' },
          },
        }),
      )
      .thenThrows('RequiredValueMissing');
    spec
      .given([])
      .when(kit.open({ agreementId: '' }))
      .thenThrows('RequiredValueMissing');
    spec
      .given(opened())
      .when(kit.resolve('core', 'approved', { resolutionNumber: '' }))
      .thenThrows('RequiredValueMissing');
  });

  it('both signatories need a title and a name', () => {
    spec
      .given(approvedByBoth())
      .when(
        kit.conclude({
          signatories: {
            core: { title: '青森市長', name: '青森 太郎' },
            partner: { title: ' ', name: '平内 花子' },
          },
        }),
      )
      .thenThrows('RequiredValueMissing');
  });

  it('closed sets are checked', () => {
    const badParty = { ...kit.resolve('core'), party: 'both' } as unknown as AgreementCommand;
    spec.given(opened()).when(badParty).thenThrows('InvalidValue', 'invalid');
    const badDecision = { ...kit.resolve('core'), decision: 'maybe' } as unknown as AgreementCommand;
    spec.given(opened()).when(badDecision).thenThrows('InvalidValue');
    const badNoticeParty = { ...kit.notice('core'), party: 'neither' } as unknown as AgreementCommand;
    spec.given(concluded()).when(badNoticeParty).thenThrows('InvalidValue');
    const badAddressee = { ...kit.notify(), addressee: { kind: 'mayor' } } as unknown as AgreementCommand;
    spec.given(concluded()).when(badAddressee).thenThrows('InvalidValue');
  });

  it('the drafted document must be a valid agreement text', () => {
    spec
      .given([])
      .when(kit.open({ document: buildSampleDocument({ title: '' }) }))
      .thenThrows('InvalidDocument', 'invalid');
    spec
      .given([])
      .when(kit.open({ document: buildSampleDocument({ articles: [] }) }))
      .thenThrows('InvalidDocument');
    const measures = buildSampleDocument().measures;
    const duplicate = buildSampleDocument({
      measures: [...measures, ...measures.slice(0, 1).map((m) => ({ ...m, name: '重複' }))],
    });
    spec
      .given([])
      .when(kit.open({ document: duplicate }))
      .thenThrows('InvalidDocument');
    spec
      .given(opened())
      .when(kit.revise({ draft: { kind: 'conclusion', document: buildSampleDocument({ title: ' ' }) } }))
      .thenThrows('InvalidDocument');
  });
});

describe('rule: existence (AgreementNotFound, AgreementAlreadyExists, ProceedingNotFound, ProceedingAlreadyExists)', () => {
  it.each([
    kit.revise(),
    kit.resolve('core'),
    kit.conclude(),
    kit.notice('core'),
    kit.notify(),
    kit.amend(sampleOperations()),
    kit.abolish(),
    kit.withdraw(),
    kit.correct(0, { field: 'noticeNumber', value: 'x' }),
  ])('$type on an empty stream → AgreementNotFound', (command) => {
    spec.given([]).when(command).thenThrows('AgreementNotFound', 'not-found');
  });

  it('an agreement is opened once', () => {
    spec.given(opened()).when(kit.open()).thenThrows('AgreementAlreadyExists', 'conflict');
  });

  it('an unknown proceeding is not found', () => {
    spec
      .given(opened())
      .when(kit.resolve('core', 'approved', { proceedingId: 'nope' }))
      .thenThrows('ProceedingNotFound', 'not-found');
    spec
      .given(approvedByBoth())
      .when(kit.conclude({ proceedingId: 'nope' }))
      .thenThrows('ProceedingNotFound');
    spec
      .given(concluded())
      .when(kit.notice('core', { proceedingId: 'nope' }))
      .thenThrows('ProceedingNotFound');
    spec
      .given(concluded())
      .when(kit.notify({ proceedingId: 'nope' }))
      .thenThrows('ProceedingNotFound');
    spec
      .given(opened())
      .when(kit.withdraw({ proceedingId: 'nope' }))
      .thenThrows('ProceedingNotFound');
    spec
      .given(opened())
      .when(kit.revise({ proceedingId: 'nope' }))
      .thenThrows('ProceedingNotFound');
  });

  it('a proceeding id is used once per agreement', () => {
    spec
      .given(completed())
      .when(kit.amend(sampleOperations(), { proceedingId: KIT_CONCLUSION_ID }))
      .thenThrows('ProceedingAlreadyExists', 'conflict');
    spec
      .given(completed())
      .when(kit.amend(sampleOperations(), { proceedingId: 'p-new' }))
      .thenEvents((e) => expect(e.map((x) => x.type)).toEqual(['ProceedingOpened', 'DraftRecorded']));
  });
});

describe('rule: drafts (DraftKindMismatch, AmendmentWithoutOperations, AmendmentDoesNotApply)', () => {
  it('re-drafts while negotiating, numbering drafts', () => {
    const command = kit.revise();
    spec
      .given(opened())
      .when(command)
      .then([
        {
          type: 'DraftRecorded',
          schemaVersion: 1,
          data: {
            proceedingId: KIT_CONCLUSION_ID,
            draftNumber: 2,
            draftedOn: '2019-12-01',
            draft: command.draft,
          },
        },
      ]);
  });

  it('a re-draft must be of the proceeding’s kind', () => {
    const error = spec
      .given(opened())
      .when(kit.revise({ draft: { kind: 'abolition', reason: 'x' } }))
      .thenThrows('DraftKindMismatch', 'invalid');
    // Each kind by its name; the value to send follows it, as the field's name does.
    expect(error.message).toContain(
      '締結の案（draft.kind: conclusion）でなければなりませんが、廃止の案（abolition）',
    );
    spec
      .given(amendmentPending())
      .when(
        kit.revise({
          proceedingId: 'p-amendment-1',
          draftedOn: '2021-02-01',
          draft: { kind: 'amendment', operations: sampleOperations('別名') },
        }),
      )
      .thenEvents((e) => expect(e[0]?.data).toMatchObject({ draftNumber: 2 }));
  });

  it('an amendment needs operations', () => {
    spec.given(completed()).when(kit.amend([])).thenThrows('AmendmentWithoutOperations', 'invalid');
    spec
      .given(amendmentPending())
      .when(
        kit.revise({
          proceedingId: 'p-amendment-1',
          draftedOn: '2021-02-01',
          draft: { kind: 'amendment', operations: [] },
        }),
      )
      .thenThrows('AmendmentWithoutOperations');
  });

  it('amendment operations must apply to the latest version', () => {
    const bad = [{ op: 'reviseMeasure' as const, id: 'm99', changes: { name: 'x' } }];
    const error = spec.given(completed()).when(kit.amend(bad)).thenThrows('AmendmentDoesNotApply', 'invalid');
    expect(error.details).toMatchObject({ operationIndex: 0, versionNumber: 1 });
    spec
      .given(amendmentPending())
      .when(
        kit.revise({
          proceedingId: 'p-amendment-1',
          draftedOn: '2021-02-01',
          draft: { kind: 'amendment', operations: bad },
        }),
      )
      .thenThrows('AmendmentDoesNotApply');
  });

  it('after an amendment, the next one is validated against the amended text', () => {
    // v2 removed nothing but renamed m01; an operation on a measure only v2 has applies after it.
    const addM04 = [
      {
        op: 'addMeasure' as const,
        measure: {
          id: 'm04',
          category: 'economic-growth' as const,
          name: '観光',
          content: '観光の取組',
          roles: { core: '中心', partner: '連携' },
        },
      },
    ];
    const v2 = historyOf(
      [
        kit.amend(addM04),
        ...completeProceeding('p-amendment-1', {
          resolvedOn: '2021-03-10',
          concludedOn: '2021-03-25',
          effectiveOn: '2021-04-01',
        }),
      ],
      completed(),
    );
    const reviseM04 = [
      { op: 'reviseMeasure' as const, id: 'm04', changes: { name: '戦略的な観光施策の展開' } },
    ];
    spec
      .given(completed())
      .when(kit.amend(reviseM04, { proceedingId: 'p-2', draftedOn: '2022-01-01' }))
      .thenThrows('AmendmentDoesNotApply');
    spec
      .given(v2)
      .when(kit.amend(reviseM04, { proceedingId: 'p-2', draftedOn: '2022-01-01' }))
      .thenEvents((e) => expect(e).toHaveLength(2));
  });
});

describe('rule: amendment and abolition need a concluded, unabolished agreement (AgreementNotConcluded, AgreementAbolished)', () => {
  it('no amendment or abolition while the agreement is being negotiated', () => {
    spec
      .given(approvedByBoth())
      .when(kit.amend(sampleOperations()))
      .thenThrows('AgreementNotConcluded', 'conflict');
    spec.given(opened()).when(kit.abolish()).thenThrows('AgreementNotConcluded');
  });

  it('no amendment of an agreement withdrawn before conclusion', () => {
    const withdrawn = historyOf([kit.withdraw()], opened());
    expect(stateOf(withdrawn).status).toBe('withdrawn');
    spec.given(withdrawn).when(kit.amend(sampleOperations())).thenThrows('AgreementNotConcluded');
  });

  it('amendment is allowed once concluded — even before notices are recorded', () => {
    spec
      .given(concluded())
      .when(kit.amend(sampleOperations()))
      .thenEvents((e) => expect(e).toHaveLength(2));
  });

  it('no amendment or second abolition of an abolished agreement', () => {
    const abolished = abolitionConcluded();
    expect(stateOf(abolished).status).toBe('abolished');
    spec
      .given(abolished)
      .when(kit.amend(sampleOperations(), { draftedOn: '2024-05-01' }))
      .thenThrows('AgreementAbolished', 'conflict');
    spec
      .given(abolished)
      .when(kit.abolish({ proceedingId: 'p-abolition-2', draftedOn: '2024-05-01' }))
      .thenThrows('AgreementAbolished');
  });

  it('the abolition’s notices may still be recorded after the abolition is concluded', () => {
    const abolishedNoNotices = historyOf(
      [
        kit.abolish(),
        kit.resolve('core', 'approved', { proceedingId: 'p-abolition', resolvedOn: '2024-03-15' }),
        kit.resolve('partner', 'approved', { proceedingId: 'p-abolition', resolvedOn: '2024-03-15' }),
        kit.conclude({ proceedingId: 'p-abolition', concludedOn: '2024-03-22', effectiveOn: '2024-04-01' }),
      ],
      completed(),
    );
    spec
      .given(abolishedNoNotices)
      .when(kit.notice('core', { proceedingId: 'p-abolition', publishedOn: '2024-03-25' }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });
});

describe('rule: one pending proceeding at a time (AnotherProceedingPending)', () => {
  it('no second amendment while one is pending', () => {
    spec
      .given(amendmentPending())
      .when(kit.amend(sampleOperations(), { proceedingId: 'p-2' }))
      .thenThrows('AnotherProceedingPending', 'conflict');
  });

  it('no abolition while an amendment is pending, and no amendment while an abolition is pending', () => {
    spec.given(amendmentPending()).when(kit.abolish()).thenThrows('AnotherProceedingPending');
    const abolitionPending = historyOf([kit.abolish()], completed());
    spec
      .given(abolitionPending)
      .when(kit.amend(sampleOperations(), { draftedOn: '2024-02-01' }))
      .thenThrows('AnotherProceedingPending');
  });

  it('a new amendment may start once the pending one is concluded or withdrawn', () => {
    spec
      .given(amendmentConcluded())
      .when(kit.amend(sampleOperations('再改正'), { proceedingId: 'p-2', draftedOn: '2021-05-01' }))
      .thenEvents((e) => expect(e).toHaveLength(2));
    const withdrawn = historyOf(
      [kit.withdraw({ proceedingId: 'p-amendment-1', withdrawnOn: '2021-02-01' })],
      amendmentPending(),
    );
    expect(stateOf(withdrawn).status).toBe('concluded');
    spec
      .given(withdrawn)
      .when(kit.amend(sampleOperations(), { proceedingId: 'p-2', draftedOn: '2021-02-01' }))
      .thenEvents((e) => expect(e).toHaveLength(2));
  });
});

describe('rule: steps of a concluded or withdrawn proceeding (ProceedingAlreadyConcluded, ProceedingWithdrawn)', () => {
  it('nothing before conclusion can be done again after it', () => {
    spec
      .given(concluded())
      .when(kit.resolve('core', 'approved', { resolvedOn: '2019-12-26' }))
      .thenThrows('ProceedingAlreadyConcluded', 'conflict');
    spec.given(concluded()).when(kit.conclude()).thenThrows('ProceedingAlreadyConcluded');
    spec
      .given(concluded())
      .when(kit.revise({ draftedOn: '2019-12-26' }))
      .thenThrows('ProceedingAlreadyConcluded');
    spec
      .given(concluded())
      .when(kit.withdraw({ withdrawnOn: '2019-12-26' }))
      .thenThrows('ProceedingAlreadyConcluded');
  });

  it('a withdrawn proceeding takes no more steps', () => {
    const withdrawn = historyOf([kit.withdraw()], opened());
    spec
      .given(withdrawn)
      .when(kit.resolve('core', 'approved', { resolvedOn: '2019-12-21' }))
      .thenThrows('ProceedingWithdrawn', 'conflict');
    spec.given(withdrawn).when(kit.conclude()).thenThrows('ProceedingWithdrawn');
    spec.given(withdrawn).when(kit.notice('core')).thenThrows('ProceedingWithdrawn');
    spec.given(withdrawn).when(kit.notify()).thenThrows('ProceedingWithdrawn');
    spec
      .given(withdrawn)
      .when(kit.withdraw({ withdrawnOn: '2019-12-21' }))
      .thenThrows('ProceedingWithdrawn');
  });

  it('withdraws a pending proceeding with its reason', () => {
    spec
      .given(opened())
      .when(kit.withdraw())
      .then([
        {
          type: 'ProceedingWithdrawn',
          schemaVersion: 1,
          data: { proceedingId: KIT_CONCLUSION_ID, withdrawnOn: '2019-12-20', reason: '協議を打ち切るため' },
        },
      ]);
  });
});

describe('rule: council resolutions (CouncilAlreadyApproved, CouncilRejectionBlocksConclusion, ConclusionRequiresBothCouncilApprovals)', () => {
  it('a council approves a draft once', () => {
    const approved = historyOf([kit.resolve('core')], opened());
    spec
      .given(approved)
      .when(kit.resolve('core', 'approved', { resolvedOn: '2019-12-19' }))
      .thenThrows('CouncilAlreadyApproved', 'conflict');
    // The refusal says how to put a mistake right in words an officer knows, not a command name.
    const refusal = spec
      .given(approved)
      .when(kit.resolve('core', 'approved', { resolvedOn: '2019-12-19' }))
      .thenThrows('CouncilAlreadyApproved');
    expect(refusal.message).toContain('誤記訂正');
    expect(refusal.message).not.toContain('RecordCorrection');
    spec
      .given(approved)
      .when(kit.resolve('core', 'rejected', { resolvedOn: '2019-12-19' }))
      .thenThrows('CouncilAlreadyApproved');
    // The other council is unaffected.
    spec
      .given(approved)
      .when(kit.resolve('partner'))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });

  it('after a re-draft, the council resolves again', () => {
    const approvedThenRedrafted = historyOf(
      [kit.resolve('core', 'approved', { resolvedOn: '2019-11-28' }), kit.revise()],
      opened(),
    );
    spec
      .given(approvedThenRedrafted)
      .when(kit.resolve('core'))
      .thenEvents((e) => expect(e[0]?.data).toMatchObject({ draftNumber: 2 }));
  });

  it('no conclusion without both approvals', () => {
    spec
      .given(opened())
      .when(kit.conclude())
      .thenThrows('ConclusionRequiresBothCouncilApprovals', 'conflict');
    const onlyCore = historyOf([kit.resolve('core')], opened());
    const e1 = spec.given(onlyCore).when(kit.conclude()).thenThrows('ConclusionRequiresBothCouncilApprovals');
    expect(e1.details).toEqual({ missing: 'partner' });
    const onlyPartner = historyOf([kit.resolve('partner')], opened());
    const e2 = spec
      .given(onlyPartner)
      .when(kit.conclude())
      .thenThrows('ConclusionRequiresBothCouncilApprovals');
    expect(e2.details).toEqual({ missing: 'core' });
    spec
      .given(approvedByBoth())
      .when(kit.conclude())
      .thenEvents((e) => expect(e).toHaveLength(1));
  });

  it('approvals of a superseded draft do not count', () => {
    const approvedThenRedrafted = historyOf(
      [
        kit.resolve('core', 'approved', { resolvedOn: '2019-11-28' }),
        kit.resolve('partner', 'approved', { resolvedOn: '2019-11-28' }),
        kit.revise(),
      ],
      opened(),
    );
    const error = spec
      .given(approvedThenRedrafted)
      .when(kit.conclude())
      .thenThrows('ConclusionRequiresBothCouncilApprovals');
    expect(error.message).toContain('第1案');
    spec
      .given(historyOf([kit.resolve('core'), kit.resolve('partner')], approvedThenRedrafted))
      .when(kit.conclude())
      .thenEvents((e) =>
        expect(e[0]?.data).toMatchObject({
          versionNumber: 1,
          document: { title: '連携中枢都市圏の形成に係る連携協約（修正）' },
        }),
      );
  });

  it('a rejection blocks conclusion until that council approves a resubmission', () => {
    const rejected = historyOf([kit.resolve('core'), kit.resolve('partner', 'rejected')], opened());
    spec.given(rejected).when(kit.conclude()).thenThrows('CouncilRejectionBlocksConclusion', 'conflict');
    const reapproved = historyOf(
      [kit.resolve('partner', 'approved', { resolvedOn: '2019-12-20' })],
      rejected,
    );
    spec
      .given(reapproved)
      .when(kit.conclude())
      .thenEvents((e) => expect(e.map((x) => x.type)).toEqual(['ProceedingConcluded']));
  });

  it('a rejected council may reject again before approving', () => {
    const rejected = historyOf([kit.resolve('partner', 'rejected')], opened());
    spec
      .given(rejected)
      .when(kit.resolve('partner', 'rejected', { resolvedOn: '2019-12-14' }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });
});

describe('rule: a step is not dated before the step it follows (StepDateBeforePreviousStep)', () => {
  it('resolution ≥ its draft (same day allowed)', () => {
    spec
      .given(opened())
      .when(kit.resolve('core', 'approved', { resolvedOn: '2019-11-21' }))
      .thenThrows('StepDateBeforePreviousStep', 'invalid');
    spec
      .given(opened())
      .when(kit.resolve('core', 'approved', { resolvedOn: '2019-11-22' }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });

  it('resolution ≥ the same council’s previous resolution', () => {
    const rejected = historyOf([kit.resolve('partner', 'rejected', { resolvedOn: '2019-12-13' })], opened());
    spec
      .given(rejected)
      .when(kit.resolve('partner', 'approved', { resolvedOn: '2019-12-12' }))
      .thenThrows('StepDateBeforePreviousStep');
    spec
      .given(rejected)
      .when(kit.resolve('partner', 'approved', { resolvedOn: '2019-12-13' }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });

  it('conclusion ≥ both approvals', () => {
    spec
      .given(approvedByBoth())
      .when(kit.conclude({ concludedOn: '2019-12-17', effectiveOn: '2019-12-17' }))
      .thenThrows('StepDateBeforePreviousStep');
    spec
      .given(approvedByBoth())
      .when(kit.conclude({ concludedOn: '2019-12-18', effectiveOn: '2019-12-18' }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });

  it('notice and notification ≥ conclusion', () => {
    spec
      .given(concluded())
      .when(kit.notice('partner', { publishedOn: '2019-12-24' }))
      .thenThrows('StepDateBeforePreviousStep');
    spec
      .given(concluded())
      .when(kit.notify({ notifiedOn: '2019-12-24' }))
      .thenThrows('StepDateBeforePreviousStep');
    spec
      .given(concluded())
      .when(kit.notify({ notifiedOn: '2019-12-25' }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });

  it('re-draft ≥ the previous draft and resolutions', () => {
    spec
      .given(opened())
      .when(kit.revise({ draftedOn: '2019-11-21' }))
      .thenThrows('StepDateBeforePreviousStep');
    const resolved = historyOf([kit.resolve('partner', 'rejected', { resolvedOn: '2019-12-05' })], opened());
    spec
      .given(resolved)
      .when(kit.revise({ draftedOn: '2019-12-04' }))
      .thenThrows('StepDateBeforePreviousStep');
    spec
      .given(resolved)
      .when(kit.revise({ draftedOn: '2019-12-05' }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });

  it('withdrawal ≥ the last draft or resolution', () => {
    const resolved = historyOf([kit.resolve('partner', 'rejected', { resolvedOn: '2019-12-05' })], opened());
    spec
      .given(resolved)
      .when(kit.withdraw({ withdrawnOn: '2019-12-04' }))
      .thenThrows('StepDateBeforePreviousStep');
    spec
      .given(resolved)
      .when(kit.withdraw({ withdrawnOn: '2019-12-05' }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });

  it('an amendment or abolition is drafted on or after the latest conclusion', () => {
    spec
      .given(completed())
      .when(kit.amend(sampleOperations(), { draftedOn: '2019-12-24' }))
      .thenThrows('StepDateBeforePreviousStep');
    spec
      .given(completed())
      .when(kit.abolish({ draftedOn: '2019-12-24' }))
      .thenThrows('StepDateBeforePreviousStep');
    spec
      .given(completed())
      .when(kit.amend(sampleOperations(), { draftedOn: '2019-12-25' }))
      .thenEvents((e) => expect(e).toHaveLength(2));
    spec
      .given(amendmentConcluded())
      .when(kit.abolish({ draftedOn: '2021-03-24' }))
      .thenThrows('StepDateBeforePreviousStep');
  });
});

describe('rule: 施行日 before conclusion only when retroactive with a reason', () => {
  it('RetroactiveEffectRequiresReason without the flag or with a blank reason', () => {
    spec
      .given(approvedByBoth())
      .when(kit.conclude({ effectiveOn: '2019-12-01' }))
      .thenThrows('RetroactiveEffectRequiresReason', 'invalid');
    spec
      .given(approvedByBoth())
      .when(kit.conclude({ effectiveOn: '2019-12-01', retroactive: { reason: ' ' } }))
      .thenThrows('RetroactiveEffectRequiresReason');
  });

  it('records a retroactive conclusion with its reason', () => {
    spec
      .given(approvedByBoth())
      .when(
        kit.conclude({
          effectiveOn: '2019-12-01',
          retroactive: { reason: '年度途中からの事業に合わせるため' },
        }),
      )
      .thenEvents((events) =>
        expect(events[0]?.data).toMatchObject({
          effectiveOn: '2019-12-01',
          retroactive: { reason: '年度途中からの事業に合わせるため' },
        }),
      );
  });

  it('RetroactiveFlagWithoutEarlierEffectiveDate when the 施行日 is not earlier', () => {
    spec
      .given(approvedByBoth())
      .when(kit.conclude({ effectiveOn: '2019-12-25', retroactive: { reason: '理由' } }))
      .thenThrows('RetroactiveFlagWithoutEarlierEffectiveDate', 'invalid');
  });
});

describe('rule: notices (NoticeRequiresConclusion, DuplicatePublicNotice)', () => {
  it('no notice before conclusion', () => {
    spec.given(approvedByBoth()).when(kit.notice('core')).thenThrows('NoticeRequiresConclusion', 'conflict');
  });

  it('one notice per party', () => {
    const noticed = historyOf([kit.notice('core')], concluded());
    spec
      .given(noticed)
      .when(kit.notice('core', { noticeNumber: '青森市告示第999号' }))
      .thenThrows('DuplicatePublicNotice', 'conflict');
    spec
      .given(noticed)
      .when(kit.notice('partner'))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });
});

describe('amendment and abolition proceedings', () => {
  it('an amendment’s conclusion carries the previous version with its operations applied', () => {
    const ops = sampleOperations();
    const given = historyOf(
      [
        kit.resolve('core', 'approved', { proceedingId: 'p-amendment-1', resolvedOn: '2021-03-10' }),
        kit.resolve('partner', 'approved', { proceedingId: 'p-amendment-1', resolvedOn: '2021-03-10' }),
      ],
      amendmentPending(),
    );
    spec
      .given(given)
      .when(
        kit.conclude({ proceedingId: 'p-amendment-1', concludedOn: '2021-03-25', effectiveOn: '2021-04-01' }),
      )
      .then([
        {
          type: 'ProceedingConcluded',
          schemaVersion: 1,
          data: {
            proceedingId: 'p-amendment-1',
            concludedOn: '2021-03-25',
            effectiveOn: '2021-04-01',
            signatories: {
              core: { title: '青森市長', name: '青森 太郎' },
              partner: { title: '平内町長', name: '平内 花子' },
            },
            kind: 'amendment',
            versionNumber: 2,
            document: applyAmendment(buildSampleDocument(), ops),
          },
        },
      ]);
    const state = stateOf(amendmentConcluded());
    expect(state.versions.map((v) => v.number)).toEqual([1, 2]);
    expect(state.versions[1]?.operations).toEqual(ops);
  });

  it('an abolition concludes with its 施行日 and no text; the agreement is then abolished', () => {
    const state = stateOf(abolitionConcluded());
    expect(state.status).toBe('abolished');
    expect(state.abolition).toMatchObject({
      proceedingId: 'p-abolition',
      effectiveOn: '2024-04-01',
      reason: '圏域の再編のため',
    });
    expect(state.versions).toHaveLength(1);
    const concludedEvent = abolitionConcluded().find(
      (e) => e.type === 'ProceedingConcluded' && e.data.kind === 'abolition',
    );
    expect(concludedEvent?.data).not.toHaveProperty('document');
  });

  it('withdrawing the conclusion proceeding withdraws the agreement; withdrawing an amendment does not', () => {
    expect(stateOf(historyOf([kit.withdraw()], opened())).status).toBe('withdrawn');
    expect(
      stateOf(
        historyOf(
          [kit.withdraw({ proceedingId: 'p-amendment-1', withdrawnOn: '2021-02-01' })],
          amendmentPending(),
        ),
      ).status,
    ).toBe('concluded');
  });
});

describe('rule: amendments take effect in 施行日 order (AmendmentDoesNotApply at conclusion, AmendmentEffectiveBeforeAgreement, PendingAmendmentWouldNotApply)', () => {
  /** 第5条 gets a 第2項 (version 2, concluded 2026-10-01, 施行日 2027-04-01: 未施行 until then). */
  const ADD_PARAGRAPH: AmendmentOperation[] = [
    {
      op: 'insertParagraph',
      article: '5',
      after: 1,
      text: '前項の協議は、毎年度一回以上行うものとする。',
      items: [],
    },
  ];
  const DELETE_ARTICLE_5: AmendmentOperation[] = [
    { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: true },
  ];
  const CHANGE_ARTICLE_2: AmendmentOperation[] = [
    {
      op: 'replaceWords',
      target: { kind: 'provision', path: { article: '2' } },
      from: '相互に役割を分担し',
      to: '対等な立場で相互に役割を分担し',
    },
  ];
  /** Words only version 2's 第5条第2項 has. */
  const CHANGE_PARAGRAPH_2: AmendmentOperation[] = [
    {
      op: 'replaceWords',
      target: { kind: 'provision', path: { article: '5', paragraph: 2 } },
      from: '毎年度一回以上',
      to: '毎年度二回以上',
    },
  ];

  /** Version 2 concluded and 未施行; then a proposal approved by both councils, ready to conclude. */
  const pendingThenApproved = (operations: AmendmentOperation[], v2 = ADD_PARAGRAPH) =>
    historyOf(
      [
        kit.amend(v2, { proceedingId: 'p-2026', draftedOn: '2026-06-01' }),
        ...completeProceeding('p-2026', {
          resolvedOn: '2026-09-18',
          concludedOn: '2026-10-01',
          effectiveOn: '2027-04-01',
        }),
        kit.amend(operations, { proceedingId: 'p-new', draftedOn: '2026-11-30' }),
        kit.resolve('core', 'approved', { proceedingId: 'p-new', resolvedOn: '2026-12-04' }),
        kit.resolve('partner', 'approved', { proceedingId: 'p-new', resolvedOn: '2026-12-04' }),
      ],
      completed(),
    );
  const concludeNew = (effectiveOn: string, retroactive?: { reason: string }) =>
    kit.conclude({
      proceedingId: 'p-new',
      concludedOn: '2026-12-07',
      effectiveOn,
      ...(retroactive === undefined ? {} : { retroactive }),
    });
  const withParagraph = () => applyAmendment(buildSampleDocument(), ADD_PARAGRAPH);
  const concludedDocument = (events: AgreementEvent[]) => {
    const event = events[0];
    if (event?.type !== 'ProceedingConcluded' || event.data.kind === 'abolition')
      throw new Error('not a text');
    return event.data.document;
  };

  it('a draft is checked against the end of the timeline, 未施行 versions included', () => {
    // Changing 第5条第2項 needs version 2 (未施行), so it fits the end of the timeline only.
    const v2Pending = historyOf(
      [
        kit.amend(ADD_PARAGRAPH, { proceedingId: 'p-2026', draftedOn: '2026-06-01' }),
        ...completeProceeding('p-2026', {
          resolvedOn: '2026-09-18',
          concludedOn: '2026-10-01',
          effectiveOn: '2027-04-01',
        }),
      ],
      completed(),
    );
    spec
      .given(v2Pending)
      .when(kit.amend(CHANGE_PARAGRAPH_2, { proceedingId: 'p-new', draftedOn: '2026-11-30' }))
      .thenEvents((e) => expect(e.map((x) => x.type)).toEqual(['ProceedingOpened', 'DraftRecorded']));
    spec
      .given(completed())
      .when(kit.amend(CHANGE_PARAGRAPH_2, { proceedingId: 'p-new', draftedOn: '2026-11-30' }))
      .thenThrows('AmendmentDoesNotApply');
  });

  it('refuses a conclusion that would leave a 未施行 amendment inapplicable, naming it (PendingAmendmentWouldNotApply)', () => {
    const error = spec
      .given(pendingThenApproved(DELETE_ARTICLE_5))
      .when(concludeNew('2027-01-06'))
      .thenThrows('PendingAmendmentWouldNotApply', 'invalid');
    expect(error.field).toBe('effectiveOn');
    expect(error.details).toEqual({
      pendingProceedingId: 'p-2026',
      pendingVersionNumber: 2,
      pendingEffectiveOn: '2027-04-01',
      operationIndex: 0,
      provision: '第5条',
    });
    expect(error.message).toContain('未施行の第2版（施行日 2027-04-01）の第1操作（第5条）');
    expect(error.message).toContain('修正案を作成し');
    expect(error.message).toContain('この手続を取り下げてください');
    // Named by its version, never by its id or a command name.
    expect(error.message).not.toContain('p-2026');
    expect(error.message).not.toMatch(/ReviseDraft|WithdrawProceeding/);
  });

  it('accepts the same amendment taking effect on or after the 未施行 one: it is then drafted on top of it', () => {
    for (const effectiveOn of ['2027-04-01', '2027-05-01']) {
      spec
        .given(pendingThenApproved(DELETE_ARTICLE_5))
        .when(concludeNew(effectiveOn))
        .thenEvents((events) =>
          expect(concludedDocument(events)).toEqual(applyAmendment(withParagraph(), DELETE_ARTICLE_5)),
        );
    }
  });

  it('accepts an amendment taking effect first that leaves the 未施行 one applicable; its text omits that one', () => {
    spec
      .given(pendingThenApproved(CHANGE_ARTICLE_2))
      .when(concludeNew('2027-01-06'))
      .thenEvents((events) => {
        expect(events[0]?.data).toMatchObject({
          kind: 'amendment',
          versionNumber: 3,
          effectiveOn: '2027-01-06',
        });
        expect(concludedDocument(events)).toEqual(applyAmendment(buildSampleDocument(), CHANGE_ARTICLE_2));
      });
  });

  it('at conclusion the operations are checked against the text in force the day before the 施行日 (AmendmentDoesNotApply)', () => {
    const error = spec
      .given(pendingThenApproved(CHANGE_PARAGRAPH_2))
      .when(concludeNew('2027-01-06'))
      .thenThrows('AmendmentDoesNotApply', 'invalid');
    expect(error.message).toContain('施行日の前日（2027-01-05）に施行されている本文（第1版）');
    expect(error.details).toMatchObject({ operationIndex: 0, versionNumber: 1 });
    spec
      .given(pendingThenApproved(CHANGE_PARAGRAPH_2))
      .when(concludeNew('2027-04-01'))
      .thenEvents((events) =>
        expect(concludedDocument(events)).toEqual(applyAmendment(withParagraph(), CHANGE_PARAGRAPH_2)),
      );
  });

  it('a retroactive amendment may not break a version already in force after its 施行日 either', () => {
    // Version 2 took effect 2021-04-01; a retroactive amendment to 2021-01-01 deleting 第5条 would
    // leave version 2 nothing to add its 第2項 to.
    const v2InForce = historyOf(
      [
        kit.amend(ADD_PARAGRAPH, { proceedingId: 'p-2021', draftedOn: '2021-01-15' }),
        ...completeProceeding('p-2021', {
          resolvedOn: '2021-03-10',
          concludedOn: '2021-03-25',
          effectiveOn: '2021-04-01',
        }),
      ],
      completed(),
    );
    const approved = (operations: AmendmentOperation[]) =>
      historyOf(
        [
          kit.amend(operations, { proceedingId: 'p-new', draftedOn: '2021-05-01' }),
          kit.resolve('core', 'approved', { proceedingId: 'p-new', resolvedOn: '2021-05-20' }),
          kit.resolve('partner', 'approved', { proceedingId: 'p-new', resolvedOn: '2021-05-20' }),
        ],
        v2InForce,
      );
    const retroactive = kit.conclude({
      proceedingId: 'p-new',
      concludedOn: '2021-06-01',
      effectiveOn: '2021-01-01',
      retroactive: { reason: '年度当初の事業に合わせるため' },
    });
    const error = spec
      .given(approved(DELETE_ARTICLE_5))
      .when(retroactive)
      .thenThrows('PendingAmendmentWouldNotApply');
    expect(error.message).toContain('施行済み');
    spec
      .given(approved(CHANGE_ARTICLE_2))
      .when(retroactive)
      .thenEvents((events) =>
        expect(concludedDocument(events)).toEqual(applyAmendment(buildSampleDocument(), CHANGE_ARTICLE_2)),
      );
  });

  it('an amendment may not take effect before the agreement itself (AmendmentEffectiveBeforeAgreement)', () => {
    const agreementFrom2020 = historyOf([
      kit.open(),
      kit.resolve('partner'),
      kit.resolve('core'),
      kit.conclude({ effectiveOn: '2020-04-01' }),
      kit.amend(CHANGE_ARTICLE_2, { proceedingId: 'p-new', draftedOn: '2020-01-10' }),
      kit.resolve('core', 'approved', { proceedingId: 'p-new', resolvedOn: '2020-01-20' }),
      kit.resolve('partner', 'approved', { proceedingId: 'p-new', resolvedOn: '2020-01-20' }),
    ]);
    const conclude = (effectiveOn: string) =>
      kit.conclude({ proceedingId: 'p-new', concludedOn: '2020-02-01', effectiveOn });
    const error = spec
      .given(agreementFrom2020)
      .when(conclude('2020-03-01'))
      .thenThrows('AmendmentEffectiveBeforeAgreement', 'invalid');
    expect(error.field).toBe('effectiveOn');
    expect(error.message).toContain('2020-04-01');
    // The same day as the agreement: after it, in conclusion order.
    spec
      .given(agreementFrom2020)
      .when(conclude('2020-04-01'))
      .thenEvents((events) =>
        expect(concludedDocument(events)).toEqual(applyAmendment(buildSampleDocument(), CHANGE_ARTICLE_2)),
      );
  });
});

describe('evolve', () => {
  it('is total: events that do not fit the state only advance the revision', () => {
    const stray = historyOf(concludedAgreementCommands()).slice(1);
    const state = stray.reduce(agreementDecider.evolve, agreementDecider.initialState());
    expect(state).toEqual({ status: 'initial', nextRevision: stray.length });
  });

  it('does not mutate the state it is given', () => {
    const events = completed();
    const before = stateOf(events.slice(0, 5));
    const snapshot = JSON.stringify(before);
    for (const event of events.slice(5, 6)) agreementDecider.evolve(before, event);
    expect(JSON.stringify(before)).toBe(snapshot);
  });

  it('every error code has a kind', () => {
    for (const kind of Object.values(AGREEMENT_ERROR_KINDS)) {
      expect(['conflict', 'invalid', 'forbidden', 'not-found']).toContain(kind);
    }
  });
});

describe('the 廃止協約: an abolition is drafted, voted on and concluded as a text (第252条の2第4項)', () => {
  const HEADING = '青森市と平内町との連携中枢都市圏の形成に係る連携協約';
  const abolitionDraftOf = (events: readonly AgreementEvent[], draftNumber = 1) => {
    const recorded = events.find(
      (e) =>
        e.type === 'DraftRecorded' &&
        e.data.proceedingId === 'p-abolition' &&
        e.data.draftNumber === draftNumber,
    );
    if (recorded?.type !== 'DraftRecorded' || recorded.data.draft.kind !== 'abolition') {
      throw new Error(`no abolition draft ${draftNumber}`);
    }
    return recorded.data.draft;
  };

  it('ProposeAbolition records draft 1 carrying the text: title, 前文, 「…は、廃止する。」, 附則 with the 施行日', () => {
    spec
      .given(completed())
      .when(kit.abolish())
      .then([
        {
          type: 'ProceedingOpened',
          schemaVersion: 1,
          data: { proceedingId: 'p-abolition', kind: 'abolition', openedOn: '2024-01-10' },
        },
        {
          type: 'DraftRecorded',
          schemaVersion: 1,
          data: {
            proceedingId: 'p-abolition',
            draftNumber: 1,
            draftedOn: '2024-01-10',
            draft: {
              kind: 'abolition',
              reason: '圏域の再編のため',
              text: {
                title: `${HEADING}を廃止する協約`,
                preamble:
                  '青森市（以下「甲」という。）と平内町（以下「乙」という。）とは、地方自治法（昭和22年法律第67号）第252条の2第4項の規定により、令和元年12月25日に締結した連携中枢都市圏の形成に係る連携協約を廃止する協約を次のとおり締結する。',
                provision: `${HEADING}（令和元年12月25日締結）は、廃止する。`,
                supplementaryProvision: 'この協約は、令和6年4月1日から施行する。',
                closing:
                  'この協約の締結を証するため、本書2通を作成し、甲乙記名押印の上、各自その1通を保有する。',
                signatories: { core: '青森市長', partner: '平内町長' },
                effect: { kind: 'on-date', effectiveOn: '2024-04-01' },
              },
            },
          },
        },
      ]);
  });

  it('drafts 「締結の日から施行する。」 without a date, and 「締結の日から施行し、…から適用する。」 for a 遡及', () => {
    const onConclusion = abolitionDraftOf(historyOf([kit.abolish({ effectiveOn: undefined })], completed()));
    expect(onConclusion.text?.supplementaryProvision).toBe('この協約は、締結の日から施行する。');
    expect(onConclusion.text?.effect).toEqual({ kind: 'on-conclusion' });
    const retroactive = abolitionDraftOf(
      historyOf([kit.abolish({ effectiveOn: undefined, appliesFrom: '2024-01-01' })], completed()),
    );
    expect(retroactive.text?.supplementaryProvision).toBe(
      'この協約は、締結の日から施行し、令和6年1月1日から適用する。',
    );
  });

  it('cites the title of the latest version, and the original conclusion date', () => {
    const retitled = historyOf(
      [
        kit.amend([{ op: 'replaceWords', target: { kind: 'title' }, from: '連携協約', to: '連携協約書' }]),
        ...completeProceeding('p-amendment-1', {
          resolvedOn: '2021-03-10',
          concludedOn: '2021-03-25',
          effectiveOn: '2021-04-01',
        }),
      ],
      completed(),
    );
    const draft = abolitionDraftOf(historyOf([kit.abolish()], retitled));
    expect(draft.text?.title).toBe(`${HEADING}書を廃止する協約`);
    expect(draft.text?.provision).toBe(`${HEADING}書（令和元年12月25日締結）は、廃止する。`);
  });

  it('names a prefecture’s head 知事', () => {
    const withPrefecture = historyOf([
      kit.open({ partner: KIT_PREFECTURE }),
      kit.resolve('partner'),
      kit.resolve('core'),
      kit.conclude({
        signatories: { core: { title: '青森市長', name: 'A' }, partner: { title: '青森県知事', name: 'B' } },
      }),
    ]);
    const draft = abolitionDraftOf(historyOf([kit.abolish()], withPrefecture));
    expect(draft.text?.signatories).toEqual({ core: '青森市長', partner: '青森県知事' });
    expect(draft.text?.title).toBe('青森市と青森県との連携中枢都市圏の形成に係る連携協約を廃止する協約');
  });

  it('a revised abolition draft is drafted again from its new terms', () => {
    const revised = historyOf(
      [
        kit.abolish(),
        kit.revise({
          proceedingId: 'p-abolition',
          draftedOn: '2024-02-01',
          draft: { kind: 'abolition', reason: '圏域の再編のため（修正）', effectiveOn: '2024-07-01' },
        }),
      ],
      completed(),
    );
    const second = abolitionDraftOf(revised, 2);
    expect(second.reason).toBe('圏域の再編のため（修正）');
    expect(second.text?.supplementaryProvision).toBe('この協約は、令和6年7月1日から施行する。');
    expect(abolitionDraftOf(revised, 1).text?.supplementaryProvision).toBe(
      'この協約は、令和6年4月1日から施行する。',
    );
  });

  it('goes through the same steps: both councils on the text, 締結, 告示 and 届出 complete it', () => {
    const events = abolitionConcluded();
    const state = stateOf(events);
    const proceeding = state.proceedings.find((p) => p.proceedingId === 'p-abolition');
    expect(proceeding?.resolutions.map((r) => [r.party, r.decision, r.draftNumber])).toEqual([
      ['core', 'approved', 1],
      ['partner', 'approved', 1],
    ]);
    expect(proceeding?.completed).toBe(true);
    expect(proceeding?.drafts[0]?.draft).toMatchObject({
      kind: 'abolition',
      text: { title: `${HEADING}を廃止する協約` },
    });
    expect(events.at(-1)?.type).toBe('ProceedingCompleted');
  });

  it('a council’s approval of the first text does not carry over to a revised one', () => {
    spec
      .given(
        historyOf(
          [
            kit.abolish(),
            kit.resolve('core', 'approved', { proceedingId: 'p-abolition', resolvedOn: '2024-02-01' }),
            kit.resolve('partner', 'approved', { proceedingId: 'p-abolition', resolvedOn: '2024-02-01' }),
            kit.revise({
              proceedingId: 'p-abolition',
              draftedOn: '2024-02-10',
              draft: { kind: 'abolition', reason: '圏域の再編のため', effectiveOn: '2024-04-01' },
            }),
          ],
          completed(),
        ),
      )
      .when(
        kit.conclude({ proceedingId: 'p-abolition', concludedOn: '2024-03-22', effectiveOn: '2024-04-01' }),
      )
      .thenThrows('ConclusionRequiresBothCouncilApprovals');
  });
});

describe('rule: an abolition’s 附則 states one 施行日 (AbolitionEffectAmbiguous)', () => {
  it('refuses both a 施行日 and a 遡及 適用日', () => {
    spec
      .given(completed())
      .when(kit.abolish({ effectiveOn: '2024-04-01', appliesFrom: '2024-01-01' }))
      .thenThrows('AbolitionEffectAmbiguous');
    spec
      .given(historyOf([kit.abolish()], completed()))
      .when(
        kit.revise({
          proceedingId: 'p-abolition',
          draftedOn: '2024-02-01',
          draft: { kind: 'abolition', reason: 'x', effectiveOn: '2024-04-01', appliesFrom: '2024-01-01' },
        }),
      )
      .thenThrows('AbolitionEffectAmbiguous');
  });

  it('accepts either one alone', () => {
    spec
      .given(completed())
      .when(kit.abolish({ effectiveOn: undefined, appliesFrom: '2024-01-01' }))
      .thenEvents((e) => expect(e.map((x) => x.type)).toEqual(['ProceedingOpened', 'DraftRecorded']));
  });

  it('a planned 施行日 is not before the draft (StepDateBeforePreviousStep); the same day is fine', () => {
    spec
      .given(completed())
      .when(kit.abolish({ effectiveOn: '2024-01-09' }))
      .thenThrows('StepDateBeforePreviousStep');
    spec
      .given(completed())
      .when(kit.abolish({ effectiveOn: '2024-01-10' }))
      .thenEvents((e) => expect(e).toHaveLength(2));
  });
});

describe('rule: an amendment draft may state its 施行日, and is concluded on it (AmendmentEffectiveDateMismatch, AmendmentEffectFormMismatch, AmendmentEffectAmbiguous)', () => {
  const drafted = (effect: EffectiveDateClause) =>
    historyOf(
      [
        kit.amend(sampleOperations(), { effect }),
        kit.resolve('core', 'approved', { proceedingId: 'p-amendment-1', resolvedOn: '2021-03-10' }),
        kit.resolve('partner', 'approved', { proceedingId: 'p-amendment-1', resolvedOn: '2021-03-10' }),
      ],
      completed(),
    );
  const conclude = (effectiveOn: string, o: { retroactive?: { reason: string } } = {}) =>
    kit.conclude({ proceedingId: 'p-amendment-1', concludedOn: '2021-03-25', effectiveOn, ...o });
  const concludedAmendment = (events: AgreementEvent[]) =>
    expect(events[0]).toMatchObject({ type: 'ProceedingConcluded', data: { kind: 'amendment' } });

  it('records the stated clause with the draft', () => {
    spec
      .given(completed())
      .when(kit.amend(sampleOperations(), { effect: { kind: 'on-date', effectiveOn: '2021-04-01' } }))
      .thenEvents((e) =>
        expect(e[1]).toMatchObject({
          type: 'DraftRecorded',
          data: { draft: { kind: 'amendment', effect: { kind: 'on-date', effectiveOn: '2021-04-01' } } },
        }),
      );
  });

  it('a planned 施行日 is a real date not before the draft', () => {
    spec
      .given(completed())
      .when(kit.amend(sampleOperations(), { effect: { kind: 'on-date', effectiveOn: '2021-02-30' } }))
      .thenThrows('InvalidDate');
    spec
      .given(completed())
      .when(kit.amend(sampleOperations(), { effect: { kind: 'on-date', effectiveOn: '2021-01-14' } }))
      .thenThrows('StepDateBeforePreviousStep');
  });

  it('a dated 附則: refused with another 施行日, accepted with its own', () => {
    spec
      .given(drafted({ kind: 'on-date', effectiveOn: '2021-04-01' }))
      .when(conclude('2021-05-01'))
      .thenThrows('AmendmentEffectiveDateMismatch');
    spec
      .given(drafted({ kind: 'on-date', effectiveOn: '2021-04-01' }))
      .when(conclude('2021-04-01'))
      .thenEvents(concludedAmendment);
  });

  it('「締結の日から施行する。」 stated: the 施行日 is the conclusion date', () => {
    spec
      .given(drafted({ kind: 'on-conclusion' }))
      .when(conclude('2021-04-01'))
      .thenThrows('AmendmentEffectiveDateMismatch');
    spec
      .given(drafted({ kind: 'on-conclusion' }))
      .when(conclude('2021-03-25'))
      .thenEvents(concludedAmendment);
  });

  it('a retroactive 附則 must still be retroactive on the conclusion date', () => {
    spec
      .given(drafted({ kind: 'retroactive', appliesFrom: '2021-04-01' }))
      .when(conclude('2021-04-01'))
      .thenThrows('AmendmentEffectFormMismatch');
  });

  it('a revised draft (第2案) may change the clause; a draft that states none is concluded on any 施行日 as before', () => {
    spec
      .given(drafted({ kind: 'on-date', effectiveOn: '2021-04-01' }))
      .when(
        kit.revise({
          proceedingId: 'p-amendment-1',
          draftedOn: '2021-03-11',
          draft: {
            kind: 'amendment',
            operations: sampleOperations(),
            effect: { kind: 'on-date', effectiveOn: '2021-02-01' },
          },
        }),
      )
      .thenThrows('StepDateBeforePreviousStep');
    // amendmentConcluded: drafted without a clause, concluded 2021-03-25 with 施行日 2021-04-01.
    expect(
      amendmentConcluded().find((e) => e.type === 'ProceedingConcluded' && e.data.kind === 'amendment'),
    ).toMatchObject({
      type: 'ProceedingConcluded',
      data: { effectiveOn: '2021-04-01' },
    });
  });
});

describe('rule: the abolition is concluded with the 施行日 its text states (AbolitionEffectiveDateMismatch, AbolitionEffectFormMismatch)', () => {
  const approved = (terms: { effectiveOn?: string; appliesFrom?: string }) =>
    historyOf(
      [
        kit.abolish({ effectiveOn: undefined, ...terms }),
        kit.resolve('core', 'approved', { proceedingId: 'p-abolition', resolvedOn: '2024-03-15' }),
        kit.resolve('partner', 'approved', { proceedingId: 'p-abolition', resolvedOn: '2024-03-15' }),
      ],
      completed(),
    );
  const conclude = (effectiveOn: string, o: { retroactive?: { reason: string } } = {}) =>
    kit.conclude({ proceedingId: 'p-abolition', concludedOn: '2024-03-22', effectiveOn, ...o });
  const concludedOn = (events: AgreementEvent[]) =>
    expect(events[0]).toMatchObject({ type: 'ProceedingConcluded', data: { kind: 'abolition' } });

  it('a dated 附則: refused with another 施行日, accepted with its own', () => {
    spec
      .given(approved({ effectiveOn: '2024-04-01' }))
      .when(conclude('2024-05-01'))
      .thenThrows('AbolitionEffectiveDateMismatch');
    spec
      .given(approved({ effectiveOn: '2024-04-01' }))
      .when(conclude('2024-04-01'))
      .thenEvents(concludedOn);
  });

  it('「締結の日から施行する。」: refused unless the 施行日 is the conclusion date', () => {
    spec.given(approved({})).when(conclude('2024-04-01')).thenThrows('AbolitionEffectiveDateMismatch');
    spec.given(approved({})).when(conclude('2024-03-22')).thenEvents(concludedOn);
  });

  it('a retroactive 附則: the 施行日 is the day it applies from', () => {
    const reason = { retroactive: { reason: '年度当初に遡って廃止するため' } };
    spec
      .given(approved({ appliesFrom: '2024-01-01' }))
      .when(conclude('2024-03-22'))
      .thenThrows('AbolitionEffectiveDateMismatch');
    spec
      .given(approved({ appliesFrom: '2024-01-01' }))
      .when(conclude('2024-01-01', reason))
      .thenEvents(concludedOn);
  });

  it('the form must fit the conclusion date: no dated 施行日 before it, no 遡及 that is not one', () => {
    // Drafted 2024-01-10 for 2024-03-01, but concluded only on 2024-03-22.
    spec
      .given(approved({ effectiveOn: '2024-03-01' }))
      .when(conclude('2024-03-01', { retroactive: { reason: '遅れたため' } }))
      .thenThrows('AbolitionEffectFormMismatch');
    // Drafted to apply from 2024-04-01, concluded before that day.
    spec
      .given(approved({ appliesFrom: '2024-04-01' }))
      .when(conclude('2024-04-01'))
      .thenThrows('AbolitionEffectFormMismatch');
  });

  it('an abolition draft recorded without a text (an earlier release) concludes as before', () => {
    const legacy = historyOf([kit.abolish()], completed()).map((e): AgreementEvent =>
      e.type === 'DraftRecorded' && e.data.draft.kind === 'abolition'
        ? { ...e, data: { ...e.data, draft: { kind: 'abolition', reason: e.data.draft.reason } } }
        : e,
    );
    spec
      .given(
        historyOf(
          [
            kit.resolve('core', 'approved', { proceedingId: 'p-abolition', resolvedOn: '2024-03-15' }),
            kit.resolve('partner', 'approved', { proceedingId: 'p-abolition', resolvedOn: '2024-03-15' }),
          ],
          legacy,
        ),
      )
      .when(conclude('2024-05-01'))
      .thenEvents(concludedOn);
  });
});
