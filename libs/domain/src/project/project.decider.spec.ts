import type { ConsultationRecordFacts } from '../consultation/consultation.decider';
import type { CostShareBasis } from '../cost-share/cost-share.types';
import { kitActors, DeciderSpecification, KIT_TODAY } from '@kyoyaku/domain/testing';
import type { MeasureEligibility } from './measure-eligibility';
import type { DecideCostShare, RegisterProject, ReviseCostShare, SettleCostShare } from './project.commands';
import { decisionInForce, projectDecider } from './project.decider';
import type { ProjectEvent } from './project.events';

const spec = DeciderSpecification.for(projectDecider);
const AOMORI = { code: '022012', name: '青森市' };
const HIRANAI = { code: '023019', name: '平内町' };
const IMABETSU = { code: '023035', name: '今別町' };
const PID = 'tourism-route';
const MEASURE = { measureId: 'm04', name: '戦略的な観光施策の展開', category: 'economic-growth' as const };
const REGION = { regionId: 'aomori', name: '青森圏域', coreCity: AOMORI };

const agreementOf = (code: string) =>
  code === HIRANAI.code
    ? [{ agreementId: 'aomori-hiranai', versionNumber: 1 }]
    : code === IMABETSU.code
      ? [{ agreementId: 'aomori-imabetsu', versionNumber: 1 }]
      : [
          { agreementId: 'aomori-hiranai', versionNumber: 1 },
          { agreementId: 'aomori-imabetsu', versionNumber: 1 },
        ];

const eligibility = (on: string, parties = [AOMORI, HIRANAI, IMABETSU]): MeasureEligibility => ({
  regionId: 'aomori',
  measureId: 'm04',
  on,
  coreCity: AOMORI,
  ...(parties.length === 0 ? {} : { measure: MEASURE }),
  eligible: parties.map((p) => ({ ...p, agreements: agreementOf(p.code) })),
});

const heldConsultation = (o: Partial<ConsultationRecordFacts> = {}): ConsultationRecordFacts => ({
  consultationId: 'c-2020',
  kind: 'periodic',
  scheduledOn: '2020-05-20',
  regionId: 'aomori',
  regionName: '青森圏域',
  status: 'held',
  heldOn: '2020-05-20',
  attendingMunicipalities: ['022012', '023019', '023035'],
  ...o,
});

const register = (o: Partial<RegisterProject> = {}): RegisterProject => ({
  type: 'RegisterProject',
  actor: kitActors.secretariat,
  projectId: PID,
  regionId: 'aomori',
  name: '広域観光周遊ルート形成事業',
  measureId: 'm04',
  participants: ['023035', '022012', '023019'],
  description: '圏域の観光資源を結ぶ周遊ルートを形成する。',
  registeredOn: '2020-01-20',
  facts: { region: REGION, eligibility: eligibility('2020-01-20'), today: '2026-11-27' },
  ...o,
});

const equalRatio: CostShareBasis = {
  kind: 'ratio',
  weights: [
    { municipalityCode: '022012', value: '2' },
    { municipalityCode: '023019', value: '1' },
    { municipalityCode: '023035', value: '1' },
  ],
};

const decide = (o: Partial<DecideCostShare> = {}): DecideCostShare => ({
  type: 'DecideCostShare',
  actor: kitActors.secretariat,
  projectId: PID,
  decisionId: 'fy2020',
  fiscalYear: 2020,
  decidedOn: '2020-05-20',
  total: '1000001',
  basis: equalRatio,
  consultationId: 'c-2020',
  facts: {
    eligibility: eligibility(o.decidedOn ?? '2020-05-20'),
    consultation: heldConsultation(),
    today: KIT_TODAY,
  },
  ...o,
});

