/**
 * The agreement aggregate as a decider (DESIGN.md §2.1, §3): `decide(command, state)` returns the new
 * events or throws a DomainError naming the broken rule; `evolve(state, event)` folds one event;
 * `initialState()` is the empty stream.
 *
 * Proceedings. The agreement itself (締結), each amendment (変更) and the abolition (廃止) is a
 * proceeding with the same steps (「前三項の例により」):
 *   draft (and re-drafts) → one council resolution per party (可決/否決; re-resolution after 否決)
 *   → conclusion (both councils approved the current draft) → 告示 by each party + 届出
 *   → complete (ProceedingCompleted is emitted with the last of those three).
 * A pending proceeding may be withdrawn. At most ONE proceeding is pending per agreement at any time,
 * whatever its kind: an amendment and an abolition both act on the latest version, so letting two run
 * at once would let one be concluded against a text the other has already changed.
 *
 * Who. readers record nothing; a clerk records only its own municipality's council resolution and
 * its own notice (and corrects those); secretariat and admin record everything.
 *
 * Dates. A step may not be dated before the step it follows: re-draft ≥ previous draft and
 * resolutions; resolution ≥ its draft and the same council's previous resolution; conclusion ≥ both
 * approvals; notice and notification ≥ conclusion; withdrawal ≥ the last draft/resolution; an
 * amendment or abolition draft ≥ the latest conclusion. The same day is allowed everywhere.
 */
import {
  AmendmentError,
  applyAmendment,
  validateDocument,
  type AgreementDocument,
  type AmendmentOperation,
  type LegalDate,
} from '@kyoyaku/legal-text';
import { assertMunicipalityCode, isPrefectureCode } from '../municipality/municipality-code';
import { isPrivilegedActor, type Actor } from '../shared/actor';
import type { Decider } from '../shared/decider';
import { assertLegalDate, assertNonBlank, assertNotBefore } from '../shared/validation';
import type {
  AgreementCommand,
  AgreementCommandType,
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
} from './agreement.commands';
import { agreementError } from './agreement.errors';
import {
  AGREEMENT_EVENT_SCHEMA_VERSION as V,
  type AgreementEvent,
  type CorrectableEventType,
  type ProceedingCompleted,
  type ProceedingConcluded,
  type RecordCorrected,
} from './agreement.events';
import {
  currentDraft,
  findProceeding,
  isOpened,
  lastNegotiationStepDate,
  latestVersion,
  partyLabel,
  partyOf,
  pendingProceeding,
  proceedingLabel,
  standingResolution,
  type AgreementState,
  type OpenedAgreementState,
  type ProceedingState,
} from './agreement.state';
import {
  NOTIFICATION_RECIPIENT_NAMES,
  PARTY_ROLES,
  type Correction,
  type CorrectionInput,
  type NotificationRecipient,
  type PartyRole,
  type ProceedingDraft,
  type Signatory,
} from './agreement.types';

// ───────────────────────────── initial state ─────────────────────────────

export function initialAgreementState(): AgreementState {
  return { status: 'initial', nextRevision: 0 };
}

// ───────────────────────────── guards ─────────────────────────────

/** Commands a clerk may issue at all (then only for its own municipality). */
const CLERK_COMMANDS: readonly AgreementCommandType[] = [
  'RecordCouncilResolution',
  'RecordPublicNotice',
  'RecordCorrection',
];

function assertActorMayIssue(command: AgreementCommand): void {
  const { actor } = command;
  switch (actor.role) {
    case 'secretariat':
    case 'admin':
      return;
    case 'clerk':
      if (CLERK_COMMANDS.includes(command.type)) return;
      throw agreementError(
        'ActorNotPermitted',
        `担当職員（clerk）は ${command.type} を記録できません。担当職員が記録できるのは自団体の議会の議決・告示（及びその誤記訂正）のみです。事務局（secretariat）又は管理者（admin）が記録してください。`,
        { field: 'actor.role' },
      );
    case 'reader':
      throw agreementError(
        'ActorNotPermitted',
        `閲覧者（reader）は記録できません（${command.type}）。担当職員・事務局・管理者の権限が必要です。`,
        { field: 'actor.role' },
      );
  }
  throw agreementError('ActorNotPermitted', `不明な役割「${String(actor.role)}」では記録できません。`, {
    field: 'actor.role',
  });
}

