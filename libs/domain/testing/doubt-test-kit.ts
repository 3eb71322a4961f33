/**
 * Builders for doubt commands with sensible defaults (the kit's agreement 青森市 × 平内町, version 1
 * in force from 2019-12-25), and `doubtHistoryOf(commands)` which runs them through the real decider
 * to produce a `given` history. For tests of the domain and of the layers above it.
 */
import { buildSampleDocument } from '@kyoyaku/legal-text/testing';
import type { Actor } from '../src/shared/actor';
import {
  KIT_AGREEMENT_ID,
  KIT_CORE,
  KIT_PARTNER,
  KIT_REGION_ID,
  KIT_TODAY,
  kitActors,
} from './agreement-test-kit';
import type {
  AppointDisputeCommissioners,
  DiscussDoubt,
  DoubtCommand,
  FileDisputeApplication,
  NotifySettlementProposal,
  PresentSettlementProposal,
  PublishSettlementProposal,
  RaiseDoubt,
  ResolveDoubt,
  RespondToSettlementProposal,
  WithdrawDisputeApplication,
  WithdrawDoubt,
} from '../src/doubt/doubt.commands';
import { doubtDecider } from '../src/doubt/doubt.decider';
import type { DoubtEvent } from '../src/doubt/doubt.events';
import type { DoubtState } from '../src/doubt/doubt.state';
import type { AgreementFacts, ConsultationFacts, ProceedingFacts } from '../src/doubt/doubt.types';

export const KIT_DOUBT_ID = 'doubt-1';
export const KIT_CONSULTATION_ID = 'c-2020-extra';

export function kitAgreementFacts(overrides: Partial<AgreementFacts> = {}): AgreementFacts {
  return {
    agreementId: KIT_AGREEMENT_ID,
    regionId: KIT_REGION_ID,
    coreCity: KIT_CORE,
    partner: KIT_PARTNER,
    statusOnRaisedDate: 'in-force',
    versionInForce: {
      number: 1,
      proceedingId: 'p-conclusion',
      effectiveFrom: '2019-12-25',
      document: buildSampleDocument(),
    },
    ...overrides,
  };
}

export function kitConsultation(overrides: Partial<ConsultationFacts> = {}): ConsultationFacts {
  return {
    consultationId: KIT_CONSULTATION_ID,
    kind: 'periodic',
    regionId: KIT_REGION_ID,
    regionName: '青森圏域',
    status: 'held',
    scheduledOn: '2020-06-10',
    heldOn: '2020-06-10',
    participants: [KIT_CORE.code, KIT_PARTNER.code],
    ...overrides,
  };
}

export function kitProceeding(overrides: Partial<ProceedingFacts> = {}): ProceedingFacts {
  return {
    proceedingId: 'p-amendment-1',
    kind: 'amendment',
    status: 'negotiating',
    openedOn: '2020-07-01',
    ...overrides,
  };
}

const base = (actor: Actor = kitActors.secretariat) => ({ actor, doubtId: KIT_DOUBT_ID, today: KIT_TODAY });

