/**
 * Builders for agreement commands with sensible defaults (青森市 × 平内町, concluded 2019-12-25), and
 * `historyOf(commands)` which runs commands through the real decider to produce a `given` history.
 * For tests of the domain and of the layers above it.
 */
import { type AgreementDocument, type AmendmentOperation } from '@kyoyaku/legal-text';
import { buildSampleDocument } from '@kyoyaku/legal-text/testing';
import type { Actor } from '../src/shared/actor';
import { agreementDecider } from '../src/agreement/agreement.decider';
import type {
  ConcludeProceeding,
  OpenAgreement,
  ProposeAbolition,
  ProposeAmendment,
  RecordCorrection,
  RecordCouncilResolution,
  RecordGovernorNotification,
  RecordPublicNotice,
  ReviseDraft,
  WithdrawProceeding,
  AgreementCommand,
} from '../src/agreement/agreement.commands';
import type { AgreementEvent } from '../src/agreement/agreement.events';
import type { AgreementState } from '../src/agreement/agreement.state';
import type { CorrectionInput, CouncilDecision, Party, PartyRole } from '../src/agreement/agreement.types';

export const KIT_AGREEMENT_ID = 'aomori-hiranai';
export const KIT_REGION_ID = 'aomori';
export const KIT_CORE: Party = { code: '022012', name: '青森市' };
export const KIT_PARTNER: Party = { code: '023019', name: '平内町' };
export const KIT_PREFECTURE: Party = { code: '020001', name: '青森県' };
export const KIT_CONCLUSION_ID = 'p-conclusion';
/**
 * The kit commands' today: after every date the kit and the tests built on it record (up to 2031 in
 * the property tests). Tests of the rule "no recorded fact after today" set `today` themselves.
 */
export const KIT_TODAY = '2040-03-31';

export const kitActors = {
  secretariat: { id: 'secretariat-1', role: 'secretariat', municipalityCode: KIT_CORE.code } satisfies Actor,
  admin: { id: 'admin-1', role: 'admin' } satisfies Actor,
  reader: { id: 'reader-1', role: 'reader' } satisfies Actor,
  coreClerk: { id: 'clerk-aomori', role: 'clerk', municipalityCode: KIT_CORE.code } satisfies Actor,
  partnerClerk: { id: 'clerk-hiranai', role: 'clerk', municipalityCode: KIT_PARTNER.code } satisfies Actor,
  otherClerk: { id: 'clerk-imabetsu', role: 'clerk', municipalityCode: '023035' } satisfies Actor,
} as const;

const base = (actor: Actor = kitActors.secretariat) => ({
  actor,
  agreementId: KIT_AGREEMENT_ID,
  today: KIT_TODAY,
});