function assertClerkScope(actor: Actor, state: OpenedAgreementState, role: PartyRole, what: string): void {
  if (isPrivilegedActor(actor)) return;
  const party = partyOf(state, role);
  if (actor.role === 'clerk' && actor.municipalityCode === party.code) return;
  throw agreementError(
    'ClerkMayRecordOnlyOwnMunicipality',
    `担当職員（${actor.municipalityCode ?? '所属団体コードなし'}）は${partyLabel(state, role)}の${what}を記録できません。自団体（${party.code}）の担当職員又は事務局が記録してください。`,
    { field: 'party' },
  );
}

function requireOpened(state: AgreementState, agreementId: string): OpenedAgreementState {
  if (!isOpened(state)) {
    throw agreementError(
      'AgreementNotFound',
      `連携協約「${agreementId}」は存在しません。先に協約の協議を開始（OpenAgreement）してください。`,
      { field: 'agreementId' },
    );
  }
  return state;
}

function requireProceeding(state: OpenedAgreementState, proceedingId: string): ProceedingState {
  const proceeding = findProceeding(state, proceedingId);
  if (!proceeding) {
    const known = state.proceedings.map((p) => p.proceedingId).join('、') || 'なし';
    throw agreementError(
      'ProceedingNotFound',
      `連携協約「${state.agreementId}」に手続「${proceedingId}」はありません（既存の手続: ${known}）。`,
      { field: 'proceedingId' },
    );
  }
  return proceeding;
}

/** Pending = neither concluded nor withdrawn. */
function requirePending(proceeding: ProceedingState, what: string): void {
  switch (proceeding.status) {
    case 'negotiating':
      return;
    case 'concluded':
      throw agreementError(
        'ProceedingAlreadyConcluded',
        `${proceedingLabel(proceeding)}は${proceeding.conclusion?.concludedOn ?? ''}に締結済みのため、${what}はできません。内容を変えるには新たな変更手続を開始してください。`,
        { field: 'proceedingId' },
      );
    case 'withdrawn':
      throw withdrawnError(proceeding, what);
  }
}

function withdrawnError(proceeding: ProceedingState, what: string) {
  return agreementError(
    'ProceedingWithdrawn',
    `${proceedingLabel(proceeding)}は${proceeding.withdrawal?.withdrawnOn ?? ''}に取り下げられているため、${what}はできません。新たな手続を開始してください。`,
    { field: 'proceedingId' },
  );
}

function assertPartyRole(value: unknown, field: string): asserts value is PartyRole {
  if (value !== 'core' && value !== 'partner') {
    throw agreementError(
      'InvalidValue',
      `当事者「${String(value)}」は不正です。core（甲・連携中枢都市）又は partner（乙）を指定してください。`,
      { field },
    );
  }
}

function assertSignatory(signatory: Signatory | undefined, field: string, label: string): void {
  assertNonBlank(signatory?.title ?? '', `${field}.title`, `${label}の職名`);
  assertNonBlank(signatory?.name ?? '', `${field}.name`, `${label}の氏名`);
}

/** InvalidDocument unless legal-text's structural validation finds nothing (and there is an article). */
function assertValidDocument(document: AgreementDocument, field: string): void {
  let problems: string[];
  try {
    problems = validateDocument(document);
    if (Array.isArray(document.articles) && document.articles.length === 0) problems.push('条がありません');
  } catch {
    problems = ['文書の形式が不正です（題名・前文・条・連携施策・別表・附則が必要です）'];
  }
  if (problems.length > 0) {
    throw agreementError('InvalidDocument', `協約案の本文が不正です: ${problems.join('。')}。`, {
      field,
      details: { problems: problems.length },
    });
  }
}

function applyOrFail(
  document: AgreementDocument,
  operations: readonly AmendmentOperation[],
  versionNumber: number,
  field: string,
): AgreementDocument {
  try {
    return applyAmendment(document, operations);
  } catch (error: unknown) {
    if (error instanceof AmendmentError) {
      throw agreementError(
        'AmendmentDoesNotApply',
        `変更の第${error.operationIndex + 1}操作（${error.provision || '対象不明'}）は第${versionNumber}版に適用できません: ${error.message}`,
        {
          field: `${field}[${error.operationIndex}]`,
          details: { operationIndex: error.operationIndex, provision: error.provision, versionNumber },
        },
      );
    }
    throw error;
  }
}

