/**
 * decide for the agreement: each command checked against the state, then the events it records
 * (RecordCorrection in agreement.corrections.ts). The rules are described in agreement.decider.ts.
 */
import type { LegalDate } from '@kyoyaku/legal-text';
import { assertMunicipalityCode, isPrefectureCode } from '../municipality/municipality-code';
import { PROCEEDING_KIND_NAMES } from '../shared/names';
import { assertLegalDate, assertNonBlank, assertNotAfterToday, assertNotBefore } from '../shared/validation';
import type {
  AgreementCommand,
  ConcludeProceeding,
  OpenAgreement,
  ProposeAbolition,
  ProposeAmendment,
  RecordCouncilResolution,
  RecordGovernorNotification,
  RecordPublicNotice,
  ReviseDraft,
  WithdrawProceeding,
} from './agreement.commands';
import {
  abolitionDraft,
  amendmentDraft,
  assertConclusionFitsDraftedEffect,
  concludedAmendmentText,
  draftContent,
} from './agreement.drafts';
import { recordCorrection } from './agreement.corrections';
import { agreementError } from './agreement.errors';
import {
  assertStatedAddressee,
  filersOf,
  filingAddressee,
  filingParties,
  notificationAddresseeName,
} from './agreement.notification';
import {
  AGREEMENT_EVENT_SCHEMA_VERSION as V,
  type AgreementEvent,
  type ProceedingCompleted,
} from './agreement.events';
import {
  assertActorMayIssue,
  assertClerkScope,
  assertMayStartFollowUpProceeding,
  assertOperations,
  assertPartyRole,
  assertSignatory,
  assertValidDocument,
  latestConclusionDate,
  requireOpened,
  requirePending,
  requireProceeding,
  withdrawnError,
} from './agreement.guards';
import {
  currentDraft,
  isOpened,
  lastNegotiationStepDate,
  partyLabel,
  partyOf,
  proceedingLabel,
  standingResolution,
  type AgreementState,
  type OpenedAgreementState,
  type ProceedingState,
} from './agreement.state';
import {
  PARTY_ROLES,
  type NotificationRecipient,
  type PartyRole,
  type ProceedingDraft,
} from './agreement.types';

function openAgreement(command: OpenAgreement, state: AgreementState): AgreementEvent[] {
  assertNonBlank(command.agreementId, 'agreementId', '協約ID');
  assertNonBlank(command.regionId, 'regionId', '圏域ID');
  assertNonBlank(command.proceedingId, 'proceedingId', '手続ID');
  assertMunicipalityCode(command.coreCity.code, 'coreCity.code');
  assertMunicipalityCode(command.partner.code, 'partner.code');
  assertNonBlank(command.coreCity.name, 'coreCity.name', '甲（連携中枢都市）の名称');
  assertNonBlank(command.partner.name, 'partner.name', '乙の名称');
  if (command.partner.code === command.coreCity.code) {
    throw agreementError(
      'PartnerSameAsCoreCity',
      `乙（${command.partner.name}）の団体コード ${command.partner.code} が甲（${command.coreCity.name}）と同じです。連携協約は二つの異なる団体の間で締結します。乙には連携中枢都市以外の団体を指定してください。`,
      { field: 'partner.code' },
    );
  }
  assertLegalDate(command.draftedOn, 'draftedOn', '協約案の作成日');
  assertNotAfterToday(command.draftedOn, command.today, 'draftedOn', 'DraftDateInFuture', '協約案の作成日');
  assertValidDocument(command.document, 'document');
  if (isOpened(state)) {
    throw agreementError(
      'AgreementAlreadyExists',
      `連携協約「${state.agreementId}」は既に存在します（${state.coreCity.name}と${state.partner.name}）。別の協約IDを指定してください。`,
      { field: 'agreementId' },
    );
  }
  return [
    {
      type: 'AgreementOpened',
      schemaVersion: V.AgreementOpened,
      data: {
        agreementId: command.agreementId,
        regionId: command.regionId,
        coreCity: { code: command.coreCity.code, name: command.coreCity.name },
        partner: { code: command.partner.code, name: command.partner.name },
      },
    },
    ...proceedingOpened(command.proceedingId, command.draftedOn, {
      kind: 'conclusion',
      document: command.document,
    }),
  ];
}