/** Builders: each takes overrides for any field. */
export const kit = {
  open: (o: Partial<OpenAgreement> = {}): OpenAgreement => ({
    type: 'OpenAgreement',
    ...base(),
    regionId: KIT_REGION_ID,
    coreCity: KIT_CORE,
    partner: KIT_PARTNER,
    proceedingId: KIT_CONCLUSION_ID,
    draftedOn: '2019-11-22',
    document: buildSampleDocument(),
    ...o,
  }),
  revise: (o: Partial<ReviseDraft> = {}): ReviseDraft => ({
    type: 'ReviseDraft',
    ...base(),
    proceedingId: KIT_CONCLUSION_ID,
    draftedOn: '2019-12-01',
    draft: {
      kind: 'conclusion',
      document: buildSampleDocument({ title: '連携中枢都市圏の形成に係る連携協約（修正）' }),
    },
    ...o,
  }),
  resolve: (
    party: PartyRole,
    decision: CouncilDecision = 'approved',
    o: Partial<RecordCouncilResolution> = {},
  ): RecordCouncilResolution => ({
    type: 'RecordCouncilResolution',
    ...base(),
    proceedingId: KIT_CONCLUSION_ID,
    party,
    decision,
    resolvedOn: party === 'core' ? '2019-12-18' : '2019-12-13',
    ...o,
  }),
  conclude: (o: Partial<ConcludeProceeding> = {}): ConcludeProceeding => ({
    type: 'ConcludeProceeding',
    ...base(),
    proceedingId: KIT_CONCLUSION_ID,
    concludedOn: '2019-12-25',
    effectiveOn: '2019-12-25',
    signatories: {
      core: { title: '青森市長', name: '青森 太郎' },
      partner: { title: '平内町長', name: '平内 花子' },
    },
    ...o,
  }),
  notice: (party: PartyRole, o: Partial<RecordPublicNotice> = {}): RecordPublicNotice => ({
    type: 'RecordPublicNotice',
    ...base(),
    proceedingId: KIT_CONCLUSION_ID,
    party,
    noticeNumber: party === 'core' ? '青森市告示第600号' : '平内町告示第80号',
    publishedOn: '2019-12-25',
    ...o,
  }),
  /** 届出 by both parties in one filing (連名), recorded by the secretariat. */
  notify: (o: Partial<RecordGovernorNotification> = {}): RecordGovernorNotification => ({
    type: 'RecordGovernorNotification',
    ...base(),
    proceedingId: KIT_CONCLUSION_ID,
    filedBy: ['core', 'partner'],
    documentNumber: '青政第1234号',
    notifiedOn: '2019-12-26',
    ...o,
  }),
  /** 届出 by one party for itself. */
  notifyBy: (party: PartyRole, o: Partial<RecordGovernorNotification> = {}): RecordGovernorNotification => ({
    type: 'RecordGovernorNotification',
    ...base(),
    proceedingId: KIT_CONCLUSION_ID,
    filedBy: [party],
    documentNumber: party === 'core' ? '青政第1234号' : '平企第56号',
    notifiedOn: '2019-12-26',
    ...o,
  }),
  amend: (operations: AmendmentOperation[], o: Partial<ProposeAmendment> = {}): ProposeAmendment => ({
    type: 'ProposeAmendment',
    ...base(),
    proceedingId: 'p-amendment-1',
    draftedOn: '2021-01-15',
    operations,
    ...o,
  }),
  abolish: (o: Partial<ProposeAbolition> = {}): ProposeAbolition => ({
    type: 'ProposeAbolition',
    ...base(),
    proceedingId: 'p-abolition',
    draftedOn: '2024-01-10',
    reason: '圏域の再編のため',
    // The 附則 the kit's abolitions conclude on: 「この協約は、令和6年4月1日から施行する。」
    effectiveOn: '2024-04-01',
    ...o,
  }),
  withdraw: (o: Partial<WithdrawProceeding> = {}): WithdrawProceeding => ({
    type: 'WithdrawProceeding',
    ...base(),
    proceedingId: KIT_CONCLUSION_ID,
    withdrawnOn: '2019-12-20',
    reason: '協議を打ち切るため',
    ...o,
  }),
  correct: (
    correctsRevision: number,
    correction: CorrectionInput,
    o: Partial<RecordCorrection> = {},
  ): RecordCorrection => ({
    type: 'RecordCorrection',
    ...base(),
    correctsEventId: `event-${correctsRevision}`,
    correctsRevision,
    correction,
    reason: '転記誤りのため',
    ...o,
  }),
};

/** A simple amendment that applies to the sample document: renames measure m01. */
export function sampleOperations(name = '推進体制の整備（改）'): AmendmentOperation[] {
  return [{ op: 'reviseMeasure', id: 'm01', changes: { name } }];
}

/** Runs commands through the real decider from `initial` and returns all events produced. */
export function historyOf(
  commands: readonly AgreementCommand[],
  initial: readonly AgreementEvent[] = [],
): AgreementEvent[] {
  const events = [...initial];
  let state: AgreementState = initial.reduce(agreementDecider.evolve, agreementDecider.initialState());
  for (const command of commands) {
    const produced = agreementDecider.decide(command, state);
    state = produced.reduce(agreementDecider.evolve, state);
    events.push(...produced);
  }
  return events;
}

/** The steps of one proceeding from its councils to completion, with the kit's defaults shifted to `on`. */
export function completeProceeding(
  proceedingId: string,
  dates: { resolvedOn: string; concludedOn: string; effectiveOn: string; retroactiveReason?: string },
): AgreementCommand[] {
  return [
    kit.resolve('core', 'approved', { proceedingId, resolvedOn: dates.resolvedOn }),
    kit.resolve('partner', 'approved', { proceedingId, resolvedOn: dates.resolvedOn }),
    kit.conclude({
      proceedingId,
      concludedOn: dates.concludedOn,
      effectiveOn: dates.effectiveOn,
      ...(dates.retroactiveReason !== undefined ? { retroactive: { reason: dates.retroactiveReason } } : {}),
    }),
    kit.notice('core', { proceedingId, publishedOn: dates.concludedOn }),
    kit.notice('partner', { proceedingId, publishedOn: dates.concludedOn }),
    kit.notify({ proceedingId, notifiedOn: dates.concludedOn }),
  ];
}

/** The commands of the kit's agreement from drafting to a completed conclusion. */
export function concludedAgreementCommands(
  document: AgreementDocument = buildSampleDocument(),
): AgreementCommand[] {
  return [
    kit.open({ document }),
    kit.resolve('partner'),
    kit.resolve('core'),
    kit.conclude(),
    kit.notice('core'),
    kit.notice('partner'),
    kit.notify(),
  ];
}