function assertOperations(operations: readonly AmendmentOperation[], field: string): void {
  if (!Array.isArray(operations) || operations.length === 0) {
    throw agreementError(
      'AmendmentWithoutOperations',
      '変更案に改正操作がありません。少なくとも一つの改正操作（字句の改正、条の追加、連携施策の変更など）を指定してください。',
      { field },
    );
  }
}

/** Amendment and abolition need a concluded, not abolished agreement with nothing pending. */
function assertMayStartFollowUpProceeding(
  state: OpenedAgreementState,
  proceedingId: string,
  kindLabel: string,
): void {
  switch (state.status) {
    case 'negotiating':
    case 'withdrawn':
      throw agreementError(
        'AgreementNotConcluded',
        `連携協約「${state.agreementId}」は${state.status === 'withdrawn' ? '締結前に取り下げられて' : 'まだ締結されて'}いないため、${kindLabel}はできません。${kindLabel}は締結済みの協約についてのみ行えます。`,
        { field: 'agreementId' },
      );
    case 'abolished':
      throw agreementError(
        'AgreementAbolished',
        `連携協約「${state.agreementId}」は${state.abolition?.concludedOn ?? ''}に廃止が締結されているため、${kindLabel}はできません。`,
        { field: 'agreementId' },
      );
    case 'concluded':
      break;
  }
  if (findProceeding(state, proceedingId)) {
    throw agreementError(
      'ProceedingAlreadyExists',
      `手続ID「${proceedingId}」はこの協約で既に使われています。別の手続IDを指定してください。`,
      { field: 'proceedingId' },
    );
  }
  const pending = pendingProceeding(state);
  if (pending) {
    throw agreementError(
      'AnotherProceedingPending',
      `${proceedingLabel(pending)}が進行中です。一つの協約で同時に進められる手続は一つです。先にその手続を締結するか取り下げてください。`,
      { field: 'proceedingId', details: { pendingProceedingId: pending.proceedingId } },
    );
  }
}

function latestConclusionDate(state: OpenedAgreementState): string {
  let latest = '';
  for (const p of state.proceedings) {
    if (p.conclusion && p.conclusion.concludedOn > latest) latest = p.conclusion.concludedOn;
  }
  return latest;
}

// ───────────────────────────── decide ─────────────────────────────

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