const revise = (o: Partial<ReviseCostShare> = {}): ReviseCostShare => ({
  type: 'ReviseCostShare',
  actor: kitActors.secretariat,
  projectId: PID,
  supersedesDecisionId: 'fy2020',
  decisionId: 'fy2020-r1',
  reason: '運行経費の増加のため',
  decidedOn: '2020-11-10',
  total: '1200000',
  basis: equalRatio,
  reasonWithoutConsultation: '書面による持ち回り協議のため',
  facts: { eligibility: eligibility(o.decidedOn ?? '2020-11-10'), consultation: null, today: KIT_TODAY },
  ...o,
});

const settle = (o: Partial<SettleCostShare> = {}): SettleCostShare => ({
  type: 'SettleCostShare',
  actor: kitActors.secretariat,
  projectId: PID,
  fiscalYear: 2020,
  settledOn: '2021-05-31',
  total: '950000',
  facts: { today: KIT_TODAY },
  ...o,
});

const registered: ProjectEvent = {
  type: 'ProjectRegistered',
  schemaVersion: 1,
  data: {
    projectId: PID,
    regionId: 'aomori',
    coreCity: AOMORI,
    name: '広域観光周遊ルート形成事業',
    measure: MEASURE,
    participants: [
      { ...AOMORI, agreements: agreementOf(AOMORI.code) },
      { ...HIRANAI, agreements: agreementOf(HIRANAI.code) },
      { ...IMABETSU, agreements: agreementOf(IMABETSU.code) },
    ],
    description: '圏域の観光資源を結ぶ周遊ルートを形成する。',
    registeredOn: '2020-01-20',
  },
};

const decided: ProjectEvent = {
  type: 'CostShareDecided',
  schemaVersion: 1,
  data: {
    projectId: PID,
    decisionId: 'fy2020',
    fiscalYear: 2020,
    decidedOn: '2020-05-20',
    total: '1000001',
    basis: equalRatio,
    allocations: [
      {
        municipalityCode: '022012',
        name: '青森市',
        amount: '500001',
        share: { numerator: '1', denominator: '2' },
        roundedUp: true,
        agreements: agreementOf(AOMORI.code),
      },
      {
        municipalityCode: '023019',
        name: '平内町',
        amount: '250000',
        share: { numerator: '1', denominator: '4' },
        roundedUp: false,
        agreements: agreementOf(HIRANAI.code),
      },
      {
        municipalityCode: '023035',
        name: '今別町',
        amount: '250000',
        share: { numerator: '1', denominator: '4' },
        roundedUp: false,
        agreements: agreementOf(IMABETSU.code),
      },
    ],
    consultationId: 'c-2020',
  },
};

const revisedEvents = (): ProjectEvent[] =>
  spec
    .given([registered, decided])
    .when(revise())
    .thenEvents(() => undefined);
const settledEvents = (given: ProjectEvent[]): ProjectEvent[] =>
  spec
    .given(given)
    .when(settle())
    .thenEvents(() => undefined);

