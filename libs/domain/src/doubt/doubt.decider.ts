/**
 * The doubt (疑義) aggregate as a decider (DESIGN.md §2.1, §2.3).
 *
 * Life. A party of the agreement raises a doubt on a date on which the agreement is in force, citing
 * a provision, a measure, or nothing (定めのない事項); the application pins the version in force on
 * that date and the ledger's head position. Then the doubt is discussed at consultations (第5条), and
 * ends in one of three ways:
 *   - resolved (第6条) by agreement of both parties at a held consultation, possibly starting an
 *     amendment proceeding (変更手続) of the agreement;
 *   - withdrawn by the party that raised it;
 *   - escalated to the statutory procedure (地方自治法 第252条の2第7項, 第251条の3の2): a written
 *     application by a party to the 知事 (総務大臣 where a prefecture is a party) → three
 *     自治紛争処理委員 appointed → the 処理方策 presented to the parties (then notified to the 知事 and
 *     published) → each party's response. The applicant may withdraw the application with the
 *     consent of the 知事 while no 処理方策 is presented; the doubt is then open again and may be
 *     resolved by consultation — never while an application stands. Both parties must respect the
 *     処理方策 (尊重義務) but it does not bind: the doubt ends `settled` when both accept it, and
 *     `unsettled` otherwise.
 *
 * Who. Readers record nothing. A clerk acts only for its own municipality and only where it is a
 * party: it raises, applies, responds for its own party, links a consultation, and withdraws what its
 * party raised or applied for. The secretariat and admins record everything, including what only
 * they can attest: a resolution agreed by both parties and the steps taken by the 知事 and the
 * commissioners.
 *
 * Dates. No step is dated before the step it follows; the same day is allowed.
 */
import { requiredNotificationRecipient } from '../agreement/agreement.decider';
import { NOTIFICATION_RECIPIENT_NAMES, type PartyRole } from '../agreement/agreement.types';
import { assertMunicipalityCode } from '../municipality/municipality-code';
import type { Actor } from '../shared/actor';
import type { Decider } from '../shared/decider';
import { assertLegalDate, assertNonBlank, assertNotBefore } from '../shared/validation';
import { resolveCitation } from './doubt-citation';
import type {
  AppointDisputeCommissioners,
  DiscussDoubt,
  DoubtCommand,
  DoubtCommandType,
  FileDisputeApplication,
  NotifySettlementProposal,
  PresentSettlementProposal,
  PublishSettlementProposal,
  RaiseDoubt,
  ResolveDoubt,
  RespondToSettlementProposal,
  WithdrawDisputeApplication,
  WithdrawDoubt,
} from './doubt.commands';
import { doubtError } from './doubt.errors';
import { DOUBT_EVENT_SCHEMA_VERSION as V, type DoubtEvent } from './doubt.events';
import {
  currentApplication,
  isClosed,
  isEscalated,
  isRaised,
  lastStepDate,
  roleOfCode,
  type DisputeApplicationState,
  type DoubtState,
  type RaisedDoubtState,
} from './doubt.state';
import {
  RESPONSE_STANCES,
  type ConsultationFacts,
  type DoubtParties,
  type DoubtParty,
  type ResponseStance,
} from './doubt.types';

export function initialDoubtState(): DoubtState {
  return { status: 'initial' };
}

// ───────────────────────────── guards ─────────────────────────────

/** What only the secretariat (or an admin) attests: a joint resolution and the steps of the 知事 and the commissioners. */
const SECRETARIAT_COMMANDS: readonly DoubtCommandType[] = [
  'ResolveDoubt',
  'AppointDisputeCommissioners',
  'PresentSettlementProposal',
  'NotifySettlementProposal',
  'PublishSettlementProposal',
];

function assertActorMayIssue(command: DoubtCommand): void {
  const { actor } = command;
  switch (actor.role) {
    case 'secretariat':
    case 'admin':
      return;
    case 'clerk':
      if (!SECRETARIAT_COMMANDS.includes(command.type)) return;
      throw doubtError(
        'ActorNotPermitted',
        `担当職員（clerk）は ${command.type} を記録できません。双方の合意による解決、自治紛争処理委員の任命及び処理方策の提示・通知・公表は事務局（secretariat）又は管理者（admin）が記録します。`,
        { field: 'actor.role' },
      );
    case 'reader':
      throw doubtError(
        'ActorNotPermitted',
        `閲覧者（reader）は記録できません（${command.type}）。当事者の担当職員・事務局・管理者の権限が必要です。`,
        { field: 'actor.role' },
      );
  }
  throw doubtError('ActorNotPermitted', `不明な役割「${String(actor.role)}」では記録できません。`, {
    field: 'actor.role',
  });
}

function partyName(parties: DoubtParties, role: PartyRole): string {
  return `${role === 'core' ? '甲' : '乙'}（${parties[role].name}）`;
}

function partyOf(parties: DoubtParties, role: PartyRole): DoubtParty {
  return { role, code: parties[role].code, name: parties[role].name };
}