function validateDraftContent(state: OpenedAgreementState, draft: ProceedingDraft): void {
  switch (draft.kind) {
    case 'conclusion':
      assertValidDocument(draft.document, 'draft.document');
      return;
    case 'amendment': {
      assertOperations(draft.operations, 'draft.operations');
      const latest = latestVersion(state);
      if (latest) applyOrFail(latest.document, draft.operations, latest.number, 'draft.operations');
      return;
    }
    case 'abolition':
      assertNonBlank(draft.reason, 'draft.reason', '廃止の理由');
      return;
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
  validateDraftContent(opened, command.draft);
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
        draft: command.draft,
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
  return proceedingOpened(command.proceedingId, command.draftedOn, {
    kind: 'abolition',
    reason: command.reason,
  });
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

// ───────────────────────────── corrections ─────────────────────────────

/** A fact a correction can name: the recorded step at a stream revision. */
export type CorrectableFact =
  | { type: 'CouncilResolutionRecorded'; proceeding: ProceedingState; index: number }
  | { type: 'ProceedingConcluded'; proceeding: ProceedingState }
  | { type: 'PublicNoticeRecorded'; proceeding: ProceedingState; party: PartyRole }
  | { type: 'GovernorNotificationRecorded'; proceeding: ProceedingState };

/** Finds the correctable fact recorded at `revision` in this agreement's stream. */
export function findCorrectableFact(
  state: OpenedAgreementState,
  revision: number,
): CorrectableFact | undefined {
  for (const proceeding of state.proceedings) {
    const index = proceeding.resolutions.findIndex((r) => r.revision === revision);
    if (index >= 0) return { type: 'CouncilResolutionRecorded', proceeding, index };
    if (proceeding.conclusion?.revision === revision) return { type: 'ProceedingConcluded', proceeding };
    for (const party of PARTY_ROLES) {
      if (proceeding.notices[party]?.revision === revision)
        return { type: 'PublicNoticeRecorded', proceeding, party };
    }
    if (proceeding.notification?.revision === revision)
      return { type: 'GovernorNotificationRecorded', proceeding };
  }
  return undefined;
}

/** Which fields can be corrected on which recorded fact. */
export const CORRECTABLE_FIELDS: Readonly<Record<CorrectableEventType, readonly CorrectionInput['field'][]>> =
  {
    CouncilResolutionRecorded: ['resolutionNumber', 'resolvedOn'],
    ProceedingConcluded: ['signatory'],
    PublicNoticeRecorded: ['noticeNumber', 'publishedOn'],
    GovernorNotificationRecorded: ['notifiedOn'],
  };

function fieldNotCorrectable(fact: CorrectableFact, field: string) {
  const allowed = CORRECTABLE_FIELDS[fact.type].join('、');
  return agreementError(
    'FieldNotCorrectable',
    `${fact.type} の「${field}」は誤記訂正の対象ではありません（訂正できる項目: ${allowed}）。本文・議決の可否・締結日・施行日の変更には変更手続が必要です。`,
    { field: 'correction.field' },
  );
}

function unchanged(label: string) {
  return agreementError(
    'CorrectionChangesNothing',
    `訂正後の${label}が現在の値と同じです。訂正する値を指定してください。`,
    {
      field: 'correction.value',
    },
  );
}

function buildCorrection(
  state: OpenedAgreementState,
  fact: CorrectableFact,
  input: CorrectionInput,
  actor: Actor,
): Correction {
  const proceeding = fact.proceeding;
  switch (fact.type) {
    case 'CouncilResolutionRecorded': {
      const resolution = proceeding.resolutions[fact.index];
      if (!resolution) throw new Error('invariant: resolution index');
      assertClerkScope(actor, state, resolution.party, '議会の議決の訂正');
      if (input.field === 'resolutionNumber') {
        assertNonBlank(input.value, 'correction.value', '議決番号');
        if (input.value === resolution.resolutionNumber) throw unchanged('議決番号');
        return {
          field: 'resolutionNumber',
          party: resolution.party,
          ...(resolution.resolutionNumber !== undefined ? { from: resolution.resolutionNumber } : {}),
          to: input.value,
        };
      }
      if (input.field === 'resolvedOn') {
        assertLegalDate(input.value, 'correction.value', '議決日');
        if (input.value === resolution.resolvedOn) throw unchanged('議決日');
        assertResolutionDateFits(state, proceeding, fact.index, input.value);
        return { field: 'resolvedOn', party: resolution.party, from: resolution.resolvedOn, to: input.value };
      }
      throw fieldNotCorrectable(fact, input.field);
    }
    case 'PublicNoticeRecorded': {
      const notice = proceeding.notices[fact.party];
      if (!notice || !proceeding.conclusion) throw new Error('invariant: notice');
      assertClerkScope(actor, state, fact.party, '告示の訂正');
      if (input.field === 'noticeNumber') {
        assertNonBlank(input.value, 'correction.value', '告示番号');
        if (input.value === notice.noticeNumber) throw unchanged('告示番号');
        return { field: 'noticeNumber', party: fact.party, from: notice.noticeNumber, to: input.value };
      }
      if (input.field === 'publishedOn') {
        assertLegalDate(input.value, 'correction.value', '告示日');
        if (input.value === notice.publishedOn) throw unchanged('告示日');
        assertNotBefore(
          input.value,
          proceeding.conclusion.concludedOn,
          'correction.value',
          '訂正後の告示',
          '締結',
        );
        return { field: 'publishedOn', party: fact.party, from: notice.publishedOn, to: input.value };
      }
      throw fieldNotCorrectable(fact, input.field);
    }
    case 'GovernorNotificationRecorded': {
      const notification = proceeding.notification;
      if (!notification || !proceeding.conclusion) throw new Error('invariant: notification');
      assertPrivileged(actor, '届出の訂正');
      if (input.field === 'notifiedOn') {
        assertLegalDate(input.value, 'correction.value', '届出日');
        if (input.value === notification.notifiedOn) throw unchanged('届出日');
        assertNotBefore(
          input.value,
          proceeding.conclusion.concludedOn,
          'correction.value',
          '訂正後の届出',
          '締結',
        );
        return { field: 'notifiedOn', from: notification.notifiedOn, to: input.value };
      }
      throw fieldNotCorrectable(fact, input.field);
    }
    case 'ProceedingConcluded': {
      const conclusion = proceeding.conclusion;
      if (!conclusion) throw new Error('invariant: conclusion');
      assertPrivileged(actor, '締結の署名者の訂正');
      if (input.field === 'signatory') {
        assertPartyRole(input.party, 'correction.party');
        assertSignatory(input.value, 'correction.value', '訂正後の署名者');
        const current = conclusion.signatories[input.party];
        if (current.title === input.value.title && current.name === input.value.name)
          throw unchanged('署名者');
        return {
          field: 'signatory',
          party: input.party,
          from: { title: current.title, name: current.name },
          to: { title: input.value.title, name: input.value.name },
        };
      }
      throw fieldNotCorrectable(fact, input.field);
    }
  }
}

function assertPrivileged(actor: Actor, what: string): void {
  if (!isPrivilegedActor(actor)) {
    throw agreementError(
      'ClerkMayRecordOnlyOwnMunicipality',
      `${what}は事務局（secretariat）又は管理者（admin）が行います。担当職員が訂正できるのは自団体の議会の議決と告示のみです。`,
      { field: 'actor.role' },
    );
  }
}

/** A corrected resolution date must still sit between the steps around it. */
function assertResolutionDateFits(
  state: OpenedAgreementState,
  proceeding: ProceedingState,
  index: number,
  date: string,
): void {
  const resolution = proceeding.resolutions[index];
  if (!resolution) throw new Error('invariant: resolution index');
  const draft = proceeding.drafts.find((d) => d.draftNumber === resolution.draftNumber);
  if (draft)
    assertNotBefore(
      date,
      draft.draftedOn,
      'correction.value',
      '訂正後の議決',
      `第${draft.draftNumber}案の作成`,
    );
  const sameParty = proceeding.resolutions.filter((r) => r.party === resolution.party);
  const position = sameParty.indexOf(resolution);
  const previous = sameParty[position - 1];
  if (previous)
    assertNotBefore(date, previous.resolvedOn, 'correction.value', '訂正後の議決', '同じ議会の前回の議決');
  // The steps that follow it may not come to precede it.
  const following: { date: string; label: string }[] = [];
  const next = sameParty[position + 1];
  if (next) following.push({ date: next.resolvedOn, label: '同じ議会の次の議決' });
  for (const d of proceeding.drafts) {
    if (d.draftNumber > resolution.draftNumber)
      following.push({ date: d.draftedOn, label: `第${d.draftNumber}案の作成` });
  }
  if (proceeding.conclusion) following.push({ date: proceeding.conclusion.concludedOn, label: '締結' });
  if (proceeding.withdrawal) following.push({ date: proceeding.withdrawal.withdrawnOn, label: '取下げ' });
  for (const step of following) {
    if (step.date < date) {
      throw agreementError(
        'StepDateBeforePreviousStep',
        `訂正後の議決日 ${date} は、その後の${step.label}（${step.date}）より後になります。${partyLabel(state, resolution.party)}の議決日は ${step.date} 以前でなければなりません。`,
        { field: 'correction.value', details: { latest: step.date } },
      );
    }
  }
}

function recordCorrection(command: RecordCorrection, state: AgreementState): AgreementEvent[] {
  const opened = requireOpened(state, command.agreementId);
  assertNonBlank(command.correctsEventId, 'correctsEventId', '訂正対象のイベントID');
  assertNonBlank(command.reason, 'reason', '訂正の理由');
  if (!Number.isInteger(command.correctsRevision) || command.correctsRevision < 0) {
    throw agreementError(
      'InvalidValue',
      `訂正対象のリビジョン「${String(command.correctsRevision)}」は0以上の整数でなければなりません。`,
      { field: 'correctsRevision' },
    );
  }
  const fact = findCorrectableFact(opened, command.correctsRevision);
  if (!fact) {
    throw agreementError(
      'CorrectionTargetNotFound',
      `訂正対象のイベント「${command.correctsEventId}」（リビジョン ${command.correctsRevision}）は、この協約の訂正できる記録（議会の議決・締結・告示・届出）ではありません。`,
      { field: 'correctsEventId' },
    );
  }
  const correction = buildCorrection(opened, fact, command.correction, command.actor);
  const event: RecordCorrected = {
    type: 'RecordCorrected',
    schemaVersion: V,
    data: {
      correctsEventId: command.correctsEventId,
      correctsRevision: command.correctsRevision,
      correctedEventType: fact.type,
      proceedingId: fact.proceeding.proceedingId,
      correction,
      reason: command.reason,
    },
  };
  return [event];
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

// ───────────────────────────── evolve ─────────────────────────────

function updateProceeding(
  state: OpenedAgreementState,
  proceedingId: string,
  update: (proceeding: ProceedingState) => ProceedingState,
): OpenedAgreementState {
  return {
    ...state,
    proceedings: state.proceedings.map((p) => (p.proceedingId === proceedingId ? update(p) : p)),
  };
}

function applyCorrection(
  proceeding: ProceedingState,
  revision: number,
  correction: Correction,
): ProceedingState {
  switch (correction.field) {
    case 'resolutionNumber':
      return {
        ...proceeding,
        resolutions: proceeding.resolutions.map((r) =>
          r.revision === revision ? { ...r, resolutionNumber: correction.to } : r,
        ),
      };
    case 'resolvedOn':
      return {
        ...proceeding,
        resolutions: proceeding.resolutions.map((r) =>
          r.revision === revision ? { ...r, resolvedOn: correction.to } : r,
        ),
      };
    case 'noticeNumber':
    case 'publishedOn': {
      const notice = proceeding.notices[correction.party];
      if (!notice || notice.revision !== revision) return proceeding;
      const corrected =
        correction.field === 'noticeNumber'
          ? { ...notice, noticeNumber: correction.to }
          : { ...notice, publishedOn: correction.to };
      return { ...proceeding, notices: { ...proceeding.notices, [correction.party]: corrected } };
    }
    case 'notifiedOn':
      if (!proceeding.notification || proceeding.notification.revision !== revision) return proceeding;
      return { ...proceeding, notification: { ...proceeding.notification, notifiedOn: correction.to } };
    case 'signatory':
      if (!proceeding.conclusion || proceeding.conclusion.revision !== revision) return proceeding;
      return {
        ...proceeding,
        conclusion: {
          ...proceeding.conclusion,
          signatories: { ...proceeding.conclusion.signatories, [correction.party]: { ...correction.to } },
        },
      };
  }
}

function evolveConcluded(
  state: OpenedAgreementState,
  event: ProceedingConcluded,
  revision: number,
): OpenedAgreementState {
  const data = event.data;
  const proceeding = findProceeding(state, data.proceedingId);
  if (!proceeding) return state;
  const retroactive =
    data.retroactive !== undefined ? { retroactive: { reason: data.retroactive.reason } } : {};
  const draft = currentDraft(proceeding);
  const concluded = updateProceeding(state, data.proceedingId, (p) => ({
    ...p,
    status: 'concluded',
    conclusion: {
      revision,
      concludedOn: data.concludedOn,
      effectiveOn: data.effectiveOn,
      signatories: data.signatories,
      ...retroactive,
      ...(data.kind !== 'abolition' ? { versionNumber: data.versionNumber } : {}),
    },
  }));
  switch (data.kind) {
    case 'conclusion':
    case 'amendment':
      return {
        ...concluded,
        status: state.status === 'abolished' ? 'abolished' : 'concluded',
        versions: [
          ...state.versions,
          {
            number: data.versionNumber,
            proceedingId: data.proceedingId,
            kind: data.kind,
            document: data.document,
            ...(draft?.draft.kind === 'amendment' ? { operations: draft.draft.operations } : {}),
            concludedOn: data.concludedOn,
            effectiveOn: data.effectiveOn,
            ...retroactive,
            revision,
          },
        ],
      };
    case 'abolition':
      return {
        ...concluded,
        status: 'abolished',
        abolition: {
          proceedingId: data.proceedingId,
          concludedOn: data.concludedOn,
          effectiveOn: data.effectiveOn,
          ...retroactive,
          reason: draft?.draft.kind === 'abolition' ? draft.draft.reason : '',
          revision,
        },
      };
  }
}

function evolveOpened(
  state: OpenedAgreementState,
  event: AgreementEvent,
  revision: number,
): OpenedAgreementState {
  switch (event.type) {
    case 'AgreementOpened':
      return state; // a second AgreementOpened is never decided; ignore it
    case 'ProceedingOpened':
      return {
        ...state,
        proceedings: [
          ...state.proceedings,
          {
            proceedingId: event.data.proceedingId,
            kind: event.data.kind,
            openedOn: event.data.openedOn,
            status: 'negotiating',
            drafts: [],
            resolutions: [],
            notices: {},
            completed: false,
          },
        ],
      };
    case 'DraftRecorded':
      return updateProceeding(state, event.data.proceedingId, (p) => ({
        ...p,
        drafts: [
          ...p.drafts,
          {
            draftNumber: event.data.draftNumber,
            draftedOn: event.data.draftedOn,
            draft: event.data.draft,
            revision,
          },
        ],
      }));
    case 'CouncilResolutionRecorded':
      return updateProceeding(state, event.data.proceedingId, (p) => ({
        ...p,
        resolutions: [
          ...p.resolutions,
          {
            revision,
            party: event.data.party,
            decision: event.data.decision,
            resolvedOn: event.data.resolvedOn,
            draftNumber: event.data.draftNumber,
            ...(event.data.resolutionNumber !== undefined
              ? { resolutionNumber: event.data.resolutionNumber }
              : {}),
          },
        ],
      }));
    case 'ProceedingConcluded':
      return evolveConcluded(state, event, revision);
    case 'PublicNoticeRecorded':
      return updateProceeding(state, event.data.proceedingId, (p) => ({
        ...p,
        notices: {
          ...p.notices,
          [event.data.party]: {
            revision,
            party: event.data.party,
            noticeNumber: event.data.noticeNumber,
            publishedOn: event.data.publishedOn,
          },
        },
      }));
    case 'GovernorNotificationRecorded':
      return updateProceeding(state, event.data.proceedingId, (p) => ({
        ...p,
        notification: { revision, recipient: event.data.recipient, notifiedOn: event.data.notifiedOn },
      }));
    case 'ProceedingCompleted':
      return updateProceeding(state, event.data.proceedingId, (p) => ({ ...p, completed: true }));
    case 'ProceedingWithdrawn': {
      const proceeding = findProceeding(state, event.data.proceedingId);
      const withdrawn = updateProceeding(state, event.data.proceedingId, (p) => ({
        ...p,
        status: 'withdrawn',
        withdrawal: { revision, withdrawnOn: event.data.withdrawnOn, reason: event.data.reason },
      }));
      return proceeding?.kind === 'conclusion' ? { ...withdrawn, status: 'withdrawn' } : withdrawn;
    }
    case 'RecordCorrected': {
      const data = event.data;
      const corrected = updateProceeding(state, data.proceedingId, (p) =>
        applyCorrection(p, data.correctsRevision, data.correction),
      );
      return {
        ...corrected,
        corrections: [
          ...state.corrections,
          {
            revision,
            correctsEventId: data.correctsEventId,
            correctsRevision: data.correctsRevision,
            correctedEventType: data.correctedEventType,
            proceedingId: data.proceedingId,
            correction: data.correction,
            reason: data.reason,
          },
        ],
      };
    }
  }
}

/**
 * Folds one event. Pure and total: an event that does not fit the state (which decide never
 * produces) leaves it unchanged except for the revision count, so a replay never throws.
 */
export function evolveAgreement(state: AgreementState, event: AgreementEvent): AgreementState {
  const revision = state.nextRevision;
  if (!isOpened(state)) {
    if (event.type !== 'AgreementOpened') return { status: 'initial', nextRevision: revision + 1 };
    return {
      status: 'negotiating',
      nextRevision: revision + 1,
      agreementId: event.data.agreementId,
      regionId: event.data.regionId,
      coreCity: { ...event.data.coreCity },
      partner: { ...event.data.partner },
      proceedings: [],
      versions: [],
      corrections: [],
    };
  }
  return { ...evolveOpened(state, event, revision), nextRevision: revision + 1 };
}

export const agreementDecider: Decider<AgreementCommand, AgreementEvent, AgreementState> = {
  decide: decideAgreement,
  evolve: evolveAgreement,
  initialState: initialAgreementState,
};