describe('project decider — registration', () => {
  it('registers a project under a measure with participants in force, core city first', () => {
    spec.given([]).when(register()).then([registered]);
  });

  it('ActorNotPermitted for clerks and readers', () => {
    spec
      .given([])
      .when(register({ actor: kitActors.coreClerk }))
      .thenThrows('ActorNotPermitted', 'forbidden');
    spec
      .given([registered])
      .when(decide({ actor: kitActors.reader }))
      .thenThrows('ActorNotPermitted');
  });

  it('ProjectAlreadyRegistered / RegionNotFound / ProjectNotFound', () => {
    spec.given([registered]).when(register()).thenThrows('ProjectAlreadyRegistered', 'conflict');
    spec
      .given([])
      .when(
        register({ facts: { region: null, eligibility: eligibility('2020-01-20'), today: '2026-11-27' } }),
      )
      .thenThrows('RegionNotFound', 'not-found');
    spec.given([]).when(decide()).thenThrows('ProjectNotFound', 'not-found');
    spec.given([]).when(settle()).thenThrows('ProjectNotFound');
  });

  it('ProjectRegistrationDateInFuture: a project is registered once decided, on or before today in Japan', () => {
    const onToday = { region: REGION, eligibility: eligibility('2026-11-27'), today: '2026-11-27' };
    spec
      .given([])
      .when(register({ registeredOn: '2026-11-27', facts: onToday }))
      .thenEvents((events) => expect(events.map((e) => e.type)).toEqual(['ProjectRegistered']));
    const error = spec
      .given([])
      .when(
        register({
          registeredOn: '2026-11-28',
          facts: { region: REGION, eligibility: eligibility('2026-11-28'), today: '2026-11-27' },
        }),
      )
      .thenThrows('ProjectRegistrationDateInFuture', 'invalid');
    expect(error.field).toBe('registeredOn');
  });

  it('MeasureNotInForce: no agreement in force on the date has the measure', () => {
    const error = spec
      .given([])
      .when(
        register({
          facts: { region: REGION, eligibility: eligibility('2020-01-20', []), today: '2026-11-27' },
        }),
      )
      .thenThrows('MeasureNotInForce', 'invalid');
    expect(error.message).toContain('令和2年1月20日に青森圏域で施行されているどの連携協約にもありません');
  });

  it('MunicipalityNotInForceUnderMeasure: a participant without such an agreement on the date', () => {
    const error = spec
      .given([])
      .when(
        register({
          facts: {
            region: REGION,
            eligibility: eligibility('2020-01-20', [AOMORI, HIRANAI]),
            today: '2026-11-27',
          },
        }),
      )
      .thenThrows('MunicipalityNotInForceUnderMeasure', 'invalid');
    expect(error.field).toBe('participants[0]');
    expect(error.details).toMatchObject({ municipalityCode: '023035' });
  });

  it('participants: at least one, valid codes, each once', () => {
    spec
      .given([])
      .when(register({ participants: [] }))
      .thenThrows('ParticipantsRequired', 'invalid');
    spec
      .given([])
      .when(register({ participants: ['022012', '022012'] }))
      .thenThrows('DuplicateMunicipality');
    spec
      .given([])
      .when(register({ participants: ['022013'] }))
      .thenThrows('InvalidMunicipalityCode');
  });

  it('validates texts and dates', () => {
    spec
      .given([])
      .when(register({ name: ' ' }))
      .thenThrows('RequiredValueMissing');
    spec
      .given([])
      .when(register({ description: '' }))
      .thenThrows('RequiredValueMissing');
    spec
      .given([])
      .when(register({ registeredOn: '2020-13-01' }))
      .thenThrows('InvalidDate');
  });
});