/** A clerk acts only where its municipality is a party, and (when `forCode` is given) only for it. */
function assertClerkScope(
  actor: Actor,
  parties: DoubtParties,
  forCode: string | undefined,
  what: string,
): void {
  if (actor.role !== 'clerk') return;
  const own = actor.municipalityCode;
  if (own === undefined || roleOfCode(parties, own) === undefined) {
    throw doubtError(
      'ClerkMayActOnlyForOwnMunicipality',
      `担当職員（${own ?? '所属団体コードなし'}）の団体はこの協約の当事者（${parties.core.name}・${parties.partner.name}）ではないため、${what}を記録できません。`,
      { field: 'actor.municipalityCode' },
    );
  }
  if (forCode !== undefined && forCode !== own) {
    throw doubtError(
      'ClerkMayActOnlyForOwnMunicipality',
      `担当職員（${own}）は他の団体（${forCode}）の${what}を記録できません。自団体の担当職員又は事務局が記録してください。`,
      { field: 'actor.municipalityCode' },
    );
  }
}

function requireRaised(state: DoubtState, doubtId: string): RaisedDoubtState {
  if (!isRaised(state)) {
    throw doubtError('DoubtNotFound', `疑義「${doubtId}」は提起されていません。`, { field: 'doubtId' });
  }
  return state;
}

const CLOSED_REASONS: Readonly<Record<string, (s: RaisedDoubtState) => string>> = {
  resolved: (s) => `${s.resolution?.resolvedOn ?? ''}に協議により解決済み`,
  withdrawn: (s) => `${s.withdrawal?.withdrawnOn ?? ''}に取下げ済み`,
  settled: () => '処理方策により解決済み',
  unsettled: () => '処理方策に対する双方の回答により手続が終了済み',
};

function assertOpen(state: RaisedDoubtState, what: string): void {
  if (!isClosed(state)) return;
  const reason = CLOSED_REASONS[state.status]?.(state) ?? state.status;
  throw doubtError(
    'DoubtClosed',
    `疑義「${state.doubtId}」は${reason}のため、${what}は記録できません。新たな疑義として提起してください。`,
    { field: 'doubtId', details: { doubtStatus: state.status } },
  );
}

/** The code is a valid 全国地方公共団体コード of 甲 or 乙. */
function requirePartyCode(parties: DoubtParties, code: string, field: string, who: string): PartyRole {
  assertMunicipalityCode(code, field);
  const role = roleOfCode(parties, code);
  if (role === undefined) {
    throw doubtError(
      'NotAPartyOfTheAgreement',
      `${who}（${code}）はこの協約の当事者ではありません。甲（${parties.core.name}・${parties.core.code}）又は乙（${parties.partner.name}・${parties.partner.code}）を指定してください。`,
      { field },
    );
  }
  return role;
}

function requireConsultation(
  state: RaisedDoubtState,
  consultationId: string,
  consultation: ConsultationFacts | null,
): ConsultationFacts {
  assertNonBlank(consultationId, 'consultationId', '協議ID');
  if (consultation === null || consultation.consultationId !== consultationId) {
    throw doubtError('ConsultationNotFound', `協議「${consultationId}」は協議の台帳にありません。`, {
      field: 'consultationId',
    });
  }
  if (consultation.regionId !== state.regionId) {
    throw doubtError(
      'ConsultationOfAnotherRegion',
      `協議「${consultationId}」は圏域「${consultation.regionId}」の協議です。この疑義の協約は圏域「${state.regionId}」に属します。`,
      { field: 'consultationId' },
    );
  }
  const missing = (['core', 'partner'] as const).filter(
    (role) => !consultation.participants.includes(state.parties[role].code),
  );
  if (missing.length > 0) {
    throw doubtError(
      'ConsultationWithoutBothParties',
      `協議「${consultationId}」の参加団体に${missing.map((r) => partyName(state.parties, r)).join('・')}が含まれていません。疑義は双方の当事者が参加する協議で取り上げてください。`,
      { field: 'consultationId' },
    );
  }
  return consultation;
}

function activeApplication(state: RaisedDoubtState, what: string): DisputeApplicationState {
  const application = currentApplication(state);
  if (application === undefined || application.status === 'withdrawn') {
    const withdrawn =
      application === undefined ? '' : `（第${application.applicationNumber}次の申請は取り下げられています）`;
    throw doubtError(
      'ApplicationNotFiled',
      `疑義「${state.doubtId}」について自治紛争処理委員による処理の申請がされていないため、${what}は記録できません${withdrawn}。先に申請（escalation）を記録してください。`,
      { field: 'doubtId' },
    );
  }
  return application;
}

function requireProposal(application: DisputeApplicationState, what: string) {
  const proposal = application.proposal;
  if (proposal === undefined) {
    throw doubtError(
      'ProposalNotPresented',
      `第${application.applicationNumber}次の申請について処理方策が提示されていないため、${what}は記録できません。`,
      { field: 'doubtId' },
    );
  }
  return proposal;
}

// ───────────────────────────── commands ─────────────────────────────

