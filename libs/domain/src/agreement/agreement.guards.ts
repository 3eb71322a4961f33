/**
 * Guards of the agreement decider: who may issue a command, and what state it needs (an opened
 * agreement, an existing and pending proceeding, a valid document, operations that apply).
 */
import {
  AmendmentError,
  applyAmendment,
  validateDocument,
  type AgreementDocument,
  type AmendmentOperation,
} from '@kyoyaku/legal-text';
import { isPrivilegedActor, type Actor } from '../shared/actor';
import { assertNonBlank } from '../shared/validation';
import { agreementName, commandName, proceedingName, roleName } from '../shared/names';
import type { AgreementCommand, AgreementCommandType } from './agreement.commands';
import { agreementError } from './agreement.errors';
import {
  findProceeding,
  isOpened,
  partyLabel,
  partyOf,
  pendingProceeding,
  proceedingLabel,
  type AgreementState,
  type OpenedAgreementState,
  type ProceedingState,
} from './agreement.state';
import type { PartyRole, Signatory } from './agreement.types';

/**
 * Commands a clerk may issue at all, then only for its own municipality: a 届出 filed by its own
 * municipality alone (a joint one, 連名, is also the other party's act: secretariat or admin).
 */
const CLERK_COMMANDS: readonly AgreementCommandType[] = [
  'RecordCouncilResolution',
  'RecordPublicNotice',
  'RecordGovernorNotification',
  'RecordCorrection',
];

export function assertActorMayIssue(command: AgreementCommand): void {
  const { actor } = command;
  switch (actor.role) {
    case 'secretariat':
    case 'admin':
      return;
    case 'clerk':
      if (CLERK_COMMANDS.includes(command.type)) return;
      throw agreementError(
        'ActorNotPermitted',
        `担当職員は${commandName(command.type)}を記録できません。担当職員が記録できるのは自団体の議会の議決・告示・届出（及びその誤記訂正）のみです。事務局又は管理者が記録してください。`,
        { field: 'actor.role' },
      );
    case 'reader':
      throw agreementError(
        'ActorNotPermitted',
        `閲覧者は${commandName(command.type)}を記録できません。担当職員・事務局・管理者の権限が必要です。`,
        { field: 'actor.role' },
      );
  }
  throw agreementError('ActorNotPermitted', `${roleName(actor.role)}では記録できません。`, {
    field: 'actor.role',
  });
}

export function assertClerkScope(
  actor: Actor,
  state: OpenedAgreementState,
  role: PartyRole,
  what: string,
): void {
  if (isPrivilegedActor(actor)) return;
  const party = partyOf(state, role);
  if (actor.role === 'clerk' && actor.municipalityCode === party.code) return;
  throw agreementError(
    'ClerkMayRecordOnlyOwnMunicipality',
    `担当職員（${actor.municipalityCode ?? '所属団体コードなし'}）は${partyLabel(state, role)}の${what}を記録できません。自団体（${party.code}）の担当職員又は事務局が記録してください。`,
    { field: 'party' },
  );
}

export function requireOpened(state: AgreementState, agreementId: string): OpenedAgreementState {
  if (!isOpened(state)) {
    throw agreementError(
      'AgreementNotFound',
      `連携協約「${agreementId}」は台帳にありません。台帳にある連携協約は「圏域と協約の一覧」にあります。新たな協約は、先に協約の協議の開始を記録してください。`,
      { field: 'agreementId' },
    );
  }
  return state;
}

export function requireProceeding(state: OpenedAgreementState, proceedingId: string): ProceedingState {
  const proceeding = findProceeding(state, proceedingId);
  if (!proceeding) {
    const known = state.proceedings.map((p) => proceedingName(p, true)).join('、') || 'なし';
    throw agreementError(
      'ProceedingNotFound',
      `${agreementName(state)}に手続「${proceedingId}」はありません（この協約の手続: ${known}）。`,
      { field: 'proceedingId' },
    );
  }
  return proceeding;
}

/** Pending = neither concluded nor withdrawn. */
export function requirePending(proceeding: ProceedingState, what: string): void {
  switch (proceeding.status) {
    case 'negotiating':
      return;
    case 'concluded':
      throw agreementError(
        'ProceedingAlreadyConcluded',
        `${proceedingLabel(proceeding)}は${proceeding.conclusion?.concludedOn ?? ''}に締結済みのため、${what}はできません。内容を変えるには新たな変更手続を開始してください。`,
        { field: 'proceedingId', details: { proceedingId: proceeding.proceedingId } },
      );
    case 'withdrawn':
      throw withdrawnError(proceeding, what);
  }
}