/** A proceeding starts with its first draft (第1案): the same two events for every kind. */
function proceedingOpened(
  proceedingId: string,
  draftedOn: LegalDate,
  draft: ProceedingDraft,
): AgreementEvent[] {
  return [
    {
      type: 'ProceedingOpened',
      schemaVersion: V.ProceedingOpened,
      data: { proceedingId, kind: draft.kind, openedOn: draftedOn },
    },
    {
      type: 'DraftRecorded',
      schemaVersion: V.DraftRecorded,
      data: { proceedingId, draftNumber: 1, draftedOn, draft },
    },
  ];
}

/** 「廃止の案」: a draft by its kind's name; a kind the ledger does not know is 「別の種類の案」. */
function draftKindName(kind: unknown): string {
  return typeof kind === 'string' && Object.hasOwn(PROCEEDING_KIND_NAMES, kind)
    ? `${PROCEEDING_KIND_NAMES[kind as keyof typeof PROCEEDING_KIND_NAMES]}の案`
    : '別の種類の案';
}

function reviseDraft(command: ReviseDraft, state: AgreementState): AgreementEvent[] {
  const opened = requireOpened(state, command.agreementId);
  const proceeding = requireProceeding(opened, command.proceedingId);
  requirePending(proceeding, '協約案の修正');
  assertLegalDate(command.draftedOn, 'draftedOn', '修正案の作成日');
  assertNotAfterToday(command.draftedOn, command.today, 'draftedOn', 'DraftDateInFuture', '修正案の作成日');
  if (command.draft.kind !== proceeding.kind) {
    throw agreementError(
      'DraftKindMismatch',
      `${proceedingLabel(proceeding)}の案は${PROCEEDING_KIND_NAMES[proceeding.kind]}の案（draft.kind: ${proceeding.kind}）でなければなりませんが、${draftKindName(command.draft.kind)}（${String(command.draft.kind)}）が指定されました。`,
      { field: 'draft.kind' },
    );
  }
  const draft = draftContent(opened, command.draft, command.draftedOn);
  assertNotBefore(
    command.draftedOn,
    lastNegotiationStepDate(proceeding),
    'draftedOn',
    '修正案の作成',
    '案の作成又は議会の議決',
  );
  return [
    {
      type: 'DraftRecorded',
      schemaVersion: V.DraftRecorded,
      data: {
        proceedingId: proceeding.proceedingId,
        draftNumber: proceeding.drafts.length + 1,
        draftedOn: command.draftedOn,
        draft,
      },
    },
  ];
}

function recordCouncilResolution(command: RecordCouncilResolution, state: AgreementState): AgreementEvent[] {
  const opened = requireOpened(state, command.agreementId);
  assertPartyRole(command.party, 'party');
  assertClerkScope(command.actor, opened, command.party, '議会の議決');
  if (command.decision !== 'approved' && command.decision !== 'rejected') {
    throw agreementError(
      'InvalidValue',
      `議決「${String(command.decision)}」は不正です。approved（可決）又は rejected（否決）を指定してください。`,
      { field: 'decision' },
    );
  }
  assertLegalDate(command.resolvedOn, 'resolvedOn', '議決日');
  assertNotAfterToday(
    command.resolvedOn,
    command.today,
    'resolvedOn',
    'CouncilResolutionDateInFuture',
    '議会の議決の日',
  );
  if (command.resolutionNumber !== undefined) {
    assertNonBlank(command.resolutionNumber, 'resolutionNumber', '議決番号');
  }
  const proceeding = requireProceeding(opened, command.proceedingId);
  requirePending(proceeding, '議会の議決の記録');
  const draft = currentDraft(proceeding);
  if (!draft) throw new Error(`invariant: ${proceeding.proceedingId} has no draft`);
  const standing = standingResolution(proceeding, command.party);
  if (standing && standing.decision === 'approved' && standing.draftNumber === draft.draftNumber) {
    throw agreementError(
      'CouncilAlreadyApproved',
      `${partyLabel(opened, command.party)}の議会は第${draft.draftNumber}案を${standing.resolvedOn}に既に可決しています。同じ案について議決を重ねて記録することはできません（議決日や議案番号の誤りは、誤記訂正として記録してください：画面では「手続と記録」のこの手続の「誤記訂正」、API では POST /agreements/{id}/corrections）。`,
      { field: 'party' },
    );
  }
  assertNotBefore(
    command.resolvedOn,
    draft.draftedOn,
    'resolvedOn',
    '議会の議決',
    `第${draft.draftNumber}案の作成`,
  );
  if (standing) {
    assertNotBefore(
      command.resolvedOn,
      standing.resolvedOn,
      'resolvedOn',
      '議会の議決',
      '同じ議会の前回の議決',
    );
  }
  return [
    {
      type: 'CouncilResolutionRecorded',
      schemaVersion: V.CouncilResolutionRecorded,
      data: {
        proceedingId: proceeding.proceedingId,
        party: command.party,
        municipalityCode: partyOf(opened, command.party).code,
        decision: command.decision,
        resolvedOn: command.resolvedOn,
        draftNumber: draft.draftNumber,
        ...(command.resolutionNumber !== undefined ? { resolutionNumber: command.resolutionNumber } : {}),
      },
    },
  ];
}

