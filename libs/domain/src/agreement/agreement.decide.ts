/**
 * decide for the agreement: each command checked against the state, then the events it records
 * (RecordCorrection in agreement.corrections.ts). The rules are described in agreement.decider.ts.
 */
import type { AbolitionEffect, LegalDate } from '@kyoyaku/legal-text';
import { assertMunicipalityCode, isPrefectureCode } from '../municipality/municipality-code';
import { assertLegalDate, assertNonBlank, assertNotBefore } from '../shared/validation';
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
import { draftAbolitionText } from './abolition-text';
import { recordCorrection } from './agreement.corrections';
import { agreementError } from './agreement.errors';
import {
  AGREEMENT_EVENT_SCHEMA_VERSION as V,
  type AgreementEvent,
  type ProceedingCompleted,
} from './agreement.events';
import {
  applyOrFail,
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
  latestVersion,
  partyLabel,
  partyOf,
  proceedingLabel,
  standingResolution,
  type AgreementState,
  type OpenedAgreementState,
  type ProceedingState,
} from './agreement.state';
import {
  NOTIFICATION_RECIPIENT_NAMES,
  PARTY_ROLES,
  type AbolitionTerms,
  type NotificationRecipient,
  type PartyRole,
  type ProceedingDraft,
  type ProceedingDraftInput,
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
      schemaVersion: V,
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
      schemaVersion: V,
      data: { proceedingId, kind: draft.kind, openedOn: draftedOn },
    },
    { type: 'DraftRecorded', schemaVersion: V, data: { proceedingId, draftNumber: 1, draftedOn, draft } },
  ];
}

/** The draft to record: conclusion and amendment drafts as given, an abolition with its text drafted. */
function draftContent(
  state: OpenedAgreementState,
  draft: ProceedingDraftInput,
  draftedOn: LegalDate,
): ProceedingDraft {
  switch (draft.kind) {
    case 'conclusion':
      assertValidDocument(draft.document, 'draft.document');
      return draft;
    case 'amendment': {
      assertOperations(draft.operations, 'draft.operations');
      const latest = latestVersion(state);
      if (latest) applyOrFail(latest.document, draft.operations, latest.number, 'draft.operations');
      return draft;
    }
    case 'abolition':
      assertNonBlank(draft.reason, 'draft.reason', '廃止の理由');
      return abolitionDraft(state, draft.reason, draft, draftedOn, 'draft.');
  }
}

/**
 * An abolition's draft: its reason and the 廃止協約 (「…を廃止する協約」) drafted from the latest
 * version's title, the parties and the agreement's conclusion date, with the 附則 the terms give.
 */
function abolitionDraft(
  state: OpenedAgreementState,
  reason: string,
  terms: AbolitionTerms,
  draftedOn: LegalDate,
  prefix: '' | 'draft.',
): ProceedingDraft {
  if (terms.effectiveOn !== undefined) assertLegalDate(terms.effectiveOn, `${prefix}effectiveOn`, '施行日');
  if (terms.appliesFrom !== undefined) {
    assertLegalDate(terms.appliesFrom, `${prefix}appliesFrom`, '遡及して適用する日');
  }
  if (terms.effectiveOn !== undefined && terms.appliesFrom !== undefined) {
    throw agreementError(
      'AbolitionEffectAmbiguous',
      `廃止協約の附則には、施行日（「${terms.effectiveOn}から施行する。」）か遡及して適用する日（「締結の日から施行し、${terms.appliesFrom}から適用する。」）のどちらか一方だけを定めます。effectiveOn と appliesFrom の一方を外してください（いずれも外せば「締結の日から施行する。」となります）。`,
      { field: `${prefix}appliesFrom` },
    );
  }
  if (terms.effectiveOn !== undefined) {
    assertNotBefore(terms.effectiveOn, draftedOn, `${prefix}effectiveOn`, '廃止の施行日', '廃止案の作成');
  }
  const effect: AbolitionEffect =
    terms.effectiveOn !== undefined
      ? { kind: 'on-date', effectiveOn: terms.effectiveOn }
      : terms.appliesFrom !== undefined
        ? { kind: 'retroactive', appliesFrom: terms.appliesFrom }
        : { kind: 'on-conclusion' };
  const text = draftAbolitionText(state, effect);
  if (!text) throw new Error('invariant: abolition of an agreement without a version');
  return { kind: 'abolition', reason, text };
}

