import { buildSampleDocument } from '@kyoyaku/legal-text/testing';
import {
  KIT_CORE,
  KIT_PARTNER,
  KIT_PREFECTURE,
  kitActors,
  DeciderSpecification,
  KIT_CONSULTATION_ID,
  KIT_DOUBT_ID,
  doubtHistoryOf,
  doubtKit as k,
  kitAgreementFacts,
  kitConsultation,
  kitProceeding,
} from '@kyoyaku/domain/testing';
import type { DoubtCommand } from './doubt.commands';
import { doubtDecider } from './doubt.decider';
import { DOUBT_ERROR_CODES, DOUBT_ERROR_KINDS, type DoubtErrorCode } from './doubt.errors';
import { toDoubtEvent, type DoubtEvent } from './doubt.events';
import { isRaised, type DoubtState } from './doubt.state';

const spec = DeciderSpecification.for(doubtDecider);

const PROBLEM_MEMBERS = [
  'type',
  'title',
  'status',
  'detail',
  'code',
  'instance',
  'errors',
  'rule',
  'currentRevision',
];

/** Every rule code a test below has broken; the last test checks none is left untested. */
const broken = new Set<string>();
function breaks(given: readonly DoubtEvent[], command: DoubtCommand, code: DoubtErrorCode) {
  const error = spec.given(given).when(command).thenThrows(code, DOUBT_ERROR_KINDS[code]);
  // Details are spread into the problem document: they must not overwrite its own members.
  for (const key of Object.keys(error.details)) expect(PROBLEM_MEMBERS).not.toContain(key);
  broken.add(code);
  return error;
}

const raised = () => doubtHistoryOf([k.raise()]);
const discussed = () => doubtHistoryOf([k.discuss()], raised());
const applied = () => doubtHistoryOf([k.apply()], raised());
const appointed = () => doubtHistoryOf([k.appoint()], applied());
const presented = () => doubtHistoryOf([k.present()], appointed());
const applicationWithdrawn = () => doubtHistoryOf([k.withdrawApplication()], appointed());

function stateOf(events: readonly DoubtEvent[]): DoubtState {
  return events.reduce(doubtDecider.evolve, doubtDecider.initialState());
}