function raiseDoubt(command: RaiseDoubt, state: DoubtState): DoubtEvent[] {
  assertNonBlank(command.doubtId, 'doubtId', '疑義ID');
  assertLegalDate(command.raisedOn, 'raisedOn', '疑義の提起日');
  assertMunicipalityCode(command.raisedBy, 'raisedBy');
  assertNonBlank(command.question, 'question', '疑義の内容');
  assertLegalDate(command.today, 'today', '本日');
  if (isRaised(state)) {
    throw doubtError(
      'DoubtAlreadyRaised',
      `疑義「${state.doubtId}」は${state.raisedOn}に提起済みです。別の疑義IDを指定してください。`,
      { field: 'doubtId' },
    );
  }
  const agreement = command.agreement;
  if (agreement === null) {
    throw doubtError('AgreementNotFound', `連携協約「${command.agreementId}」は台帳にありません。`, {
      field: 'agreementId',
    });
  }
  const parties: DoubtParties = { core: agreement.coreCity, partner: agreement.partner };
  const role = requirePartyCode(parties, command.raisedBy, 'raisedBy', '疑義を提起する団体');
  assertClerkScope(command.actor, parties, command.raisedBy, '疑義の提起');
  if (command.raisedOn > command.today) {
    throw doubtError(
      'RaisedDateInFuture',
      `疑義の提起日 ${command.raisedOn} は本日（${command.today}）より後です。疑義は生じた日（本日以前）で記録してください。`,
      { field: 'raisedOn', details: { today: command.today } },
    );
  }
  const version = agreement.versionInForce;
  if (agreement.statusOnRaisedDate !== 'in-force' || version === undefined) {
    const why: Record<typeof agreement.statusOnRaisedDate, string> = {
      negotiating: 'まだ締結されていません（協議中）',
      withdrawn: '締結されないまま取り下げられています',
      'not-yet-in-force': 'まだ施行されていません（未施行）',
      'in-force': '施行されている版が見つかりません',
      abolished: '既に廃止されています',
    };
    throw doubtError(
      'AgreementNotInForceOnRaisedDate',
      `連携協約「${agreement.agreementId}」は ${command.raisedOn} の時点で${why[agreement.statusOnRaisedDate]}。疑義は協約が効力を有する日（施行日以後、廃止前）について提起してください。`,
      { field: 'raisedOn', details: { statusOnRaisedDate: agreement.statusOnRaisedDate } },
    );
  }
  if (!/^[1-9][0-9]*$/.test(command.ledgerPosition)) {
    throw doubtError('InvalidValue', `台帳の位置「${command.ledgerPosition}」は1以上の整数ではありません。`, {
      field: 'ledgerPosition',
    });
  }
  const resolved = resolveCitation(version.document, command.citation);
  if (!resolved.ok) {
    throw resolved.reason === 'invalid'
      ? doubtError('InvalidCitation', `引用の指定が不正です: ${resolved.problem}`, { field: 'citation' })
      : doubtError(
          'CitationNotInPinnedVersion',
          `${resolved.problem}。${command.raisedOn} に施行されている第${version.number}版（${version.effectiveFrom}施行）に存在する条項又は連携施策を引用するか、定めのない事項（unspecified）として提起してください。`,
          { field: 'citation', details: { versionNumber: version.number } },
        );
  }
  return [
    {
      type: 'DoubtRaised',
      schemaVersion: V,
      data: {
        doubtId: command.doubtId,
        agreementId: agreement.agreementId,
        regionId: agreement.regionId,
        parties: {
          core: { code: agreement.coreCity.code, name: agreement.coreCity.name },
          partner: { code: agreement.partner.code, name: agreement.partner.name },
        },
        raisedBy: partyOf(parties, role),
        raisedOn: command.raisedOn,
        citation: resolved.citation,
        question: command.question,
        pinned: {
          versionNumber: version.number,
          proceedingId: version.proceedingId,
          effectiveFrom: version.effectiveFrom,
          ledgerPosition: command.ledgerPosition,
          citedText: resolved.text,
        },
      },
    },
  ];
}

function discussDoubt(command: DiscussDoubt, raised: RaisedDoubtState): DoubtEvent[] {
  assertClerkScope(command.actor, raised.parties, undefined, '協議への付議');
  assertOpen(raised, '協議への付議');
  if (command.note !== undefined) assertNonBlank(command.note, 'note', '備考');
  const consultation = requireConsultation(raised, command.consultationId, command.consultation);
  if (consultation.status === 'cancelled') {
    throw doubtError(
      'ConsultationCancelled',
      `協議「${consultation.consultationId}」は中止されています。開催される協議を指定してください。`,
      { field: 'consultationId' },
    );
  }
  const date = consultation.heldOn ?? consultation.scheduledOn;
  if (date < raised.raisedOn) {
    throw doubtError(
      'ConsultationBeforeDoubt',
      `協議「${consultation.consultationId}」（${date}）は疑義の提起日（${raised.raisedOn}）より前のため、この疑義を取り上げることはできません。`,
      { field: 'consultationId', details: { raisedOn: raised.raisedOn } },
    );
  }
  if (raised.consultations.some((c) => c.consultationId === consultation.consultationId)) {
    throw doubtError(
      'ConsultationAlreadyLinked',
      `疑義「${raised.doubtId}」は既に協議「${consultation.consultationId}」に付議されています。`,
      { field: 'consultationId' },
    );
  }
  return [
    {
      type: 'DoubtDiscussedAtConsultation',
      schemaVersion: V,
      data: {
        doubtId: raised.doubtId,
        consultationId: consultation.consultationId,
        consultationDate: date,
        consultationStatus: consultation.status,
        ...(command.note === undefined ? {} : { note: command.note }),
      },
    },
  ];
}