export const doubtKit = {
  raise: (o: Partial<RaiseDoubt> = {}): RaiseDoubt => ({
    type: 'RaiseDoubt',
    ...base(kitActors.partnerClerk),
    agreementId: KIT_AGREEMENT_ID,
    raisedBy: KIT_PARTNER.code,
    raisedOn: '2020-05-20',
    citation: { kind: 'provision', path: { article: '4', paragraph: 2 } },
    question: '事業ごとの費用分担を定めるまでの間、乙は既に実施した事業の費用を負担するか。',
    agreement: kitAgreementFacts(),
    ledgerPosition: '42',
    today: '2020-05-20',
    ...o,
  }),
  discuss: (o: Partial<DiscussDoubt> = {}): DiscussDoubt => ({
    type: 'DiscussDoubt',
    ...base(),
    consultationId: KIT_CONSULTATION_ID,
    consultation: kitConsultation(),
    ...o,
  }),
  resolve: (o: Partial<ResolveDoubt> = {}): ResolveDoubt => ({
    type: 'ResolveDoubt',
    ...base(),
    resolvedOn: '2020-06-10',
    resolution: '実施済みの事業の費用は、甲が負担する。',
    consultationId: KIT_CONSULTATION_ID,
    consultation: kitConsultation(),
    agreedBy: [KIT_CORE.code, KIT_PARTNER.code],
    ...o,
  }),
  withdraw: (o: Partial<WithdrawDoubt> = {}): WithdrawDoubt => ({
    type: 'WithdrawDoubt',
    ...base(kitActors.partnerClerk),
    withdrawnOn: '2020-06-01',
    reason: '事務レベルの確認で疑義が解消したため',
    ...o,
  }),
  apply: (o: Partial<FileDisputeApplication> = {}): FileDisputeApplication => ({
    type: 'FileDisputeApplication',
    ...base(kitActors.partnerClerk),
    appliedOn: '2020-09-01',
    applicant: KIT_PARTNER.code,
    recipient: 'prefectural-governor',
    documentNumber: '平企第120号',
    summary: '第4条第2項の費用分担について、自治紛争処理委員による処理方策の提示を求める。',
    ...o,
  }),
  appoint: (o: Partial<AppointDisputeCommissioners> = {}): AppointDisputeCommissioners => ({
    type: 'AppointDisputeCommissioners',
    ...base(),
    appointedOn: '2020-09-15',
    commissioners: [
      { name: '委員 一郎', title: '弁護士' },
      { name: '委員 二郎', title: '大学教授' },
      { name: '委員 三子', title: '公認会計士' },
    ],
    evidence: { documentNumber: '青森県指令市第45号', documentDate: '2020-09-15' },
    ...o,
  }),
  withdrawApplication: (o: Partial<WithdrawDisputeApplication> = {}): WithdrawDisputeApplication => ({
    type: 'WithdrawDisputeApplication',
    ...base(kitActors.partnerClerk),
    withdrawnOn: '2020-10-05',
    consentedOn: '2020-10-01',
    reason: '当事者間の協議を再開するため',
    ...o,
  }),
  present: (o: Partial<PresentSettlementProposal> = {}): PresentSettlementProposal => ({
    type: 'PresentSettlementProposal',
    ...base(),
    presentedOn: '2020-11-20',
    decidedOn: '2020-11-16',
    proposal: '実施済みの事業の費用は、甲及び乙が事業費の2分の1ずつ負担する。',
    evidence: { documentNumber: '自治紛争処理委員第1号', documentDate: '2020-11-20' },
    ...o,
  }),
  notify: (o: Partial<NotifySettlementProposal> = {}): NotifySettlementProposal => ({
    type: 'NotifySettlementProposal',
    ...base(),
    notifiedOn: '2020-11-20',
    evidence: { documentNumber: '自治紛争処理委員第2号', documentDate: '2020-11-20' },
    ...o,
  }),
  publish: (o: Partial<PublishSettlementProposal> = {}): PublishSettlementProposal => ({
    type: 'PublishSettlementProposal',
    ...base(),
    publishedOn: '2020-11-24',
    medium: '青森県報',
    evidence: { documentNumber: '青森県報第3201号', documentDate: '2020-11-24' },
    ...o,
  }),
  respond: (
    party: 'core' | 'partner',
    o: Partial<RespondToSettlementProposal> = {},
  ): RespondToSettlementProposal => ({
    type: 'RespondToSettlementProposal',
    ...base(party === 'core' ? kitActors.coreClerk : kitActors.partnerClerk),
    respondent: party === 'core' ? KIT_CORE.code : KIT_PARTNER.code,
    respondedOn: party === 'core' ? '2020-12-10' : '2020-12-15',
    stance: 'accepts',
    statement: '処理方策を尊重し、負担金の精算を行う。',
    ...o,
  }),
};

/** Runs commands through the real decider from `initial` and returns all events produced. */
export function doubtHistoryOf(
  commands: readonly DoubtCommand[],
  initial: readonly DoubtEvent[] = [],
): DoubtEvent[] {
  const events = [...initial];
  let state: DoubtState = initial.reduce(doubtDecider.evolve, doubtDecider.initialState());
  for (const command of commands) {
    const produced = doubtDecider.decide(command, state);
    state = produced.reduce(doubtDecider.evolve, state);
    events.push(...produced);
  }
  return events;
}