describe('project decider — cost-share decisions', () => {
  it('decides with a held consultation: exact allocation, the agreements behind each share', () => {
    spec.given([registered]).when(decide()).then([decided]);
  });

  it('decides without a consultation when it says why', () => {
    spec
      .given([registered])
      .when(decide({ consultationId: undefined, reasonWithoutConsultation: '書面による持ち回り協議のため' }))
      .thenEvents((events) => {
        expect(events[0]?.data).toMatchObject({ reasonWithoutConsultation: '書面による持ち回り協議のため' });
        expect(events[0]?.data).not.toHaveProperty('consultationId');
      });
  });

  it('decides among a subset of the participants', () => {
    spec
      .given([registered])
      .when(
        decide({
          participants: ['023019', '022012'],
          basis: {
            kind: 'fixed',
            amounts: [
              { municipalityCode: '022012', amount: '700000' },
              { municipalityCode: '023019', amount: '300001' },
            ],
          },
        }),
      )
      .thenEvents((events) => {
        const data = events[0]?.data as { allocations: { municipalityCode: string; amount: string }[] };
        expect(data.allocations.map((a) => [a.municipalityCode, a.amount])).toEqual([
          ['022012', '700000'],
          ['023019', '300001'],
        ]);
      });
  });

  it('DecisionAlreadyExists / CostShareAlreadyDecided (revise instead)', () => {
    spec
      .given([registered, decided])
      .when(decide({ fiscalYear: 2021 }))
      .thenThrows('DecisionAlreadyExists', 'conflict');
    const error = spec
      .given([registered, decided])
      .when(decide({ decisionId: 'again' }))
      .thenThrows('CostShareAlreadyDecided', 'conflict');
    expect(error.details).toMatchObject({ decisionId: 'fy2020' });
  });

  it('FiscalYearOutOfRange: not an integer, before 2014 or the project, too far ahead', () => {
    for (const fiscalYear of [2020.5, 2013, 2018, 2026, Number.NaN]) {
      spec.given([registered]).when(decide({ fiscalYear })).thenThrows('FiscalYearOutOfRange', 'invalid');
    }
    spec
      .given([registered])
      .when(
        decide({
          fiscalYear: 2019,
          decidedOn: '2020-03-01',
          consultationId: undefined,
          reasonWithoutConsultation: 'r',
          facts: { eligibility: eligibility('2020-03-01'), consultation: null, today: KIT_TODAY },
        }),
      )
      .thenEvents((e) => expect(e).toHaveLength(1));
    spec
      .given([registered])
      .when(decide({ fiscalYear: 2025 }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });

  it('InvalidYenAmount: a negative or fractional total', () => {
    for (const total of ['-1', '1.5', '1,000', '', '0x10']) {
      spec.given([registered]).when(decide({ total })).thenThrows('InvalidYenAmount', 'invalid');
    }
  });

  it('UnknownCostShareBasis / AllocationsDoNotSumToTotal / BasisDoesNotMatchParticipants', () => {
    spec
      .given([registered])
      .when(decide({ basis: { kind: 'area' } as unknown as CostShareBasis }))
      .thenThrows('UnknownCostShareBasis', 'invalid');
    spec
      .given([registered])
      .when(
        decide({
          basis: {
            kind: 'fixed',
            amounts: [
              { municipalityCode: '022012', amount: '500000' },
              { municipalityCode: '023019', amount: '250000' },
              { municipalityCode: '023035', amount: '250000' },
            ],
          },
        }),
      )
      .thenThrows('AllocationsDoNotSumToTotal', 'invalid');
    spec
      .given([registered])
      .when(decide({ participants: ['022012', '023019'] }))
      .thenThrows('BasisDoesNotMatchParticipants', 'invalid');
  });

  it('ParticipantNotInProject / MunicipalityNotInForceUnderMeasure on the decision date', () => {
    spec
      .given([registered])
      .when(decide({ participants: ['022012', '023043'] }))
      .thenThrows('ParticipantNotInProject', 'invalid');
    const error = spec
      .given([registered])
      .when(
        decide({
          facts: {
            eligibility: eligibility('2020-05-20', [AOMORI, HIRANAI]),
            consultation: heldConsultation(),
            today: KIT_TODAY,
          },
        }),
      )
      .thenThrows('MunicipalityNotInForceUnderMeasure', 'invalid');
    expect(error.details).toMatchObject({ municipalityCode: '023035', on: '2020-05-20' });
  });

  it('StepDateBeforePreviousStep: before the registration or the consultation', () => {
    spec
      .given([registered])
      .when(
        decide({
          decidedOn: '2020-01-19',
          consultationId: undefined,
          reasonWithoutConsultation: 'r',
          facts: { eligibility: eligibility('2020-01-19'), consultation: null, today: KIT_TODAY },
        }),
      )
      .thenThrows('StepDateBeforePreviousStep');
    spec
      .given([registered])
      .when(decide({ decidedOn: '2020-05-19' }))
      .thenThrows('StepDateBeforePreviousStep', 'invalid');
  });

  it('a decision names its consultation or says why it has none', () => {
    spec
      .given([registered])
      .when(decide({ consultationId: undefined }))
      .thenThrows('ConsultationOrReasonRequired', 'invalid');
    spec
      .given([registered])
      .when(decide({ consultationId: undefined, reasonWithoutConsultation: '  ' }))
      .thenThrows('ConsultationOrReasonRequired');
    spec
      .given([registered])
      .when(decide({ reasonWithoutConsultation: '念のため' }))
      .thenThrows('ConsultationAndReasonBothGiven', 'invalid');
  });

  it('the consultation exists, is of the region, is held and was attended by every municipality sharing the cost', () => {
    const facts = (consultation: ConsultationRecordFacts | null) => ({
      facts: { eligibility: eligibility('2020-05-20'), consultation, today: KIT_TODAY },
    });
    spec
      .given([registered])
      .when(decide(facts(null)))
      .thenThrows('ConsultationNotFound', 'not-found');
    const otherRegion = spec
      .given([registered])
      .when(decide(facts(heldConsultation({ regionId: 'hachinohe', regionName: '八戸圏域' }))))
      .thenThrows('ConsultationInOtherRegion', 'invalid');
    // Both regions by name (the consultation's from its facts, the project's by the project), no ids.
    expect(otherRegion.message).toBe(
      '定期的な協議（令和2年5月20日）は八戸圏域の協議です。事業「広域観光周遊ルート形成事業」の圏域の協議を指定してください。',
    );
    for (const status of ['scheduled', 'postponed', 'cancelled'] as const) {
      spec
        .given([registered])
        .when(decide(facts(heldConsultation({ status, heldOn: null }))))
        .thenThrows('ConsultationNotHeld', 'conflict');
    }
    const error = spec
      .given([registered])
      .when(decide(facts(heldConsultation({ attendingMunicipalities: ['022012', '023019'] }))))
      .thenThrows('ConsultationDidNotIncludeParticipants', 'invalid');
    expect(error.details).toMatchObject({ absent: '023035' });
    // Attendance of those who share the cost is enough.
    spec
      .given([registered])
      .when(
        decide({
          participants: ['022012', '023019'],
          basis: {
            kind: 'ratio',
            weights: [
              { municipalityCode: '022012', value: '1' },
              { municipalityCode: '023019', value: '1' },
            ],
          },
          ...facts(heldConsultation({ attendingMunicipalities: ['022012', '023019'] })),
        }),
      )
      .thenEvents((e) => expect(e).toHaveLength(1));
  });
});

describe('project decider — revisions', () => {
  it('supersedes the decision in force; both stay, the new one is in force', () => {
    const events = revisedEvents();
    expect(events[0]).toMatchObject({
      type: 'CostShareRevised',
      data: {
        decisionId: 'fy2020-r1',
        supersedes: 'fy2020',
        fiscalYear: 2020,
        total: '1200000',
        reason: '運行経費の増加のため',
      },
    });
    const state = spec.given([registered, decided, ...events]).state();
    if (state.status !== 'registered') throw new Error('not registered');
    expect(state.decisions.map((d) => [d.decisionId, d.supersededBy])).toEqual([
      ['fy2020', 'fy2020-r1'],
      ['fy2020-r1', undefined],
    ]);
    expect(decisionInForce(state, 2020)?.decisionId).toBe('fy2020-r1');
  });

  it('DecisionNotFound / DecisionAlreadySuperseded', () => {
    spec
      .given([registered, decided])
      .when(revise({ supersedesDecisionId: 'nope' }))
      .thenThrows('DecisionNotFound', 'not-found');
    const given = [registered, decided, ...revisedEvents()];
    const error = spec
      .given(given)
      .when(revise({ decisionId: 'fy2020-r2' }))
      .thenThrows('DecisionAlreadySuperseded', 'conflict');
    expect(error.details).toMatchObject({ supersededBy: 'fy2020-r1' });
    spec
      .given(given)
      .when(revise({ decisionId: 'fy2020-r2', supersedesDecisionId: 'fy2020-r1' }))
      .thenEvents((e) => expect(e[0]?.data).toMatchObject({ supersedes: 'fy2020-r1' }));
  });

  it('FiscalYearAlreadySettled: a settled year is not revised', () => {
    const given = [registered, decided, ...settledEvents([registered, decided])];
    spec.given(given).when(revise()).thenThrows('FiscalYearAlreadySettled', 'conflict');
  });

  it('needs a reason and a date not before the superseded decision; the rules of a decision apply', () => {
    spec
      .given([registered, decided])
      .when(revise({ reason: '' }))
      .thenThrows('RequiredValueMissing');
    spec
      .given([registered, decided])
      .when(
        revise({
          decidedOn: '2020-05-19',
          facts: { eligibility: eligibility('2020-05-19'), consultation: null, today: KIT_TODAY },
        }),
      )
      .thenThrows('StepDateBeforePreviousStep');
    spec
      .given([registered, decided])
      .when(revise({ decisionId: 'fy2020' }))
      .thenThrows('DecisionAlreadyExists');
    spec
      .given([registered, decided])
      .when(revise({ total: '-5' }))
      .thenThrows('InvalidYenAmount');
    spec
      .given([registered, decided])
      .when(revise({ reasonWithoutConsultation: undefined }))
      .thenThrows('ConsultationOrReasonRequired');
  });
});

describe('project decider — settlements (決算)', () => {
  it('allocates the actual cost by the decision in force (fixed amounts as ratio weights)', () => {
    const [event] = settledEvents([registered, decided]);
    expect(event).toMatchObject({
      type: 'CostShareSettled',
      data: {
        fiscalYear: 2020,
        decisionId: 'fy2020',
        total: '950000',
        basisFromDecision: true,
        basis: equalRatio,
      },
    });
    const data = event?.data as { allocations: { amount: string }[] };
    expect(data.allocations.map((a) => a.amount)).toEqual(['475000', '237500', '237500']);

    const fixed: ProjectEvent = {
      ...decided,
      data: {
        ...(decided.data as object),
        basis: {
          kind: 'fixed',
          amounts: [
            { municipalityCode: '022012', amount: '500001' },
            { municipalityCode: '023019', amount: '250000' },
            { municipalityCode: '023035', amount: '250000' },
          ],
        },
      },
    } as ProjectEvent;
    spec
      .given([registered, fixed])
      .when(settle({ total: '1000001' }))
      .thenEvents((events) => {
        expect(events[0]?.data).toMatchObject({
          basis: { kind: 'ratio', weights: [{ value: '500001' }, { value: '250000' }, { value: '250000' }] },
        });
      });
  });

  it('takes its own basis when given (over the decision’s participants)', () => {
    spec
      .given([registered, decided])
      .when(
        settle({
          total: '900',
          basis: {
            kind: 'fixed',
            amounts: [
              { municipalityCode: '022012', amount: '300' },
              { municipalityCode: '023019', amount: '300' },
              { municipalityCode: '023035', amount: '300' },
            ],
          },
          note: '実績に応じて精算',
        }),
      )
      .thenEvents((events) =>
        expect(events[0]?.data).toMatchObject({ basisFromDecision: false, note: '実績に応じて精算' }),
      );
    spec
      .given([registered, decided])
      .when(settle({ basis: { kind: 'ratio', weights: [{ municipalityCode: '022012', value: '1' }] } }))
      .thenThrows('BasisDoesNotMatchParticipants');
  });

  it('SettlementRequiresDecision / SettlementAlreadyRecorded', () => {
    spec.given([registered]).when(settle()).thenThrows('SettlementRequiresDecision', 'conflict');
    const given = [registered, decided, ...settledEvents([registered, decided])];
    spec
      .given(given)
      .when(settle({ total: '1' }))
      .thenThrows('SettlementAlreadyRecorded', 'conflict');
  });

  it('is not dated before the decision; amounts and years are valid', () => {
    // A decision for 令和2年度 made after the year ended: the 決算 is not dated before it.
    const decidedLate = spec
      .given([registered])
      .when(
        decide({
          decidedOn: '2021-06-10',
          consultationId: undefined,
          reasonWithoutConsultation: '年度終了後の書面協議のため',
          facts: { eligibility: eligibility('2021-06-10'), consultation: null, today: KIT_TODAY },
        }),
      )
      .thenEvents(() => undefined);
    spec
      .given([registered, ...decidedLate])
      .when(settle({ settledOn: '2021-06-01' }))
      .thenThrows('StepDateBeforePreviousStep', 'invalid');
    spec
      .given([registered, decided])
      .when(settle({ total: '1.5' }))
      .thenThrows('InvalidYenAmount');
    spec
      .given([registered, decided])
      .when(settle({ fiscalYear: 20.2 }))
      .thenThrows('FiscalYearOutOfRange');
    spec
      .given([registered, decided])
      .when(settle({ note: ' ' }))
      .thenThrows('RequiredValueMissing');
  });

  it('SettlementBeforeFiscalYearEnd: 令和2年度 is settled from 2021-04-01, not on 2021-03-31', () => {
    const error = spec
      .given([registered, decided])
      .when(settle({ settledOn: '2021-03-31' }))
      .thenThrows('SettlementBeforeFiscalYearEnd', 'invalid');
    expect(error.field).toBe('settledOn');
    expect(error.details).toEqual({ fiscalYearEnd: '2021-03-31', earliest: '2021-04-01' });
    expect(error.message).toContain('令和2年度');
    expect(error.message).toContain('2021-03-31');
    expect(error.message).toContain('2021-04-01');
    spec
      .given([registered, decided])
      .when(settle({ settledOn: '2021-04-01' }))
      .thenEvents(([e]) => expect(e?.type === 'CostShareSettled' && e.data.settledOn).toBe('2021-04-01'));
  });

  it('a 決算 refused during the year leaves the decision open to revision (no FiscalYearAlreadySettled)', () => {
    spec
      .given([registered, decided])
      .when(settle({ settledOn: '2020-12-07' }))
      .thenThrows('SettlementBeforeFiscalYearEnd', 'invalid');
    spec
      .given([registered, decided])
      .when(revise())
      .thenEvents(([e]) => expect(e?.type).toBe('CostShareRevised'));
  });

  it('evolve ignores events that do not fit', () => {
    expect(projectDecider.evolve(projectDecider.initialState(), decided)).toEqual({ status: 'initial' });
    const state = projectDecider.evolve(projectDecider.initialState(), registered);
    expect(projectDecider.evolve(state, registered)).toBe(state);
  });
});

describe('project decider — decisions and 決算 are dated on or before today in Japan', () => {
  it('CostShareDecisionDateInFuture: a decision of today is recorded, one dated tomorrow is refused', () => {
    const withToday = (today: string) => ({
      facts: { eligibility: eligibility('2020-05-20'), consultation: heldConsultation(), today },
    });
    spec
      .given([registered])
      .when(decide(withToday('2020-05-20')))
      .thenEvents(([e]) => expect(e?.type).toBe('CostShareDecided'));
    const error = spec
      .given([registered])
      .when(decide(withToday('2020-05-19')))
      .thenThrows('CostShareDecisionDateInFuture', 'invalid');
    expect(error.field).toBe('decidedOn');
    expect(error.details).toEqual({ today: '2020-05-19' });
  });

  it('CostShareDecisionDateInFuture: so is a revision', () => {
    const withToday = (today: string) => ({
      facts: { eligibility: eligibility('2020-11-10'), consultation: null, today },
    });
    spec
      .given([registered, decided])
      .when(revise(withToday('2020-11-10')))
      .thenEvents(([e]) => expect(e?.type).toBe('CostShareRevised'));
    spec
      .given([registered, decided])
      .when(revise(withToday('2020-11-09')))
      .thenThrows('CostShareDecisionDateInFuture', 'invalid');
  });

  it('SettlementDateInFuture: a 決算 of today is recorded, one dated tomorrow is refused', () => {
    spec
      .given([registered, decided])
      .when(settle({ settledOn: '2021-05-31', facts: { today: '2021-05-31' } }))
      .thenEvents(([e]) => expect(e?.type).toBe('CostShareSettled'));
    const error = spec
      .given([registered, decided])
      .when(settle({ settledOn: '2021-05-31', facts: { today: '2021-05-30' } }))
      .thenThrows('SettlementDateInFuture', 'invalid');
    expect(error.field).toBe('settledOn');
    expect(error.message).toContain('2021-05-31');
    expect(error.message).toContain('2021-05-30');
  });
});