function concludeProceeding(command: ConcludeProceeding, state: AgreementState): AgreementEvent[] {
  const opened = requireOpened(state, command.agreementId);
  const proceeding = requireProceeding(opened, command.proceedingId);
  requirePending(proceeding, '締結');
  assertLegalDate(command.concludedOn, 'concludedOn', '締結日');
  assertNotAfterToday(command.concludedOn, command.today, 'concludedOn', 'ConclusionDateInFuture', '締結日');
  assertLegalDate(command.effectiveOn, 'effectiveOn', '施行日');
  assertSignatory(command.signatories?.core, 'signatories.core', '甲の署名者');
  assertSignatory(command.signatories?.partner, 'signatories.partner', '乙の署名者');

  const draft = currentDraft(proceeding);
  if (!draft) throw new Error(`invariant: ${proceeding.proceedingId} has no draft`);

  // Both councils must stand on an approval of the current draft.
  const rejected = PARTY_ROLES.filter(
    (role) => standingResolution(proceeding, role)?.decision === 'rejected',
  );
  if (rejected.length > 0) {
    const who = rejected.map((role) => partyLabel(opened, role)).join('及び');
    throw agreementError(
      'CouncilRejectionBlocksConclusion',
      `${who}の議会が否決しています。再提出した案をその議会が可決するまで締結できません。`,
      { field: 'proceedingId', details: { rejectedBy: rejected.join(',') } },
    );
  }
  const missing = PARTY_ROLES.filter((role) => {
    const standing = standingResolution(proceeding, role);
    return !standing || standing.draftNumber !== draft.draftNumber;
  });
  if (missing.length > 0) {
    const who = missing
      .map((role) => {
        const standing = standingResolution(proceeding, role);
        return standing
          ? `${partyLabel(opened, role)}（可決は第${standing.draftNumber}案で、現在の案は第${draft.draftNumber}案）`
          : partyLabel(opened, role);
      })
      .join('及び');
    throw agreementError(
      'ConclusionRequiresBothCouncilApprovals',
      `締結には甲乙双方の議会による現在の案（第${draft.draftNumber}案）の可決が必要です（地方自治法第252条の2第3項）。可決が記録されていないのは: ${who}。`,
      { field: 'proceedingId', details: { missing: missing.join(',') } },
    );
  }
  for (const role of PARTY_ROLES) {
    const approval = standingResolution(proceeding, role);
    if (approval) {
      assertNotBefore(
        command.concludedOn,
        approval.resolvedOn,
        'concludedOn',
        '締結',
        `${partyLabel(opened, role)}の議会の可決`,
      );
    }
  }

  // 施行日 before the conclusion date only when retroactive, with a reason (遡及).
  if (command.effectiveOn < command.concludedOn) {
    if (
      !command.retroactive ||
      typeof command.retroactive.reason !== 'string' ||
      command.retroactive.reason.trim() === ''
    ) {
      throw agreementError(
        'RetroactiveEffectRequiresReason',
        `施行日 ${command.effectiveOn} が締結日 ${command.concludedOn} より前です。遡及して適用する場合は retroactive: { reason } に遡及の理由を記載してください。そうでなければ締結日以降の施行日を指定してください。`,
        { field: 'retroactive.reason' },
      );
    }
  } else if (command.retroactive !== undefined) {
    throw agreementError(
      'RetroactiveFlagWithoutEarlierEffectiveDate',
      `施行日 ${command.effectiveOn} は締結日 ${command.concludedOn} 以降なので遡及ではありません。retroactive を外すか、施行日を確認してください。`,
      { field: 'retroactive' },
    );
  }

  assertConclusionFitsDraftedEffect(draft.draft, command);

  const common = {
    proceedingId: proceeding.proceedingId,
    concludedOn: command.concludedOn,
    effectiveOn: command.effectiveOn,
    signatories: {
      core: { title: command.signatories.core.title, name: command.signatories.core.name },
      partner: { title: command.signatories.partner.title, name: command.signatories.partner.name },
    },
    ...(command.retroactive !== undefined ? { retroactive: { reason: command.retroactive.reason } } : {}),
  };
  const versionNumber = opened.versions.length + 1;
  switch (draft.draft.kind) {
    case 'conclusion':
      return [
        {
          type: 'ProceedingConcluded',
          schemaVersion: V.ProceedingConcluded,
          data: { ...common, kind: 'conclusion', versionNumber, document: draft.draft.document },
        },
      ];
    case 'amendment': {
      const document = concludedAmendmentText(opened, {
        number: versionNumber,
        proceedingId: proceeding.proceedingId,
        kind: 'amendment',
        operations: draft.draft.operations,
        concludedOn: command.concludedOn,
        effectiveOn: command.effectiveOn,
        revision: opened.nextRevision,
      });
      return [
        {
          type: 'ProceedingConcluded',
          schemaVersion: V.ProceedingConcluded,
          data: { ...common, kind: 'amendment', versionNumber, document },
        },
      ];
    }
    case 'abolition':
      return [
        {
          type: 'ProceedingConcluded',
          schemaVersion: V.ProceedingConcluded,
          data: { ...common, kind: 'abolition' },
        },
      ];
  }
}