export function withdrawnError(proceeding: ProceedingState, what: string) {
  return agreementError(
    'ProceedingWithdrawn',
    `${proceedingLabel(proceeding)}は${proceeding.withdrawal?.withdrawnOn ?? ''}に取り下げられているため、${what}はできません。新たな手続を開始してください。`,
    { field: 'proceedingId', details: { proceedingId: proceeding.proceedingId } },
  );
}

export function assertPartyRole(value: unknown, field: string): asserts value is PartyRole {
  if (value !== 'core' && value !== 'partner') {
    throw agreementError(
      'InvalidValue',
      `当事者「${String(value)}」は不正です。core（甲・連携中枢都市）又は partner（乙）を指定してください。`,
      { field },
    );
  }
}

export function assertSignatory(signatory: Signatory | undefined, field: string, label: string): void {
  assertNonBlank(signatory?.title ?? '', `${field}.title`, `${label}の職名`);
  assertNonBlank(signatory?.name ?? '', `${field}.name`, `${label}の氏名`);
}

/** InvalidDocument unless legal-text's structural validation finds nothing (and there is an article). */
export function assertValidDocument(document: AgreementDocument, field: string): void {
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

/**
 * The operations applied to `document`, the text of version `versionNumber` (or, when `against`
 * names it, the text the operations are drafted against); AmendmentDoesNotApply when one does not fit.
 */
export function applyOrFail(
  document: AgreementDocument,
  operations: readonly AmendmentOperation[],
  versionNumber: number,
  field: string,
  against: { label: string; advice: string } = { label: `第${versionNumber}版`, advice: '' },
): AgreementDocument {
  try {
    return applyAmendment(document, operations);
  } catch (error: unknown) {
    if (error instanceof AmendmentError) {
      throw agreementError(
        'AmendmentDoesNotApply',
        `変更の第${error.operationIndex + 1}操作（${error.provision || '対象不明'}）は${against.label}に適用できません: ${against.advice === '' ? error.message : `${error.message.replace(/。$/, '')}。${against.advice}`}`,
        {
          field: `${field}[${error.operationIndex}]`,
          details: { operationIndex: error.operationIndex, provision: error.provision, versionNumber },
        },
      );
    }
    throw error;
  }
}

export function assertOperations(operations: readonly AmendmentOperation[], field: string): void {
  if (!Array.isArray(operations) || operations.length === 0) {
    throw agreementError(
      'AmendmentWithoutOperations',
      '変更案に改正操作がありません。少なくとも一つの改正操作（字句の改正、条の追加、連携施策の変更など）を指定してください。',
      { field },
    );
  }
}

/** Amendment and abolition need a concluded, not abolished agreement with nothing pending. */
export function assertMayStartFollowUpProceeding(
  state: OpenedAgreementState,
  proceedingId: string,
  kindLabel: string,
): void {
  switch (state.status) {
    case 'negotiating':
    case 'withdrawn':
      throw agreementError(
        'AgreementNotConcluded',
        `${agreementName(state)}は${state.status === 'withdrawn' ? '締結前に取り下げられて' : 'まだ締結されて'}いないため、${kindLabel}はできません。${kindLabel}は締結済みの協約についてのみ行えます。`,
        { field: 'agreementId' },
      );
    case 'abolished':
      throw agreementError(
        'AgreementAbolished',
        `${agreementName(state)}は${state.abolition?.concludedOn ?? ''}に廃止が締結されているため、${kindLabel}はできません。`,
        { field: 'agreementId' },
      );
    case 'concluded':
      break;
  }
  const existing = findProceeding(state, proceedingId);
  if (existing) {
    throw agreementError(
      'ProceedingAlreadyExists',
      `手続ID「${proceedingId}」はこの協約の${proceedingLabel(existing)}に既に使われています。別の手続IDを指定してください。`,
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

export function latestConclusionDate(state: OpenedAgreementState): string {
  let latest = '';
  for (const p of state.proceedings) {
    if (p.conclusion && p.conclusion.concludedOn > latest) latest = p.conclusion.concludedOn;
  }
  return latest;
}