describe('doubt decider — raising (第6条)', () => {
  it('pins the version in force on the raised date, the ledger position and the cited text', () => {
    spec
      .given([])
      .when(k.raise())
      .then([
        {
          type: 'DoubtRaised',
          schemaVersion: 1,
          data: {
            doubtId: KIT_DOUBT_ID,
            agreementId: 'aomori-hiranai',
            regionId: 'aomori',
            parties: { core: KIT_CORE, partner: KIT_PARTNER },
            raisedBy: { role: 'partner', code: KIT_PARTNER.code, name: KIT_PARTNER.name },
            raisedOn: '2020-05-20',
            citation: { kind: 'provision', path: { article: '4', paragraph: 2 }, label: '第4条第2項' },
            question: '事業ごとの費用分担を定めるまでの間、乙は既に実施した事業の費用を負担するか。',
            pinned: {
              versionNumber: 1,
              proceedingId: 'p-conclusion',
              effectiveFrom: '2019-12-25',
              ledgerPosition: '42',
              citedText:
                '第4条第2項　連携施策の実施に要する費用の分担については、事業ごとに協議の上、別途定める。',
            },
          },
        },
      ]);
  });

  it('cites a whole article with its caption, a measure as its row, or nothing (定めのない事項)', () => {
    const [article] = spec
      .given([])
      .when(k.raise({ citation: { kind: 'provision', path: { article: '6' } } }))
      .thenEvents(() => undefined);
    expect(article?.type === 'DoubtRaised' && article.data.pinned.citedText).toBe(
      '（疑義の解決）\n第6条　この協約に定めのない事項又はこの協約に関し疑義が生じた事項については、甲乙協議の上、定めるものとする。',
    );
    const [measure] = spec
      .given([])
      .when(k.raise({ citation: { kind: 'measure', measureId: 'm03' } }))
      .thenEvents(() => undefined);
    expect(measure?.type === 'DoubtRaised' && measure.data.citation).toEqual({
      kind: 'measure',
      measureId: 'm03',
      label: '別表 連携施策「地域資源を活用した地域経済の裾野拡大」（m03）',
    });
    expect(measure?.type === 'DoubtRaised' && measure.data.pinned.citedText).toContain(
      '取組内容　地域資源の活用による地域ブランド育成',
    );
    const [none] = spec
      .given([])
      .when(k.raise({ citation: { kind: 'unspecified' } }))
      .thenEvents(() => undefined);
    expect(none?.type === 'DoubtRaised' && none.data.citation).toEqual({
      kind: 'unspecified',
      label: '定めのない事項',
    });
    expect(none?.type === 'DoubtRaised' && none.data.pinned.citedText).toBe('');
  });

  it('a citation must exist in the version pinned on the raised date (CitationNotInPinnedVersion)', () => {
    const error = breaks(
      [],
      k.raise({ citation: { kind: 'provision', path: { article: '4', paragraph: 3 } } }),
      'CitationNotInPinnedVersion',
    );
    expect(error.message).toContain('第4条第3項が見つかりません');
    expect(error.details).toEqual({ versionNumber: 1 });
    breaks(
      [],
      k.raise({ citation: { kind: 'provision', path: { article: '9' } } }),
      'CitationNotInPinnedVersion',
    );
    breaks([], k.raise({ citation: { kind: 'measure', measureId: 'm16' } }), 'CitationNotInPinnedVersion');
    // The same measure exists in a later version: what counts is the version in force on the raised date.
    const later = buildSampleDocument();
    later.measures.push({ ...later.measures[0], id: 'm16', roles: { core: 'a', partner: 'b' } } as never);
    spec
      .given([])
      .when(
        k.raise({
          citation: { kind: 'measure', measureId: 'm16' },
          agreement: kitAgreementFacts({
            versionInForce: { number: 2, proceedingId: 'p-2', effectiveFrom: '2020-04-01', document: later },
          }),
        }),
      )
      .thenEvents((events) => expect(events).toHaveLength(1));
  });

  it('a malformed citation is InvalidCitation', () => {
    breaks(
      [],
      k.raise({ citation: { kind: 'provision', path: { article: '4', item: '1' } } }),
      'InvalidCitation',
    );
    breaks([], k.raise({ citation: { kind: 'provision', path: { article: '第4条' } } }), 'InvalidCitation');
  });

  it('the agreement must be in force on the raised date (AgreementNotInForceOnRaisedDate)', () => {
    for (const status of ['negotiating', 'not-yet-in-force', 'abolished', 'withdrawn'] as const) {
      const { versionInForce: _v, ...rest } = kitAgreementFacts({ statusOnRaisedDate: status });
      const error = breaks([], k.raise({ agreement: rest }), 'AgreementNotInForceOnRaisedDate');
      expect(error.details).toEqual({ statusOnRaisedDate: status });
    }
  });

  it('is raised by a party of the agreement (NotAPartyOfTheAgreement) with a valid code', () => {
    breaks([], k.raise({ raisedBy: '023035', actor: kitActors.secretariat }), 'NotAPartyOfTheAgreement');
    spec
      .given([])
      .when(k.raise({ raisedBy: '023018' }))
      .thenThrows('InvalidMunicipalityCode', 'invalid');
  });

  it('not on a date still ahead (RaisedDateInFuture), and the agreement must be recorded (AgreementNotFound)', () => {
    breaks([], k.raise({ raisedOn: '2020-05-21' }), 'RaisedDateInFuture');
    breaks([], k.raise({ agreement: null }), 'AgreementNotFound');
  });

  it('a clerk raises only for its own municipality; readers record nothing', () => {
    breaks([], k.raise({ actor: kitActors.coreClerk }), 'ClerkMayActOnlyForOwnMunicipality');
    breaks([], k.raise({ actor: kitActors.otherClerk }), 'ClerkMayActOnlyForOwnMunicipality');
    breaks([], k.raise({ actor: kitActors.reader }), 'ActorNotPermitted');
    spec
      .given([])
      .when(k.raise({ actor: kitActors.secretariat }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });

  it('once per stream (DoubtAlreadyRaised); other commands need a raised doubt (DoubtNotFound)', () => {
    breaks(raised(), k.raise(), 'DoubtAlreadyRaised');
    breaks([], k.discuss(), 'DoubtNotFound');
  });

  it('validates dates, texts and the pinned position', () => {
    spec
      .given([])
      .when(k.raise({ raisedOn: '2020-02-30' }))
      .thenThrows('InvalidDate', 'invalid');
    spec
      .given([])
      .when(k.raise({ question: '  ' }))
      .thenThrows('RequiredValueMissing', 'invalid');
    spec
      .given([])
      .when(k.raise({ ledgerPosition: '0' }))
      .thenThrows('InvalidValue', 'invalid');
  });
});

describe('doubt decider — consultations (第5条)', () => {
  it('links a consultation that has both parties, dated on or after the raise', () => {
    spec
      .given(raised())
      .when(k.discuss({ note: '次回協議で結論を得る' }))
      .then([
        {
          type: 'DoubtDiscussedAtConsultation',
          schemaVersion: 1,
          data: {
            doubtId: KIT_DOUBT_ID,
            consultationId: KIT_CONSULTATION_ID,
            consultationDate: '2020-06-10',
            consultationStatus: 'held',
            note: '次回協議で結論を得る',
          },
        },
      ]);
    // A consultation only scheduled may take it up too (put on its agenda).
    spec
      .given(raised())
      .when(
        k.discuss({
          consultation: kitConsultation({ status: 'scheduled', heldOn: null, scheduledOn: '2020-07-01' }),
        }),
      )
      .thenEvents(([e]) =>
        expect(e?.type === 'DoubtDiscussedAtConsultation' && e.data.consultationDate).toBe('2020-07-01'),
      );
  });

  it('refuses an unknown, foreign, cancelled, earlier or already linked consultation, or one without both parties', () => {
    breaks(raised(), k.discuss({ consultation: null }), 'ConsultationNotFound');
    const otherRegion = breaks(
      raised(),
      k.discuss({ consultation: kitConsultation({ regionId: 'hachinohe', regionName: '八戸圏域' }) }),
      'ConsultationOfAnotherRegion',
    );
    expect(otherRegion.message).toBe(
      '定期的な協議（令和2年6月10日）は八戸圏域の協議です。この疑義の協約（青森市と平内町の連携協約）の圏域の協議を指定してください。',
    );
    breaks(
      raised(),
      k.discuss({ consultation: kitConsultation({ status: 'cancelled', heldOn: null }) }),
      'ConsultationCancelled',
    );
    breaks(
      raised(),
      k.discuss({ consultation: kitConsultation({ heldOn: '2020-05-19', scheduledOn: '2020-05-19' }) }),
      'ConsultationBeforeDoubt',
    );
    breaks(discussed(), k.discuss(), 'ConsultationAlreadyLinked');
    const error = breaks(
      raised(),
      k.discuss({ consultation: kitConsultation({ participants: [KIT_CORE.code, '023035'] }) }),
      'ConsultationWithoutBothParties',
    );
    expect(error.message).toContain('乙（平内町）');
  });

  it('a clerk of either party may link; a clerk of a third municipality may not', () => {
    spec
      .given(raised())
      .when(k.discuss({ actor: kitActors.coreClerk }))
      .thenEvents((e) => expect(e).toHaveLength(1));
    breaks(raised(), k.discuss({ actor: kitActors.otherClerk }), 'ClerkMayActOnlyForOwnMunicipality');
  });
});

describe('doubt decider — resolution (疑義の解決)', () => {
  it('records the agreement of both parties at a held consultation, and the follow-up amendment', () => {
    spec
      .given(discussed())
      .when(k.resolve({ followUpProceedingId: 'p-amendment-1', followUpProceeding: kitProceeding() }))
      .then([
        {
          type: 'DoubtResolved',
          schemaVersion: 1,
          data: {
            doubtId: KIT_DOUBT_ID,
            resolvedOn: '2020-06-10',
            resolution: '実施済みの事業の費用は、甲が負担する。',
            consultationId: KIT_CONSULTATION_ID,
            consultationHeldOn: '2020-06-10',
            agreedBy: [KIT_CORE.code, KIT_PARTNER.code],
            followUpProceedingId: 'p-amendment-1',
          },
        },
      ]);
    const state = stateOf(doubtHistoryOf([k.resolve()], raised()));
    expect(isRaised(state) && state.status).toBe('resolved');
  });

  it('needs both parties (ResolutionRequiresBothParties) and a held consultation (ResolutionRequiresHeldConsultation)', () => {
    breaks(raised(), k.resolve({ agreedBy: [KIT_PARTNER.code] }), 'ResolutionRequiresBothParties');
    breaks(
      raised(),
      k.resolve({ agreedBy: [KIT_PARTNER.code, KIT_PARTNER.code] }),
      'ResolutionRequiresBothParties',
    );
    breaks(raised(), k.resolve({ agreedBy: [KIT_CORE.code, '023035'] }), 'NotAPartyOfTheAgreement');
    for (const status of ['scheduled', 'postponed', 'cancelled'] as const) {
      breaks(
        raised(),
        k.resolve({ consultation: kitConsultation({ status, heldOn: null }) }),
        'ResolutionRequiresHeldConsultation',
      );
    }
    breaks(
      raised(),
      k.resolve({ consultation: kitConsultation({ participants: [KIT_CORE.code] }) }),
      'ConsultationWithoutBothParties',
    );
    breaks(
      raised(),
      k.resolve({ consultation: kitConsultation({ heldOn: '2020-05-01', scheduledOn: '2020-05-01' }) }),
      'ConsultationBeforeDoubt',
    );
    breaks(raised(), k.resolve({ resolvedOn: '2020-06-09' }), 'StepDateBeforePreviousStep');
  });

  it('no resolution while an application stands (ResolutionAfterEscalation) — again after it is withdrawn', () => {
    breaks(applied(), k.resolve(), 'ResolutionAfterEscalation');
    breaks(presented(), k.resolve(), 'ResolutionAfterEscalation');
    spec
      .given(applicationWithdrawn())
      .when(
        k.resolve({
          resolvedOn: '2020-11-01',
          consultation: kitConsultation({ heldOn: '2020-11-01', scheduledOn: '2020-11-01' }),
        }),
      )
      .thenEvents(([e]) => expect(e?.type).toBe('DoubtResolved'));
    // Not dated before the withdrawal of the application.
    breaks(applicationWithdrawn(), k.resolve(), 'StepDateBeforePreviousStep');
  });

  it('the follow-up must be an amendment of this agreement, not withdrawn, opened on or after the raise', () => {
    const followUp = (o: Parameters<typeof kitProceeding>[0], id = 'p-amendment-1') =>
      k.resolve({ followUpProceedingId: id, followUpProceeding: kitProceeding(o) });
    const noFollowUp = breaks(
      raised(),
      k.resolve({ followUpProceedingId: 'p-x', followUpProceeding: null }),
      'FollowUpProceedingNotFound',
    );
    // The agreement's id is a machine field, not words for the clerk.
    expect(noFollowUp.message).not.toContain('aomori-hiranai');
    expect(noFollowUp.details).toEqual({ agreementId: 'aomori-hiranai' });
    breaks(raised(), followUp({}, 'p-other'), 'FollowUpProceedingNotFound');
    breaks(raised(), followUp({ kind: 'abolition' }), 'FollowUpMustBeAmendment');
    breaks(raised(), followUp({ status: 'withdrawn' }), 'FollowUpProceedingWithdrawn');
    breaks(raised(), followUp({ openedOn: '2020-05-19' }), 'FollowUpProceedingPredatesDoubt');
    // Drafted between the raise and the resolution, as a consultation often adopts a draft already made.
    spec
      .given(raised())
      .when(followUp({ status: 'concluded', openedOn: '2020-05-20' }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });

  it('only the secretariat or an admin records a resolution', () => {
    breaks(raised(), k.resolve({ actor: kitActors.partnerClerk }), 'ActorNotPermitted');
    spec
      .given(raised())
      .when(k.resolve({ actor: kitActors.admin }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });

  it('nothing more once closed (DoubtClosed)', () => {
    const resolved = doubtHistoryOf([k.resolve()], raised());
    for (const command of [
      k.discuss({ consultationId: 'c2', consultation: kitConsultation({ consultationId: 'c2' }) }),
      k.resolve(),
      k.withdraw({ withdrawnOn: '2020-07-01' }),
      k.apply(),
    ]) {
      const error = breaks(resolved, command, 'DoubtClosed');
      expect(error.details).toEqual({ doubtId: KIT_DOUBT_ID, doubtStatus: 'resolved' });
      expect(error.message).not.toContain(KIT_DOUBT_ID);
    }
  });
});

describe('doubt decider — withdrawal', () => {
  it('the raising party withdraws an open doubt', () => {
    spec
      .given(raised())
      .when(k.withdraw())
      .then([
        {
          type: 'DoubtWithdrawn',
          schemaVersion: 1,
          data: {
            doubtId: KIT_DOUBT_ID,
            withdrawnOn: '2020-06-01',
            reason: '事務レベルの確認で疑義が解消したため',
          },
        },
      ]);
    breaks(doubtHistoryOf([k.withdraw()], raised()), k.withdraw(), 'DoubtClosed');
  });

  it('not by the other party, not while escalated, not before the last step', () => {
    breaks(raised(), k.withdraw({ actor: kitActors.coreClerk }), 'OnlyTheRaisingPartyMayWithdraw');
    breaks(raised(), k.withdraw({ actor: kitActors.otherClerk }), 'ClerkMayActOnlyForOwnMunicipality');
    breaks(applied(), k.withdraw({ withdrawnOn: '2020-09-02' }), 'DoubtEscalated');
    breaks(discussed(), k.withdraw({ withdrawnOn: '2020-06-09' }), 'StepDateBeforePreviousStep');
    spec
      .given(raised())
      .when(k.withdraw({ actor: kitActors.secretariat }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });
});

describe('doubt decider — the statutory procedure (第252条の2第7項, 第251条の3の2) in order', () => {
  it('a party applies in writing to the 知事; a prefecture party means the 総務大臣', () => {
    spec
      .given(raised())
      .when(k.apply())
      .then([
        {
          type: 'DisputeApplicationFiled',
          schemaVersion: 1,
          data: {
            doubtId: KIT_DOUBT_ID,
            applicationNumber: 1,
            appliedOn: '2020-09-01',
            applicant: { role: 'partner', code: KIT_PARTNER.code, name: KIT_PARTNER.name },
            recipient: 'prefectural-governor',
            documentNumber: '平企第120号',
            summary: '第4条第2項の費用分担について、自治紛争処理委員による処理方策の提示を求める。',
          },
        },
      ]);
    breaks(raised(), k.apply({ recipient: 'minister-of-internal-affairs' }), 'WrongApplicationRecipient');
    const withPrefecture = doubtHistoryOf([
      k.raise({
        actor: kitActors.secretariat,
        agreement: kitAgreementFacts({ partner: KIT_PREFECTURE }),
        raisedBy: KIT_PREFECTURE.code,
      }),
    ]);
    const error = breaks(
      withPrefecture,
      k.apply({ actor: kitActors.secretariat, applicant: KIT_PREFECTURE.code }),
      'WrongApplicationRecipient',
    );
    expect(error.details).toEqual({ required: 'minister-of-internal-affairs' });
    spec
      .given(withPrefecture)
      .when(
        k.apply({
          actor: kitActors.secretariat,
          applicant: KIT_PREFECTURE.code,
          recipient: 'minister-of-internal-affairs',
        }),
      )
      .thenEvents((e) => expect(e).toHaveLength(1));
  });

  it('the application is in writing (a 文書番号), by a party, for its own clerk, once', () => {
    spec
      .given(raised())
      .when(k.apply({ documentNumber: ' ' }))
      .thenThrows('RequiredValueMissing', 'invalid');
    breaks(
      raised(),
      k.apply({ applicant: '023035', actor: kitActors.secretariat }),
      'NotAPartyOfTheAgreement',
    );
    breaks(raised(), k.apply({ actor: kitActors.coreClerk }), 'ClerkMayActOnlyForOwnMunicipality');
    breaks(applied(), k.apply({ appliedOn: '2020-09-02' }), 'AlreadyEscalated');
    breaks(discussed(), k.apply({ appliedOn: '2020-06-01' }), 'StepDateBeforePreviousStep');
    const state = stateOf(applied());
    expect(isRaised(state) && state.status).toBe('escalated');
  });

  it('three commissioners, after the application, once', () => {
    spec
      .given(applied())
      .when(k.appoint())
      .thenEvents(([e]) =>
        expect(
          e?.type === 'DisputeCommissionersAppointed' && e.data.commissioners.map((c) => c.name),
        ).toEqual(['委員 一郎', '委員 二郎', '委員 三子']),
      );
    breaks(raised(), k.appoint(), 'ApplicationNotFiled');
    breaks(applicationWithdrawn(), k.appoint({ appointedOn: '2020-10-06' }), 'ApplicationNotFiled');
    breaks(appointed(), k.appoint(), 'CommissionersAlreadyAppointed');
    breaks(
      applied(),
      k.appoint({ commissioners: k.appoint().commissioners.slice(0, 2) }),
      'ThreeCommissionersRequired',
    );
    breaks(
      applied(),
      k.appoint({ commissioners: [...k.appoint().commissioners, { name: '委員 四郎', title: '弁護士' }] }),
      'ThreeCommissionersRequired',
    );
    const [first] = k.appoint().commissioners;
    if (first === undefined) throw new Error('kit has commissioners');
    breaks(
      applied(),
      k.appoint({ commissioners: [first, first, { name: '委員 三子', title: '教授' }] }),
      'DuplicateCommissioner',
    );
    breaks(applied(), k.appoint({ appointedOn: '2020-08-31' }), 'StepDateBeforePreviousStep');
    breaks(applied(), k.appoint({ actor: kitActors.partnerClerk }), 'DisputeStepRecordedBySecretariatOnly');
  });

  it('the 処理方策 needs the commissioners; then it is notified and published, once each', () => {
    breaks(applied(), k.present(), 'CommissionersNotAppointed');
    breaks(presented(), k.present(), 'ProposalAlreadyPresented');
    breaks(
      appointed(),
      k.present({ presentedOn: '2020-09-14', decidedOn: undefined }),
      'StepDateBeforePreviousStep',
    );
    breaks(appointed(), k.present({ decidedOn: '2020-11-21' }), 'StepDateBeforePreviousStep');
    breaks(appointed(), k.notify(), 'ProposalNotPresented');
    breaks(appointed(), k.publish(), 'ProposalNotPresented');
    breaks(raised(), k.notify(), 'ApplicationNotFiled');
    const notified = doubtHistoryOf([k.notify()], presented());
    breaks(notified, k.notify(), 'ProposalAlreadyNotified');
    const published = doubtHistoryOf([k.publish()], presented());
    breaks(published, k.publish(), 'ProposalAlreadyPublished');
    breaks(presented(), k.notify({ notifiedOn: '2020-11-19' }), 'StepDateBeforePreviousStep');
    spec
      .given(presented())
      .when(k.publish({ medium: '' }))
      .thenThrows('RequiredValueMissing', 'invalid');
    spec
      .given(presented())
      .when(k.notify())
      .then([
        {
          type: 'SettlementProposalNotified',
          schemaVersion: 2,
          data: {
            doubtId: KIT_DOUBT_ID,
            applicationNumber: 1,
            notifiedOn: '2020-11-20',
            recipient: 'prefectural-governor',
            evidence: { documentNumber: '自治紛争処理委員第2号', documentDate: '2020-11-20' },
          },
        },
      ]);
  });

  it('the applicant withdraws with consent while no 処理方策 is presented; then the doubt is open again', () => {
    spec
      .given(appointed())
      .when(k.withdrawApplication())
      .then([
        {
          type: 'DisputeApplicationWithdrawn',
          schemaVersion: 1,
          data: {
            doubtId: KIT_DOUBT_ID,
            applicationNumber: 1,
            withdrawnOn: '2020-10-05',
            consentedOn: '2020-10-01',
            reason: '当事者間の協議を再開するため',
          },
        },
      ]);
    const state = stateOf(applicationWithdrawn());
    expect(isRaised(state) && state.status).toBe('open');
    breaks(
      presented(),
      k.withdrawApplication({ withdrawnOn: '2020-12-01', consentedOn: '2020-11-30' }),
      'ApplicationNoLongerPending',
    );
    breaks(appointed(), k.withdrawApplication({ actor: kitActors.coreClerk }), 'OnlyTheApplicantMayWithdraw');
    breaks(appointed(), k.withdrawApplication({ consentedOn: '2020-09-10' }), 'StepDateBeforePreviousStep');
    breaks(appointed(), k.withdrawApplication({ withdrawnOn: '2020-09-30' }), 'StepDateBeforePreviousStep');
    breaks(raised(), k.withdrawApplication(), 'ApplicationNotFiled');
    // A new application after the withdrawal is number 2.
    spec
      .given(applicationWithdrawn())
      .when(k.apply({ appliedOn: '2021-01-10' }))
      .thenEvents(([e]) => expect(e?.type === 'DisputeApplicationFiled' && e.data.applicationNumber).toBe(2));
  });

  it('each party responds once; both accepting settles the dispute, otherwise it stays unsettled (尊重義務, not binding)', () => {
    breaks(appointed(), k.respond('core'), 'ProposalNotPresented');
    const oneResponse = doubtHistoryOf([k.respond('core')], presented());
    breaks(oneResponse, k.respond('core', { respondedOn: '2020-12-20' }), 'DuplicateResponse');
    breaks(presented(), k.respond('core', { respondedOn: '2020-11-19' }), 'StepDateBeforePreviousStep');
    breaks(
      presented(),
      k.respond('core', { actor: kitActors.partnerClerk }),
      'ClerkMayActOnlyForOwnMunicipality',
    );
    breaks(
      presented(),
      k.respond('core', { respondent: '023035', actor: kitActors.secretariat }),
      'NotAPartyOfTheAgreement',
    );
    spec
      .given(presented())
      .when(k.respond('core', { stance: 'maybe' as never }))
      .thenThrows('InvalidValue', 'invalid');
    spec
      .given(oneResponse)
      .when(k.respond('partner'))
      .then([
        {
          type: 'SettlementProposalResponded',
          schemaVersion: 1,
          data: {
            doubtId: KIT_DOUBT_ID,
            applicationNumber: 1,
            respondent: { role: 'partner', code: KIT_PARTNER.code, name: KIT_PARTNER.name },
            respondedOn: '2020-12-15',
            stance: 'accepts',
            statement: '処理方策を尊重し、負担金の精算を行う。',
          },
        },
        {
          type: 'DisputeConcluded',
          schemaVersion: 1,
          data: {
            doubtId: KIT_DOUBT_ID,
            applicationNumber: 1,
            concludedOn: '2020-12-15',
            outcome: 'settled',
          },
        },
      ]);
    const settled = doubtHistoryOf([k.respond('partner')], oneResponse);
    expect(isRaised(stateOf(settled)) && stateOf(settled).status).toBe('settled');
    const unsettled = doubtHistoryOf([k.respond('partner', { stance: 'accepts-in-part' })], oneResponse);
    const last = unsettled.at(-1);
    expect(last?.type === 'DisputeConcluded' && last.data.outcome).toBe('not-accepted');
    expect(stateOf(unsettled).status).toBe('unsettled');
    // The 処理方策 may still be notified or published after the responses; nothing else.
    spec
      .given(settled)
      .when(k.publish())
      .thenEvents((e) => expect(e).toHaveLength(1));
    breaks(settled, k.withdraw({ withdrawnOn: '2021-01-01' }), 'DoubtClosed');
  });
});

describe('doubt decider — steps are dated on or before today in Japan', () => {
  /** The command recorded when today is `date`; `code` when today is the day before. */
  function onlyOnceItHappened(
    given: readonly DoubtEvent[],
    command: DoubtCommand,
    date: string,
    yesterday: string,
    code: DoubtErrorCode,
    field: string,
  ) {
    spec
      .given(given)
      .when({ ...command, today: date })
      .thenEvents((events) => expect(events.length).toBeGreaterThan(0));
    const error = breaks(given, { ...command, today: yesterday }, code);
    expect(error.field).toBe(field);
    expect(error.details).toEqual({ today: yesterday });
    expect(error.message).toContain(date);
    expect(error.message).toContain(yesterday);
  }

  it('DoubtStepDateInFuture: a resolution or a withdrawal of the doubt', () => {
    onlyOnceItHappened(
      raised(),
      k.resolve(),
      '2020-06-10',
      '2020-06-09',
      'DoubtStepDateInFuture',
      'resolvedOn',
    );
    onlyOnceItHappened(
      raised(),
      k.withdraw(),
      '2020-06-01',
      '2020-05-31',
      'DoubtStepDateInFuture',
      'withdrawnOn',
    );
  });

  it('DisputeStepDateInFuture: every step of the statutory procedure', () => {
    const step = (given: readonly DoubtEvent[], command: DoubtCommand, date: string, field: string) =>
      onlyOnceItHappened(
        given,
        command,
        date,
        new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10),
        'DisputeStepDateInFuture',
        field,
      );
    step(raised(), k.apply(), '2020-09-01', 'appliedOn');
    step(applied(), k.appoint(), '2020-09-15', 'appointedOn');
    step(appointed(), k.withdrawApplication(), '2020-10-05', 'withdrawnOn');
    step(appointed(), k.present(), '2020-11-20', 'presentedOn');
    step(presented(), k.notify(), '2020-11-20', 'notifiedOn');
    step(presented(), k.publish(), '2020-11-24', 'publishedOn');
    step(presented(), k.respond('core'), '2020-12-10', 'respondedOn');
    // The 知事's consent to a withdrawal, the 合議 and each document are dated too.
    breaks(
      appointed(),
      k.withdrawApplication({ consentedOn: '2020-10-06', withdrawnOn: '2020-10-06', today: '2020-10-05' }),
      'DisputeStepDateInFuture',
    );
    breaks(
      appointed(),
      k.present({ presentedOn: '2020-11-20', decidedOn: '2020-11-21', today: '2020-11-20' }),
      'DisputeStepDateInFuture',
    );
    const documentAhead = breaks(
      applied(),
      k.appoint({
        evidence: { documentNumber: '青森県指令市第45号', documentDate: '2020-09-16' },
        today: '2020-09-15',
      }),
      'DisputeStepDateInFuture',
    );
    expect(documentAhead.field).toBe('evidence.documentDate');
  });
});

describe('doubt decider — the steps taken outside the parties carry their evidence (第251条の3の2)', () => {
  it('the appointment is recorded (schemaVersion 2) with the 知事’s document: its 文書番号 and date', () => {
    spec
      .given(applied())
      .when(k.appoint())
      .then([
        {
          type: 'DisputeCommissionersAppointed',
          schemaVersion: 2,
          data: {
            doubtId: KIT_DOUBT_ID,
            applicationNumber: 1,
            appointedOn: '2020-09-15',
            commissioners: k.appoint().commissioners,
            evidence: { documentNumber: '青森県指令市第45号', documentDate: '2020-09-15' },
          },
        },
      ]);
    const state = stateOf(doubtHistoryOf([k.present(), k.notify(), k.publish()], appointed()));
    const application = isRaised(state) ? state.applications[0] : undefined;
    expect(application?.appointment?.evidence).toEqual({
      documentNumber: '青森県指令市第45号',
      documentDate: '2020-09-15',
    });
    expect(application?.proposal).toMatchObject({
      evidence: { documentNumber: '自治紛争処理委員第1号', documentDate: '2020-11-20' },
      notificationEvidence: { documentNumber: '自治紛争処理委員第2号', documentDate: '2020-11-20' },
      publicationEvidence: { documentNumber: '青森県報第3201号', documentDate: '2020-11-24' },
    });
  });

  it('DisputeStepEvidenceRequired: no step of the 知事 or the commissioners without its document', () => {
    const none = { evidence: undefined as never };
    breaks(applied(), k.appoint(none), 'DisputeStepEvidenceRequired');
    breaks(appointed(), k.present(none), 'DisputeStepEvidenceRequired');
    breaks(presented(), k.notify(none), 'DisputeStepEvidenceRequired');
    const error = breaks(presented(), k.publish(none), 'DisputeStepEvidenceRequired');
    expect(error.field).toBe('evidence');
    expect(error.message).toContain('第251条の3の2');
    const blank = spec
      .given(applied())
      .when(k.appoint({ evidence: { documentNumber: ' ', documentDate: '2020-09-15' } }))
      .thenThrows('RequiredValueMissing', 'invalid');
    expect(blank.field).toBe('evidence.documentNumber');
    const badDate = spec
      .given(applied())
      .when(k.appoint({ evidence: { documentNumber: '青森県指令市第45号', documentDate: '2020-02-30' } }))
      .thenThrows('InvalidDate', 'invalid');
    expect(badDate.field).toBe('evidence.documentDate');
    // A document of the appointment dated before the application proves nothing of it.
    const early = spec
      .given(applied())
      .when(k.appoint({ evidence: { documentNumber: '青森県指令市第45号', documentDate: '2020-08-31' } }))
      .thenThrows('StepDateBeforePreviousStep', 'invalid');
    expect(early.field).toBe('evidence.documentDate');
  });

  it('DisputeStepRecordedBySecretariatOnly: not by a party’s clerk, not even the core city’s', () => {
    for (const actor of [kitActors.coreClerk, kitActors.partnerClerk]) {
      breaks(applied(), k.appoint({ actor }), 'DisputeStepRecordedBySecretariatOnly');
      breaks(appointed(), k.present({ actor }), 'DisputeStepRecordedBySecretariatOnly');
      breaks(presented(), k.notify({ actor }), 'DisputeStepRecordedBySecretariatOnly');
      breaks(presented(), k.publish({ actor }), 'DisputeStepRecordedBySecretariatOnly');
    }
    spec
      .given(applied())
      .when(k.appoint({ actor: kitActors.admin }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });
});

describe('toDoubtEvent — stored version 1 of the steps outside the parties is read as version 2', () => {
  const v1 = {
    appointed: {
      type: 'DisputeCommissionersAppointed',
      schemaVersion: 1,
      data: {
        doubtId: 'sotogahama-2023-cost-share',
        applicationNumber: 1,
        appointedOn: '2024-07-01',
        commissioners: [
          { name: '委員氏名A（例示）', title: '弁護士' },
          { name: '委員氏名B（例示）', title: '大学教授（行政法）' },
          { name: '委員氏名C（例示）', title: '公認会計士' },
        ],
      },
    },
    presented: {
      type: 'SettlementProposalPresented',
      schemaVersion: 1,
      data: {
        doubtId: 'sotogahama-2023-cost-share',
        applicationNumber: 1,
        presentedOn: '2024-10-15',
        decidedOn: '2024-10-09',
        proposal: '一　甲及び乙は速やかに協議を行うこと。',
      },
    },
    notified: {
      type: 'SettlementProposalNotified',
      schemaVersion: 1,
      data: {
        doubtId: 'sotogahama-2023-cost-share',
        applicationNumber: 1,
        notifiedOn: '2024-10-15',
        recipient: 'prefectural-governor',
      },
    },
    published: {
      type: 'SettlementProposalPublished',
      schemaVersion: 1,
      data: {
        doubtId: 'sotogahama-2023-cost-share',
        applicationNumber: 1,
        publishedOn: '2024-10-22',
        medium: '青森県報',
      },
    },
  };

  it('keeps every stored field and says the document was not recorded (evidence: null)', () => {
    for (const stored of Object.values(v1)) {
      const before = JSON.stringify(stored);
      const event = toDoubtEvent(stored);
      expect(event).toEqual({
        type: stored.type,
        schemaVersion: 2,
        data: { ...stored.data, evidence: null },
      });
      // The stored event itself is untouched.
      expect(JSON.stringify(stored)).toBe(before);
    }
  });

  it('folds into the state as a step without its document', () => {
    const upcast = [v1.appointed, v1.presented, v1.notified, v1.published].map(toDoubtEvent);
    const state = stateOf([...applied(), ...upcast]);
    const application = isRaised(state) ? state.applications[0] : undefined;
    expect(application?.appointment).toMatchObject({ appointedOn: '2024-07-01', evidence: null });
    expect(application?.proposal).toMatchObject({
      presentedOn: '2024-10-15',
      evidence: null,
      notifiedOn: '2024-10-15',
      notificationEvidence: null,
      publishedOn: '2024-10-22',
      medium: '青森県報',
      publicationEvidence: null,
    });
  });

  it('reads version 2 as stored, the other events at version 1, and refuses versions it does not know', () => {
    const [appointedV2] = doubtHistoryOf([k.appoint()], applied()).slice(-1);
    if (appointedV2 === undefined) throw new Error('no event');
    expect(toDoubtEvent(JSON.parse(JSON.stringify(appointedV2)) as typeof appointedV2)).toEqual(appointedV2);
    const [raisedV1] = raised();
    if (raisedV1 === undefined) throw new Error('no event');
    expect(toDoubtEvent(raisedV1)).toEqual(raisedV1);
    expect(() => toDoubtEvent({ ...raisedV1, schemaVersion: 2 })).toThrow(RangeError);
    expect(() => toDoubtEvent({ ...v1.appointed, schemaVersion: 3 })).toThrow(RangeError);
    expect(() => toDoubtEvent({ type: 'DoubtForgotten', schemaVersion: 1, data: {} })).toThrow(RangeError);
  });
});

describe('doubt decider — evolve', () => {
  it('ignores events that do not fit the state', () => {
    const [discussion] = discussed().slice(-1);
    if (discussion === undefined) throw new Error('no event');
    expect(doubtDecider.evolve(doubtDecider.initialState(), discussion)).toEqual({ status: 'initial' });
    const state = stateOf(raised());
    const [raise] = raised();
    if (raise === undefined) throw new Error('no event');
    expect(doubtDecider.evolve(state, raise)).toBe(state);
  });

  it('every doubt rule has a test that breaks it', () => {
    const common = ['InvalidDate', 'RequiredValueMissing', 'InvalidValue', 'InvalidMunicipalityCode'];
    const untested = DOUBT_ERROR_CODES.filter((code) => !broken.has(code) && !common.includes(code));
    expect(untested).toEqual([]);
  });
});