function requireConcludedForFollowUp(
  proceeding: ProceedingState,
  code: 'NoticeRequiresConclusion' | 'NotificationRequiresConclusion',
  what: string,
) {
  switch (proceeding.status) {
    case 'concluded':
      if (!proceeding.conclusion) throw new Error('invariant: concluded without conclusion');
      return proceeding.conclusion;
    case 'withdrawn':
      throw withdrawnError(proceeding, what);
    case 'negotiating':
      throw agreementError(
        code,
        `${proceedingLabel(proceeding)}はまだ締結されていません。${what}は締結の後に行います（地方自治法第252条の2第2項）。`,
        { field: 'proceedingId', details: { proceedingId: proceeding.proceedingId } },
      );
  }
}

/** ProceedingCompleted with the step that leaves no party's 告示 or 届出 missing. */
function completionIfDue(
  proceeding: ProceedingState,
  added: { notice?: PartyRole; notifiedBy?: readonly PartyRole[] },
): ProceedingCompleted[] {
  const done = PARTY_ROLES.every(
    (party) =>
      (proceeding.notices[party] !== undefined || added.notice === party) &&
      (proceeding.notifications[party] !== undefined || added.notifiedBy?.includes(party) === true),
  );
  return done && !proceeding.completed
    ? [
        {
          type: 'ProceedingCompleted',
          schemaVersion: V.ProceedingCompleted,
          data: { proceedingId: proceeding.proceedingId },
        },
      ]
    : [];
}