function resolveDoubt(command: ResolveDoubt, raised: RaisedDoubtState): DoubtEvent[] {
  assertOpen(raised, '協議による解決');
  if (isEscalated(raised)) {
    const application = currentApplication(raised);
    throw doubtError(
      'ResolutionAfterEscalation',
      `疑義「${raised.doubtId}」は${application?.appliedOn ?? ''}に自治紛争処理委員による処理が申請されています（第252条の2第7項）。申請が取り下げられない限り、協議による解決は記録できません。`,
      { field: 'doubtId' },
    );
  }
  assertLegalDate(command.resolvedOn, 'resolvedOn', '解決の日');
  assertNonBlank(command.resolution, 'resolution', '解決の内容');
  const consultation = requireConsultation(raised, command.consultationId, command.consultation);
  if (consultation.status !== 'held' || consultation.heldOn === null) {
    throw doubtError(
      'ResolutionRequiresHeldConsultation',
      `協議「${consultation.consultationId}」は開催されていません（状態: ${consultation.status}）。疑義の解決は開催された協議で双方が合意したものに限ります（第6条）。`,
      { field: 'consultationId', details: { consultationStatus: consultation.status } },
    );
  }
  const heldOn = consultation.heldOn;
  if (!Array.isArray(command.agreedBy)) {
    throw doubtError('ResolutionRequiresBothParties', '合意した団体（agreedBy）を配列で指定してください。', {
      field: 'agreedBy',
    });
  }
  const roles = new Set<PartyRole>();
  command.agreedBy.forEach((code, index) =>
    roles.add(requirePartyCode(raised.parties, code, `agreedBy.${index}`, '合意した団体')),
  );
  const missing = (['core', 'partner'] as const).filter((role) => !roles.has(role));
  if (missing.length > 0) {
    throw doubtError(
      'ResolutionRequiresBothParties',
      `疑義の解決には双方の当事者の合意が必要です。${missing.map((r) => partyName(raised.parties, r)).join('・')}の合意がありません（agreedBy に双方の団体コードを指定してください）。`,
      { field: 'agreedBy' },
    );
  }
  if (heldOn < raised.raisedOn) {
    throw doubtError(
      'ConsultationBeforeDoubt',
      `協議「${consultation.consultationId}」（${heldOn}開催）は疑義の提起日（${raised.raisedOn}）より前です。`,
      { field: 'consultationId', details: { raisedOn: raised.raisedOn } },
    );
  }
  assertNotBefore(command.resolvedOn, heldOn, 'resolvedOn', '疑義の解決', '協議の開催');
  assertNotBefore(
    command.resolvedOn,
    lastStepDate(raised),
    'resolvedOn',
    '疑義の解決',
    'この疑義の直前の手順',
  );
  if (command.followUpProceedingId !== undefined) {
    const id = command.followUpProceedingId;
    const proceeding = command.followUpProceeding;
    if (proceeding === undefined || proceeding === null || proceeding.proceedingId !== id) {
      throw doubtError(
        'FollowUpProceedingNotFound',
        `連携協約「${raised.agreementId}」に手続「${id}」はありません。先に POST /agreements/${raised.agreementId}/proceedings で変更手続を開始し、その手続IDを指定してください。`,
        { field: 'followUpProceedingId' },
      );
    }
    if (proceeding.kind !== 'amendment') {
      throw doubtError(
        'FollowUpMustBeAmendment',
        `手続「${id}」は${proceeding.kind === 'conclusion' ? '締結' : '廃止'}の手続です。解決が開始するのは協約の変更手続です。`,
        { field: 'followUpProceedingId', details: { kind: proceeding.kind } },
      );
    }
    if (proceeding.status === 'withdrawn') {
      throw doubtError(
        'FollowUpProceedingWithdrawn',
        `変更手続「${id}」は取り下げられています。進行中又は締結済みの変更手続を指定してください。`,
        { field: 'followUpProceedingId' },
      );
    }
    if (proceeding.openedOn < raised.raisedOn) {
      throw doubtError(
        'FollowUpProceedingPredatesDoubt',
        `変更手続「${id}」は${proceeding.openedOn}に開始されており、疑義の提起（${raised.raisedOn}）より前です。解決により開始する変更手続は、疑義の提起以後に開始されたものに限ります。`,
        { field: 'followUpProceedingId', details: { openedOn: proceeding.openedOn } },
      );
    }
  }
  return [
    {
      type: 'DoubtResolved',
      schemaVersion: V,
      data: {
        doubtId: raised.doubtId,
        resolvedOn: command.resolvedOn,
        resolution: command.resolution,
        consultationId: consultation.consultationId,
        consultationHeldOn: heldOn,
        agreedBy: [raised.parties.core.code, raised.parties.partner.code],
        ...(command.followUpProceedingId === undefined
          ? {}
          : { followUpProceedingId: command.followUpProceedingId }),
      },
    },
  ];
}