/**
 * 締結 of an abolition on the text its councils approved: the 施行日 must be the one its 附則 states
 * (the conclusion date itself for 「締結の日から施行する」), and the form must fit the date — a 施行日 on
 * or after the conclusion, a 遡及 適用日 before it. A draft recorded without a text is not checked.
 */
function assertConclusionFitsAbolitionText(draft: ProceedingDraft, command: ConcludeProceeding): void {
  if (draft.kind !== 'abolition' || draft.text === undefined) return;
  const effect = draft.text.effect;
  const stated =
    effect.kind === 'on-date'
      ? effect.effectiveOn
      : effect.kind === 'retroactive'
        ? effect.appliesFrom
        : command.concludedOn;
  if (command.effectiveOn !== stated) {
    throw agreementError(
      'AbolitionEffectiveDateMismatch',
      `議会の議決を経た廃止協約の附則は「${draft.text.supplementaryProvision}」と定めているので、施行日は ${stated} です（指定された施行日は ${command.effectiveOn}）。附則のとおりの施行日で締結するか、施行日を改めた修正案を議会の議決に付してください（地方自治法第252条の2第4項）。`,
      { field: 'effectiveOn', details: { stated } },
    );
  }
  if (effect.kind === 'on-date' && effect.effectiveOn < command.concludedOn) {
    throw agreementError(
      'AbolitionEffectFormMismatch',
      `廃止協約の附則の施行日 ${effect.effectiveOn} が締結日 ${command.concludedOn} より前です。遡及する廃止は「この協約は、締結の日から施行し、…から適用する。」と定めた修正案（appliesFrom）を議会の議決に付してから締結してください。`,
      { field: 'concludedOn' },
    );
  }
  if (effect.kind === 'retroactive' && effect.appliesFrom >= command.concludedOn) {
    throw agreementError(
      'AbolitionEffectFormMismatch',
      `廃止協約の附則は ${effect.appliesFrom} から遡及して適用すると定めていますが、締結日 ${command.concludedOn} はその日以前なので遡及になりません。「この協約は、…から施行する。」と定めた修正案（effectiveOn）を議会の議決に付してから締結してください。`,
      { field: 'concludedOn' },
    );
  }
}

function reviseDraft(command: ReviseDraft, state: AgreementState): AgreementEvent[] {
  const opened = requireOpened(state, command.agreementId);
  const proceeding = requireProceeding(opened, command.proceedingId);
  requirePending(proceeding, '協約案の修正');
  assertLegalDate(command.draftedOn, 'draftedOn', '修正案の作成日');
  if (command.draft.kind !== proceeding.kind) {
    throw agreementError(
      'DraftKindMismatch',
      `${proceedingLabel(proceeding)}の案は ${proceeding.kind} でなければなりませんが、${String(command.draft.kind)} の案が指定されました。`,
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
      schemaVersion: V,
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
      `${partyLabel(opened, command.party)}の議会は第${draft.draftNumber}案を${standing.resolvedOn}に既に可決しています。同じ案について議決を重ねて記録することはできません（誤りの訂正は RecordCorrection で行ってください）。`,
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
      schemaVersion: V,
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

  assertConclusionFitsAbolitionText(draft.draft, command);

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
          schemaVersion: V,
          data: { ...common, kind: 'conclusion', versionNumber, document: draft.draft.document },
        },
      ];
    case 'amendment': {
      const latest = latestVersion(opened);
      if (!latest) throw new Error('invariant: amendment without a concluded version');
      const document = applyOrFail(
        latest.document,
        draft.draft.operations,
        latest.number,
        'draft.operations',
      );
      return [
        {
          type: 'ProceedingConcluded',
          schemaVersion: V,
          data: { ...common, kind: 'amendment', versionNumber, document },
        },
      ];
    }
    case 'abolition':
      return [{ type: 'ProceedingConcluded', schemaVersion: V, data: { ...common, kind: 'abolition' } }];
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
        { field: 'proceedingId' },
      );
  }
}

function completionIfDue(
  proceeding: ProceedingState,
  added: { notice?: PartyRole; notification?: boolean },
): ProceedingCompleted[] {
  const hasCore = proceeding.notices.core !== undefined || added.notice === 'core';
  const hasPartner = proceeding.notices.partner !== undefined || added.notice === 'partner';
  const hasNotification = proceeding.notification !== undefined || added.notification === true;
  return hasCore && hasPartner && hasNotification && !proceeding.completed
    ? [{ type: 'ProceedingCompleted', schemaVersion: V, data: { proceedingId: proceeding.proceedingId } }]
    : [];
}