function recordPublicNotice(command: RecordPublicNotice, state: AgreementState): AgreementEvent[] {
  const opened = requireOpened(state, command.agreementId);
  assertPartyRole(command.party, 'party');
  assertClerkScope(command.actor, opened, command.party, '告示');
  assertNonBlank(command.noticeNumber, 'noticeNumber', '告示番号');
  assertLegalDate(command.publishedOn, 'publishedOn', '告示日');
  assertNotAfterToday(
    command.publishedOn,
    command.today,
    'publishedOn',
    'PublicNoticeDateInFuture',
    '告示日',
  );
  const proceeding = requireProceeding(opened, command.proceedingId);
  const conclusion = requireConcludedForFollowUp(proceeding, 'NoticeRequiresConclusion', '告示');
  const existing = proceeding.notices[command.party];
  if (existing) {
    throw agreementError(
      'DuplicatePublicNotice',
      `${partyLabel(opened, command.party)}の告示は${existing.publishedOn}に${existing.noticeNumber}として記録済みです。告示番号や告示日の誤りは、誤記訂正として記録してください（画面では「手続と記録」のこの手続の「誤記訂正」、API では POST /agreements/{id}/corrections）。`,
      { field: 'party' },
    );
  }
  assertNotBefore(command.publishedOn, conclusion.concludedOn, 'publishedOn', '告示', '締結');
  return [
    {
      type: 'PublicNoticeRecorded',
      schemaVersion: V.PublicNoticeRecorded,
      data: {
        proceedingId: proceeding.proceedingId,
        party: command.party,
        municipalityCode: partyOf(opened, command.party).code,
        noticeNumber: command.noticeNumber,
        publishedOn: command.publishedOn,
      },
    },
    ...completionIfDue(proceeding, { notice: command.party }),
  ];
}

/** 総務大臣 when a prefecture is a party, else 都道府県知事 (地方自治法 第252条の2第2項). */
export function requiredNotificationRecipient(
  state: Pick<OpenedAgreementState, 'coreCity' | 'partner'>,
): NotificationRecipient {
  return isPrefectureCode(state.coreCity.code) || isPrefectureCode(state.partner.code)
    ? 'minister-of-internal-affairs'
    : 'prefectural-governor';
}

function recordGovernorNotification(
  command: RecordGovernorNotification,
  state: AgreementState,
): AgreementEvent[] {
  const opened = requireOpened(state, command.agreementId);
  assertLegalDate(command.notifiedOn, 'notifiedOn', '届出日');
  assertNotAfterToday(
    command.notifiedOn,
    command.today,
    'notifiedOn',
    'GovernorNotificationDateInFuture',
    '届出日',
  );
  const filers = filingParties(command.filedBy);
  for (const party of filers) assertClerkScope(command.actor, opened, party, '届出');
  assertNonBlank(command.documentNumber, 'documentNumber', '届出の文書番号');
  const addressee = filingAddressee(opened, filers);
  assertStatedAddressee(command.addressee, addressee, opened);
  const proceeding = requireProceeding(opened, command.proceedingId);
  const conclusion = requireConcludedForFollowUp(proceeding, 'NotificationRequiresConclusion', '届出');
  for (const party of filers) {
    const existing = proceeding.notifications[party];
    if (existing) {
      throw agreementError(
        'DuplicateGovernorNotification',
        `${partyLabel(opened, party)}の${proceedingLabel(proceeding)}の届出は${existing.notifiedOn}に${existing.filedBy.length > 1 ? '連名で' : ''}${existing.documentNumber === undefined ? '' : `${existing.documentNumber}として`}記録済みです。同じ団体の届出を重ねて記録することはできません。文書番号や届出日の誤りは、誤記訂正として記録してください（画面では「手続と記録」のこの手続の「誤記訂正」、API では POST /agreements/{id}/corrections）。`,
        { field: 'filedBy', details: { party } },
      );
    }
  }
  assertNotBefore(
    command.notifiedOn,
    conclusion.concludedOn,
    'notifiedOn',
    `届出（${notificationAddresseeName(addressee)}）`,
    '締結',
  );
  return [
    {
      type: 'GovernorNotificationRecorded',
      schemaVersion: V.GovernorNotificationRecorded,
      data: {
        proceedingId: proceeding.proceedingId,
        filers: filersOf(opened, filers),
        addressee,
        notifiedOn: command.notifiedOn,
        documentNumber: command.documentNumber,
      },
    },
    ...completionIfDue(proceeding, { notifiedBy: filers }),
  ];
}

