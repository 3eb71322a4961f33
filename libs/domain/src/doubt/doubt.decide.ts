/**
 * decide for the doubt: raising it, discussing it at consultations, resolving or withdrawing it (the
 * statutory procedure in doubt.dispute.ts). The rules are described in doubt.decider.ts.
 */
import type { PartyRole } from '../agreement/agreement.types';
import { assertMunicipalityCode } from '../municipality/municipality-code';
import { assertLegalDate, assertNonBlank, assertNotAfterToday, assertNotBefore } from '../shared/validation';
import { CONSULTATION_STATUS_NAMES } from '../consultation/consultation.events';
import { agreementName, consultationName, doubtName, proceedingName } from '../shared/names';
import { resolveCitation } from './doubt-citation';
import type { DiscussDoubt, DoubtCommand, RaiseDoubt, ResolveDoubt, WithdrawDoubt } from './doubt.commands';
import {
  appointCommissioners,
  fileDisputeApplication,
  notifyProposal,
  presentProposal,
  publishProposal,
  respondToProposal,
  withdrawDisputeApplication,
} from './doubt.dispute';
import { doubtError } from './doubt.errors';
import { DOUBT_EVENT_SCHEMA_VERSION as V, type DoubtEvent } from './doubt.events';
import {
  assertActorMayIssue,
  assertClerkScope,
  assertOpen,
  partyName,
  partyOf,
  requireConsultation,
  requirePartyCode,
  requireRaised,
} from './doubt.guards';
import {
  currentApplication,
  isEscalated,
  isRaised,
  lastStepDate,
  type DoubtState,
  type RaisedDoubtState,
} from './doubt.state';
import type { DoubtParties } from './doubt.types';

function raiseDoubt(command: RaiseDoubt, state: DoubtState): DoubtEvent[] {
  assertNonBlank(command.doubtId, 'doubtId', '疑義ID');
  assertLegalDate(command.raisedOn, 'raisedOn', '疑義の提起日');
  assertMunicipalityCode(command.raisedBy, 'raisedBy');
  assertNonBlank(command.question, 'question', '疑義の内容');
  assertLegalDate(command.today, 'today', '本日');
  if (isRaised(state)) {
    throw doubtError(
      'DoubtAlreadyRaised',
      `疑義ID「${state.doubtId}」は${doubtName(state)}に既に使われています。別の疑義IDを指定してください。`,
      { field: 'doubtId' },
    );
  }
  const agreement = command.agreement;
  if (agreement === null) {
    throw doubtError(
      'AgreementNotFound',
      `連携協約「${command.agreementId}」は台帳にありません。台帳にある連携協約は「圏域と協約の一覧」にあります。`,
      { field: 'agreementId' },
    );
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
      `${agreementName(agreement)}は ${command.raisedOn} の時点で${why[agreement.statusOnRaisedDate]}。疑義は協約が効力を有する日（施行日以後、廃止前）について提起してください。`,
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
      `${consultationName(consultation)}は中止されています。開催される協議を指定してください。`,
      { field: 'consultationId', details: { consultationId: consultation.consultationId } },
    );
  }
  const date = consultation.heldOn ?? consultation.scheduledOn;
  if (date < raised.raisedOn) {
    throw doubtError(
      'ConsultationBeforeDoubt',
      `${consultationName(consultation)}は疑義の提起日（${raised.raisedOn}）より前のため、この疑義を取り上げることはできません。`,
      {
        field: 'consultationId',
        details: { consultationId: consultation.consultationId, raisedOn: raised.raisedOn },
      },
    );
  }
  if (raised.consultations.some((c) => c.consultationId === consultation.consultationId)) {
    throw doubtError(
      'ConsultationAlreadyLinked',
      `${doubtName(raised)}は既に${consultationName(consultation)}に付議されています。`,
      {
        field: 'consultationId',
        details: { doubtId: raised.doubtId, consultationId: consultation.consultationId },
      },
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
      `${doubtName(raised)}は${application?.appliedOn ?? ''}に自治紛争処理委員による処理が申請されています（第252条の2第7項）。申請が取り下げられない限り、協議による解決は記録できません。`,
      { field: 'doubtId' },
    );
  }
  assertLegalDate(command.resolvedOn, 'resolvedOn', '解決の日');
  assertNotAfterToday(
    command.resolvedOn,
    command.today,
    'resolvedOn',
    'DoubtStepDateInFuture',
    '疑義の解決の日',
  );
  assertNonBlank(command.resolution, 'resolution', '解決の内容');
  const consultation = requireConsultation(raised, command.consultationId, command.consultation);
  if (consultation.status !== 'held' || consultation.heldOn === null) {
    throw doubtError(
      'ResolutionRequiresHeldConsultation',
      `${consultationName(consultation)}は開催されていません（${CONSULTATION_STATUS_NAMES[consultation.status]}）。疑義の解決は開催された協議で双方が合意したものに限ります（第6条）。`,
      {
        field: 'consultationId',
        details: { consultationId: consultation.consultationId, consultationStatus: consultation.status },
      },
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
      `${consultationName(consultation)}（${heldOn}開催）は疑義の提起日（${raised.raisedOn}）より前です。`,
      {
        field: 'consultationId',
        details: { consultationId: consultation.consultationId, raisedOn: raised.raisedOn },
      },
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
        `この協約に手続「${id}」はありません。先に変更手続を開始し（画面では協約の「手続と記録」、API では POST /agreements/{agreementId}/proceedings）、その手続を指定してください。`,
        { field: 'followUpProceedingId', details: { agreementId: raised.agreementId } },
      );
    }
    if (proceeding.kind !== 'amendment') {
      throw doubtError(
        'FollowUpMustBeAmendment',
        `${proceedingName(proceeding)}は変更手続ではありません。解決が開始するのは協約の変更手続です。`,
        { field: 'followUpProceedingId', details: { proceedingId: id, kind: proceeding.kind } },
      );
    }
    if (proceeding.status === 'withdrawn') {
      throw doubtError(
        'FollowUpProceedingWithdrawn',
        `${proceedingName(proceeding)}は取り下げられています。進行中又は締結済みの変更手続を指定してください。`,
        { field: 'followUpProceedingId', details: { proceedingId: id } },
      );
    }
    if (proceeding.openedOn < raised.raisedOn) {
      throw doubtError(
        'FollowUpProceedingPredatesDoubt',
        `${proceedingName(proceeding)}は疑義の提起（${raised.raisedOn}）より前に開始されています。解決により開始する変更手続は、疑義の提起以後に開始されたものに限ります。`,
        { field: 'followUpProceedingId', details: { proceedingId: id, openedOn: proceeding.openedOn } },
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
      `${doubtName(raised)}は自治紛争処理委員による処理が申請されています。先に申請を取り下げてください（知事等の同意が必要です）。`,
      { field: 'doubtId' },
    );
  }
  assertLegalDate(command.withdrawnOn, 'withdrawnOn', '取下げの日');
  assertNotAfterToday(
    command.withdrawnOn,
    command.today,
    'withdrawnOn',
    'DoubtStepDateInFuture',
    '疑義の取下げの日',
  );
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