function withdrawDoubt(command: WithdrawDoubt, raised: RaisedDoubtState): DoubtEvent[] {
  assertClerkScope(command.actor, raised.parties, undefined, '疑義の取下げ');
  if (command.actor.role === 'clerk' && command.actor.municipalityCode !== raised.raisedBy.code) {
    throw doubtError(
      'OnlyTheRaisingPartyMayWithdraw',
      `疑義を取り下げられるのは提起した${partyName(raised.parties, raised.raisedBy.role)}です。`,
      { field: 'actor.municipalityCode' },
    );
  }
  assertOpen(raised, '取下げ');
  if (isEscalated(raised)) {
    throw doubtError(
      'DoubtEscalated',
      `疑義「${raised.doubtId}」は自治紛争処理委員による処理が申請されています。先に申請を取り下げてください（知事等の同意が必要です）。`,
      { field: 'doubtId' },
    );
  }
  assertLegalDate(command.withdrawnOn, 'withdrawnOn', '取下げの日');
  assertNonBlank(command.reason, 'reason', '取下げの理由');
  assertNotBefore(
    command.withdrawnOn,
    lastStepDate(raised),
    'withdrawnOn',
    '疑義の取下げ',
    'この疑義の直前の手順',
  );
  return [
    {
      type: 'DoubtWithdrawn',
      schemaVersion: V,
      data: { doubtId: raised.doubtId, withdrawnOn: command.withdrawnOn, reason: command.reason },
    },
  ];
}

function fileDisputeApplication(command: FileDisputeApplication, raised: RaisedDoubtState): DoubtEvent[] {
  const role = requirePartyCode(raised.parties, command.applicant, 'applicant', '申請する団体');
  assertClerkScope(command.actor, raised.parties, command.applicant, '自治紛争処理委員による処理の申請');
  assertOpen(raised, '自治紛争処理委員による処理の申請');
  const current = currentApplication(raised);
  if (current !== undefined && current.status !== 'withdrawn') {
    throw doubtError(
      'AlreadyEscalated',
      `疑義「${raised.doubtId}」は${current.appliedOn}に申請済みです（第${current.applicationNumber}次）。重ねて申請することはできません。`,
      { field: 'doubtId' },
    );
  }
  assertLegalDate(command.appliedOn, 'appliedOn', '申請の日');
  if (command.recipient !== 'prefectural-governor' && command.recipient !== 'minister-of-internal-affairs') {
    throw doubtError(
      'InvalidValue',
      `申請先「${String(command.recipient)}」は不明です（prefectural-governor 又は minister-of-internal-affairs）。`,
      { field: 'recipient' },
    );
  }
  const required = requiredNotificationRecipient({
    coreCity: raised.parties.core,
    partner: raised.parties.partner,
  });
  if (command.recipient !== required) {
    throw doubtError(
      'WrongApplicationRecipient',
      required === 'minister-of-internal-affairs'
        ? '都道府県が当事者となる紛争の申請先は総務大臣です（地方自治法第252条の2第7項）。recipient に minister-of-internal-affairs を指定してください。'
        : '市町村間の紛争の申請先は都道府県知事です（地方自治法第252条の2第7項）。recipient に prefectural-governor を指定してください。',
      { field: 'recipient', details: { required } },
    );
  }
  assertNonBlank(command.documentNumber, 'documentNumber', '申請書の文書番号（申請は文書による）');
  assertNonBlank(command.summary, 'summary', '申請の要旨');
  assertNotBefore(command.appliedOn, lastStepDate(raised), 'appliedOn', '申請', 'この疑義の直前の手順');
  return [
    {
      type: 'DisputeApplicationFiled',
      schemaVersion: V,
      data: {
        doubtId: raised.doubtId,
        applicationNumber: raised.applications.length + 1,
        appliedOn: command.appliedOn,
        applicant: partyOf(raised.parties, role),
        recipient: command.recipient,
        documentNumber: command.documentNumber,
        summary: command.summary,
      },
    },
  ];
}