function recordPublicNotice(command: RecordPublicNotice, state: AgreementState): AgreementEvent[] {
  const opened = requireOpened(state, command.agreementId);
  assertPartyRole(command.party, 'party');
  assertClerkScope(command.actor, opened, command.party, '告示');
  assertNonBlank(command.noticeNumber, 'noticeNumber', '告示番号');
  assertLegalDate(command.publishedOn, 'publishedOn', '告示日');
  const proceeding = requireProceeding(opened, command.proceedingId);
  const conclusion = requireConcludedForFollowUp(proceeding, 'NoticeRequiresConclusion', '告示');
  const existing = proceeding.notices[command.party];
  if (existing) {
    throw agreementError(
      'DuplicatePublicNotice',
      `${partyLabel(opened, command.party)}の告示は${existing.publishedOn}に${existing.noticeNumber}として記録済みです。告示番号や日付の誤りは RecordCorrection で訂正してください。`,
      { field: 'party' },
    );
  }
  assertNotBefore(command.publishedOn, conclusion.concludedOn, 'publishedOn', '告示', '締結');
  return [
    {
      type: 'PublicNoticeRecorded',
      schemaVersion: V,
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
  if (command.recipient !== 'prefectural-governor' && command.recipient !== 'minister-of-internal-affairs') {
    throw agreementError(
      'InvalidValue',
      `届出先「${String(command.recipient)}」は不正です。prefectural-governor（都道府県知事）又は minister-of-internal-affairs（総務大臣）を指定してください。`,
      { field: 'recipient' },
    );
  }
  const proceeding = requireProceeding(opened, command.proceedingId);
  const conclusion = requireConcludedForFollowUp(proceeding, 'NotificationRequiresConclusion', '届出');
  if (proceeding.notification) {
    throw agreementError(
      'DuplicateGovernorNotification',
      `${proceedingLabel(proceeding)}の届出は${proceeding.notification.notifiedOn}に記録済みです。日付の誤りは RecordCorrection で訂正してください。`,
      { field: 'proceedingId' },
    );
  }
  const required = requiredNotificationRecipient(opened);
  if (command.recipient !== required) {
    throw agreementError(
      'WrongNotificationRecipient',
      required === 'minister-of-internal-affairs'
        ? `都道府県が当事者である連携協約の届出先は総務大臣です（地方自治法第252条の2第2項）。recipient に minister-of-internal-affairs を指定してください。`
        : `市町村間の連携協約の届出先は都道府県知事です（地方自治法第252条の2第2項）。recipient に prefectural-governor を指定してください。`,
      { field: 'recipient', details: { required } },
    );
  }
  assertNotBefore(
    command.notifiedOn,
    conclusion.concludedOn,
    'notifiedOn',
    `届出（${NOTIFICATION_RECIPIENT_NAMES[required]}）`,
    '締結',
  );
  return [
    {
      type: 'GovernorNotificationRecorded',
      schemaVersion: V,
      data: {
        proceedingId: proceeding.proceedingId,
        recipient: command.recipient,
        notifiedOn: command.notifiedOn,
      },
    },
    ...completionIfDue(proceeding, { notification: true }),
  ];
}

function proposeAmendment(command: ProposeAmendment, state: AgreementState): AgreementEvent[] {
  const opened = requireOpened(state, command.agreementId);
  assertNonBlank(command.proceedingId, 'proceedingId', '手続ID');
  assertLegalDate(command.draftedOn, 'draftedOn', '変更案の作成日');
  assertOperations(command.operations, 'operations');
  assertMayStartFollowUpProceeding(opened, command.proceedingId, '変更');
  assertNotBefore(command.draftedOn, latestConclusionDate(opened), 'draftedOn', '変更案の作成', '直近の締結');
  const latest = latestVersion(opened);
  if (!latest) throw new Error('invariant: concluded agreement without a version');
  applyOrFail(latest.document, command.operations, latest.number, 'operations');
  return proceedingOpened(command.proceedingId, command.draftedOn, {
    kind: 'amendment',
    operations: command.operations,
  });
}

function proposeAbolition(command: ProposeAbolition, state: AgreementState): AgreementEvent[] {
  const opened = requireOpened(state, command.agreementId);
  assertNonBlank(command.proceedingId, 'proceedingId', '手続ID');
  assertLegalDate(command.draftedOn, 'draftedOn', '廃止案の作成日');
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
      schemaVersion: V,
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