function proposeAmendment(command: ProposeAmendment, state: AgreementState): AgreementEvent[] {
  const opened = requireOpened(state, command.agreementId);
  assertNonBlank(command.proceedingId, 'proceedingId', '手続ID');
  assertLegalDate(command.draftedOn, 'draftedOn', '変更案の作成日');
  assertNotAfterToday(command.draftedOn, command.today, 'draftedOn', 'DraftDateInFuture', '変更案の作成日');
  assertOperations(command.operations, 'operations');
  assertMayStartFollowUpProceeding(opened, command.proceedingId, '変更');
  assertNotBefore(command.draftedOn, latestConclusionDate(opened), 'draftedOn', '変更案の作成', '直近の締結');
  if (opened.versions.length === 0) throw new Error('invariant: concluded agreement without a version');
  const draft = amendmentDraft(
    opened,
    {
      kind: 'amendment',
      operations: command.operations,
      ...(command.effect === undefined ? {} : { effect: command.effect }),
    },
    command.draftedOn,
    '',
  );
  return proceedingOpened(command.proceedingId, command.draftedOn, draft);
}

function proposeAbolition(command: ProposeAbolition, state: AgreementState): AgreementEvent[] {
  const opened = requireOpened(state, command.agreementId);
  assertNonBlank(command.proceedingId, 'proceedingId', '手続ID');
  assertLegalDate(command.draftedOn, 'draftedOn', '廃止案の作成日');
  assertNotAfterToday(command.draftedOn, command.today, 'draftedOn', 'DraftDateInFuture', '廃止案の作成日');
  assertNonBlank(command.reason, 'reason', '廃止の理由');
  assertMayStartFollowUpProceeding(opened, command.proceedingId, '廃止');
  assertNotBefore(command.draftedOn, latestConclusionDate(opened), 'draftedOn', '廃止案の作成', '直近の締結');
  return proceedingOpened(
    command.proceedingId,
    command.draftedOn,
    abolitionDraft(opened, command.reason, command, command.draftedOn, ''),
  );
}

function withdrawProceeding(command: WithdrawProceeding, state: AgreementState): AgreementEvent[] {
  const opened = requireOpened(state, command.agreementId);
  const proceeding = requireProceeding(opened, command.proceedingId);
  requirePending(proceeding, '取下げ');
  assertLegalDate(command.withdrawnOn, 'withdrawnOn', '取下げ日');
  assertNotAfterToday(
    command.withdrawnOn,
    command.today,
    'withdrawnOn',
    'ProceedingWithdrawalDateInFuture',
    '手続の取下げの日',
  );
  assertNonBlank(command.reason, 'reason', '取下げの理由');
  assertNotBefore(
    command.withdrawnOn,
    lastNegotiationStepDate(proceeding),
    'withdrawnOn',
    '取下げ',
    '案の作成又は議会の議決',
  );
  return [
    {
      type: 'ProceedingWithdrawn',
      schemaVersion: V.ProceedingWithdrawn,
      data: {
        proceedingId: proceeding.proceedingId,
        withdrawnOn: command.withdrawnOn,
        reason: command.reason,
      },
    },
  ];
}

/** Decides a command against the state; throws a DomainError naming the broken rule. */
export function decideAgreement(command: AgreementCommand, state: AgreementState): AgreementEvent[] {
  assertActorMayIssue(command);
  switch (command.type) {
    case 'OpenAgreement':
      return openAgreement(command, state);
    case 'ReviseDraft':
      return reviseDraft(command, state);
    case 'RecordCouncilResolution':
      return recordCouncilResolution(command, state);
    case 'ConcludeProceeding':
      return concludeProceeding(command, state);
    case 'RecordPublicNotice':
      return recordPublicNotice(command, state);
    case 'RecordGovernorNotification':
      return recordGovernorNotification(command, state);
    case 'ProposeAmendment':
      return proposeAmendment(command, state);
    case 'ProposeAbolition':
      return proposeAbolition(command, state);
    case 'WithdrawProceeding':
      return withdrawProceeding(command, state);
    case 'RecordCorrection':
      return recordCorrection(command, state);
  }
}