function appointCommissioners(command: AppointDisputeCommissioners, raised: RaisedDoubtState): DoubtEvent[] {
  assertOpen(raised, '自治紛争処理委員の任命');
  const application = activeApplication(raised, '自治紛争処理委員の任命');
  if (application.appointment !== undefined) {
    throw doubtError(
      'CommissionersAlreadyAppointed',
      `第${application.applicationNumber}次の申請の自治紛争処理委員は${application.appointment.appointedOn}に任命済みです。`,
      { field: 'commissioners' },
    );
  }
  assertLegalDate(command.appointedOn, 'appointedOn', '任命の日');
  if (!Array.isArray(command.commissioners) || command.commissioners.length !== 3) {
    throw doubtError(
      'ThreeCommissionersRequired',
      `自治紛争処理委員は事件ごとに3人を任命します（地方自治法第251条第2項）。${Array.isArray(command.commissioners) ? command.commissioners.length : 0}人ではなく3人を指定してください。`,
      { field: 'commissioners' },
    );
  }
  command.commissioners.forEach((c, i) => {
    assertNonBlank(c.name, `commissioners.${i}.name`, '委員の氏名');
    assertNonBlank(c.title, `commissioners.${i}.title`, '委員の職');
  });
  const names = command.commissioners.map((c) => c.name.trim());
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) {
    throw doubtError(
      'DuplicateCommissioner',
      `委員「${duplicate}」が重複しています。異なる3人を指定してください。`,
      {
        field: 'commissioners',
      },
    );
  }
  assertNotBefore(command.appointedOn, application.appliedOn, 'appointedOn', '委員の任命', '申請');
  return [
    {
      type: 'DisputeCommissionersAppointed',
      schemaVersion: V,
      data: {
        doubtId: raised.doubtId,
        applicationNumber: application.applicationNumber,
        appointedOn: command.appointedOn,
        commissioners: command.commissioners.map((c) => ({ name: c.name, title: c.title })),
      },
    },
  ];
}

function withdrawDisputeApplication(
  command: WithdrawDisputeApplication,
  raised: RaisedDoubtState,
): DoubtEvent[] {
  assertClerkScope(command.actor, raised.parties, undefined, '申請の取下げ');
  assertOpen(raised, '申請の取下げ');
  const application = activeApplication(raised, '申請の取下げ');
  if (command.actor.role === 'clerk' && command.actor.municipalityCode !== application.applicant.code) {
    throw doubtError(
      'OnlyTheApplicantMayWithdraw',
      `申請を取り下げられるのは申請した${partyName(raised.parties, application.applicant.role)}です。`,
      { field: 'actor.municipalityCode' },
    );
  }
  if (application.status !== 'pending') {
    throw doubtError(
      'ApplicationNoLongerPending',
      `第${application.applicationNumber}次の申請は処理方策が提示されているため、取り下げることはできません。`,
      { field: 'doubtId' },
    );
  }
  assertLegalDate(command.withdrawnOn, 'withdrawnOn', '申請の取下げの日');
  assertLegalDate(
    command.consentedOn,
    'consentedOn',
    `${NOTIFICATION_RECIPIENT_NAMES[application.recipient]}の同意の日`,
  );
  assertNonBlank(command.reason, 'reason', '取下げの理由');
  const previous = application.appointment?.appointedOn ?? application.appliedOn;
  assertNotBefore(
    command.consentedOn,
    previous,
    'consentedOn',
    '取下げへの同意',
    application.appointment ? '委員の任命' : '申請',
  );
  assertNotBefore(command.withdrawnOn, command.consentedOn, 'withdrawnOn', '申請の取下げ', '同意');
  return [
    {
      type: 'DisputeApplicationWithdrawn',
      schemaVersion: V,
      data: {
        doubtId: raised.doubtId,
        applicationNumber: application.applicationNumber,
        withdrawnOn: command.withdrawnOn,
        consentedOn: command.consentedOn,
        reason: command.reason,
      },
    },
  ];
}

function presentProposal(command: PresentSettlementProposal, raised: RaisedDoubtState): DoubtEvent[] {
  assertOpen(raised, '処理方策の提示');
  const application = activeApplication(raised, '処理方策の提示');
  if (application.proposal !== undefined) {
    throw doubtError(
      'ProposalAlreadyPresented',
      `第${application.applicationNumber}次の申請の処理方策は${application.proposal.presentedOn}に提示済みです。`,
      { field: 'doubtId' },
    );
  }
  const appointment = application.appointment;
  if (appointment === undefined) {
    throw doubtError(
      'CommissionersNotAppointed',
      '処理方策は任命された自治紛争処理委員が合議により定めます。先に委員の任命を記録してください。',
      { field: 'doubtId' },
    );
  }
  assertLegalDate(command.presentedOn, 'presentedOn', '処理方策の提示の日');
  assertNonBlank(command.proposal, 'proposal', '処理方策');
  if (command.decidedOn !== undefined) {
    assertLegalDate(command.decidedOn, 'decidedOn', '合議の日');
    assertNotBefore(command.decidedOn, appointment.appointedOn, 'decidedOn', '合議', '委員の任命');
    assertNotBefore(command.presentedOn, command.decidedOn, 'presentedOn', '処理方策の提示', '合議');
  }
  assertNotBefore(
    command.presentedOn,
    appointment.appointedOn,
    'presentedOn',
    '処理方策の提示',
    '委員の任命',
  );
  return [
    {
      type: 'SettlementProposalPresented',
      schemaVersion: V,
      data: {
        doubtId: raised.doubtId,
        applicationNumber: application.applicationNumber,
        presentedOn: command.presentedOn,
        ...(command.decidedOn === undefined ? {} : { decidedOn: command.decidedOn }),
        proposal: command.proposal,
      },
    },
  ];
}

function notifyProposal(command: NotifySettlementProposal, raised: RaisedDoubtState): DoubtEvent[] {
  const application = activeApplication(raised, '処理方策の通知');
  const proposal = requireProposal(application, '処理方策の通知');
  if (proposal.notifiedOn !== undefined) {
    throw doubtError('ProposalAlreadyNotified', `処理方策は${proposal.notifiedOn}に通知済みです。`, {
      field: 'doubtId',
    });
  }
  assertLegalDate(command.notifiedOn, 'notifiedOn', '処理方策の通知の日');
  assertNotBefore(command.notifiedOn, proposal.presentedOn, 'notifiedOn', '処理方策の通知', '処理方策の提示');
  return [
    {
      type: 'SettlementProposalNotified',
      schemaVersion: V,
      data: {
        doubtId: raised.doubtId,
        applicationNumber: application.applicationNumber,
        notifiedOn: command.notifiedOn,
        recipient: application.recipient,
      },
    },
  ];
}

function publishProposal(command: PublishSettlementProposal, raised: RaisedDoubtState): DoubtEvent[] {
  const application = activeApplication(raised, '処理方策の公表');
  const proposal = requireProposal(application, '処理方策の公表');
  if (proposal.publishedOn !== undefined) {
    throw doubtError('ProposalAlreadyPublished', `処理方策は${proposal.publishedOn}に公表済みです。`, {
      field: 'doubtId',
    });
  }
  assertLegalDate(command.publishedOn, 'publishedOn', '処理方策の公表の日');
  assertNonBlank(command.medium, 'medium', '公表の方法（例: 青森県報）');
  assertNotBefore(
    command.publishedOn,
    proposal.presentedOn,
    'publishedOn',
    '処理方策の公表',
    '処理方策の提示',
  );
  return [
    {
      type: 'SettlementProposalPublished',
      schemaVersion: V,
      data: {
        doubtId: raised.doubtId,
        applicationNumber: application.applicationNumber,
        publishedOn: command.publishedOn,
        medium: command.medium,
      },
    },
  ];
}

function isStance(value: unknown): value is ResponseStance {
  return typeof value === 'string' && (RESPONSE_STANCES as readonly string[]).includes(value);
}

function respondToProposal(command: RespondToSettlementProposal, raised: RaisedDoubtState): DoubtEvent[] {
  const role = requirePartyCode(raised.parties, command.respondent, 'respondent', '回答する団体');
  assertClerkScope(command.actor, raised.parties, command.respondent, '処理方策に対する回答');
  const application = activeApplication(raised, '処理方策に対する回答');
  const proposal = requireProposal(application, '処理方策に対する回答');
  const existing = proposal.responses[role];
  if (existing !== undefined) {
    throw doubtError(
      'DuplicateResponse',
      `${partyName(raised.parties, role)}は${existing.respondedOn}に処理方策に回答済みです。`,
      { field: 'respondent' },
    );
  }
  assertLegalDate(command.respondedOn, 'respondedOn', '回答の日');
  if (!isStance(command.stance)) {
    throw doubtError(
      'InvalidValue',
      `回答の内容「${String(command.stance)}」は不明です（${RESPONSE_STANCES.join('、')}のいずれか）。`,
      { field: 'stance' },
    );
  }
  assertNonBlank(command.statement, 'statement', '回答の要旨');
  assertNotBefore(command.respondedOn, proposal.presentedOn, 'respondedOn', '回答', '処理方策の提示');
  const events: DoubtEvent[] = [
    {
      type: 'SettlementProposalResponded',
      schemaVersion: V,
      data: {
        doubtId: raised.doubtId,
        applicationNumber: application.applicationNumber,
        respondent: partyOf(raised.parties, role),
        respondedOn: command.respondedOn,
        stance: command.stance,
        statement: command.statement,
      },
    },
  ];
  const other = proposal.responses[role === 'core' ? 'partner' : 'core'];
  if (other !== undefined) {
    const concludedOn = other.respondedOn > command.respondedOn ? other.respondedOn : command.respondedOn;
    events.push({
      type: 'DisputeConcluded',
      schemaVersion: V,
      data: {
        doubtId: raised.doubtId,
        applicationNumber: application.applicationNumber,
        concludedOn,
        outcome: other.stance === 'accepts' && command.stance === 'accepts' ? 'settled' : 'not-accepted',
      },
    });
  }
  return events;
}

export function decideDoubt(command: DoubtCommand, state: DoubtState): DoubtEvent[] {
  assertActorMayIssue(command);
  if (command.type === 'RaiseDoubt') return raiseDoubt(command, state);
  const raised = requireRaised(state, command.doubtId);
  switch (command.type) {
    case 'DiscussDoubt':
      return discussDoubt(command, raised);
    case 'ResolveDoubt':
      return resolveDoubt(command, raised);
    case 'WithdrawDoubt':
      return withdrawDoubt(command, raised);
    case 'FileDisputeApplication':
      return fileDisputeApplication(command, raised);
    case 'AppointDisputeCommissioners':
      return appointCommissioners(command, raised);
    case 'WithdrawDisputeApplication':
      return withdrawDisputeApplication(command, raised);
    case 'PresentSettlementProposal':
      return presentProposal(command, raised);
    case 'NotifySettlementProposal':
      return notifyProposal(command, raised);
    case 'PublishSettlementProposal':
      return publishProposal(command, raised);
    case 'RespondToSettlementProposal':
      return respondToProposal(command, raised);
  }
}

// ───────────────────────────── evolve ─────────────────────────────

function updateApplication(
  state: RaisedDoubtState,
  applicationNumber: number,
  update: (application: DisputeApplicationState) => DisputeApplicationState,
): RaisedDoubtState {
  return {
    ...state,
    applications: state.applications.map((a) => (a.applicationNumber === applicationNumber ? update(a) : a)),
  };
}

export function evolveDoubt(state: DoubtState, event: DoubtEvent): DoubtState {
  if (event.type === 'DoubtRaised') {
    if (isRaised(state)) return state;
    const d = event.data;
    return {
      status: 'open',
      doubtId: d.doubtId,
      agreementId: d.agreementId,
      regionId: d.regionId,
      parties: d.parties,
      raisedBy: d.raisedBy,
      raisedOn: d.raisedOn,
      citation: d.citation,
      question: d.question,
      pinned: d.pinned,
      consultations: [],
      applications: [],
    };
  }
  if (!isRaised(state)) return state;
  switch (event.type) {
    case 'DoubtDiscussedAtConsultation': {
      const d = event.data;
      return {
        ...state,
        consultations: [
          ...state.consultations,
          {
            consultationId: d.consultationId,
            consultationDate: d.consultationDate,
            consultationStatus: d.consultationStatus,
            ...(d.note === undefined ? {} : { note: d.note }),
          },
        ],
      };
    }
    case 'DoubtResolved': {
      const { doubtId: _doubtId, ...resolution } = event.data;
      return { ...state, status: 'resolved', resolution };
    }
    case 'DoubtWithdrawn':
      return {
        ...state,
        status: 'withdrawn',
        withdrawal: { withdrawnOn: event.data.withdrawnOn, reason: event.data.reason },
      };
    case 'DisputeApplicationFiled': {
      const d = event.data;
      return {
        ...state,
        status: 'escalated',
        applications: [
          ...state.applications,
          {
            applicationNumber: d.applicationNumber,
            status: 'pending',
            appliedOn: d.appliedOn,
            applicant: d.applicant,
            recipient: d.recipient,
            documentNumber: d.documentNumber,
            summary: d.summary,
          },
        ],
      };
    }
    case 'DisputeCommissionersAppointed':
      return updateApplication(state, event.data.applicationNumber, (a) => ({
        ...a,
        appointment: { appointedOn: event.data.appointedOn, commissioners: event.data.commissioners },
      }));
    case 'DisputeApplicationWithdrawn': {
      const next = updateApplication(state, event.data.applicationNumber, (a) => ({
        ...a,
        status: 'withdrawn',
        withdrawal: {
          withdrawnOn: event.data.withdrawnOn,
          consentedOn: event.data.consentedOn,
          reason: event.data.reason,
        },
      }));
      return { ...next, status: 'open' };
    }
    case 'SettlementProposalPresented':
      return updateApplication(state, event.data.applicationNumber, (a) => ({
        ...a,
        status: 'proposal-presented',
        proposal: {
          presentedOn: event.data.presentedOn,
          ...(event.data.decidedOn === undefined ? {} : { decidedOn: event.data.decidedOn }),
          proposal: event.data.proposal,
          responses: {},
        },
      }));
    case 'SettlementProposalNotified':
      return updateApplication(state, event.data.applicationNumber, (a) =>
        a.proposal === undefined
          ? a
          : { ...a, proposal: { ...a.proposal, notifiedOn: event.data.notifiedOn } },
      );
    case 'SettlementProposalPublished':
      return updateApplication(state, event.data.applicationNumber, (a) =>
        a.proposal === undefined
          ? a
          : {
              ...a,
              proposal: { ...a.proposal, publishedOn: event.data.publishedOn, medium: event.data.medium },
            },
      );
    case 'SettlementProposalResponded': {
      const d = event.data;
      return updateApplication(state, d.applicationNumber, (a) =>
        a.proposal === undefined
          ? a
          : {
              ...a,
              proposal: {
                ...a.proposal,
                responses: {
                  ...a.proposal.responses,
                  [d.respondent.role]: {
                    respondent: d.respondent,
                    respondedOn: d.respondedOn,
                    stance: d.stance,
                    statement: d.statement,
                  },
                },
              },
            },
      );
    }
    case 'DisputeConcluded': {
      const next = updateApplication(state, event.data.applicationNumber, (a) => ({
        ...a,
        status: 'concluded',
        conclusion: { concludedOn: event.data.concludedOn, outcome: event.data.outcome },
      }));
      return { ...next, status: event.data.outcome === 'settled' ? 'settled' : 'unsettled' };
    }
  }
}

export const doubtDecider: Decider<DoubtCommand, DoubtEvent, DoubtState> = {
  decide: decideDoubt,
  evolve: evolveDoubt,
  initialState: initialDoubtState,
};
