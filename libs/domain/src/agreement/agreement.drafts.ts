/**
 * The drafts of a proceeding (協議): what a draft is checked against when it is recorded, the 廃止協約
 * drafted for an abolition, and the text an amendment makes at its conclusion, once its 施行日 fixes
 * the text it applies to (agreement-timeline.ts). Used by agreement.decide.ts.
 */
import {
  effectiveDateSentence,
  statedEffectiveDate,
  type EffectiveDateClause,
  type AgreementDocument,
  type AmendmentOperation,
  type LegalDate,
} from '@kyoyaku/legal-text';
import { assertLegalDate, assertNonBlank, assertNotBefore } from '../shared/validation';
import type { ConcludeProceeding } from './agreement.commands';
import {
  agreementTimeline,
  dayBefore,
  describeBase,
  draftBase,
  endOfTimeline,
  entriesBefore,
  type AmendmentBase,
  type TimelineEntry,
} from './agreement-timeline';
import { draftAbolitionText } from './abolition-text';
import { agreementError } from './agreement.errors';
import { applyOrFail, assertOperations, assertValidDocument } from './agreement.guards';
import { type OpenedAgreementState, type VersionState } from './agreement.state';
import type {
  AmendmentDraft,
  EffectiveDateTerms,
  ProceedingDraft,
  ProceedingDraftInput,
} from './agreement.types';

/**
 * A draft amendment is checked against the end of the known timeline: the text once every concluded
 * version has taken effect (its own 施行日 is fixed only at conclusion, where it is checked again).
 */
export function assertAppliesToDraftBase(
  state: OpenedAgreementState,
  operations: readonly AmendmentOperation[],
  field: string,
): void {
  const timeline = agreementTimeline(state.versions);
  const end = endOfTimeline(timeline);
  const base = draftBase(timeline);
  if (end === undefined || base === undefined) return;
  applyOrFail(end.document, operations, end.version.number, field, { label: describeBase(base), advice: '' });
}

/** The draft to record: conclusion and amendment drafts as given, an abolition with its text drafted. */
export function draftContent(
  state: OpenedAgreementState,
  draft: ProceedingDraftInput,
  draftedOn: LegalDate,
): ProceedingDraft {
  switch (draft.kind) {
    case 'conclusion':
      assertValidDocument(draft.document, 'draft.document');
      return draft;
    case 'amendment':
      return amendmentDraft(state, draft, draftedOn, 'draft.');
    case 'abolition':
      assertNonBlank(draft.reason, 'draft.reason', '廃止の理由');
      return abolitionDraft(state, draft.reason, draft, draftedOn, 'draft.');
  }
}

/**
 * An abolition's draft: its reason and the 廃止協約 (「…を廃止する協約」) drafted from the latest
 * version's title, the parties and the agreement's conclusion date, with the 附則 the terms give.
 */
export function abolitionDraft(
  state: OpenedAgreementState,
  reason: string,
  terms: EffectiveDateTerms,
  draftedOn: LegalDate,
  prefix: '' | 'draft.',
): ProceedingDraft {
  const effect = effectiveDateClause(terms, draftedOn, prefix, '廃止');
  const text = draftAbolitionText(state, effect);
  if (!text) throw new Error('invariant: abolition of an agreement without a version');
  return { kind: 'abolition', reason, text };
}

/**
 * The 施行期日 clause a draft states, as the 附則 will print it: `effectiveOn` (「…から施行する。」),
 * `appliesFrom` (遡及: 「締結の日から施行し、…から適用する。」), or neither (「締結の日から施行する。」).
 */
function effectiveDateClause(
  terms: EffectiveDateTerms,
  draftedOn: LegalDate,
  prefix: '' | 'draft.',
  what: '廃止' | '変更',
): EffectiveDateClause {
  if (terms.effectiveOn !== undefined) assertLegalDate(terms.effectiveOn, `${prefix}effectiveOn`, '施行日');
  if (terms.appliesFrom !== undefined) {
    assertLegalDate(terms.appliesFrom, `${prefix}appliesFrom`, '遡及して適用する日');
  }
  if (terms.effectiveOn !== undefined && terms.appliesFrom !== undefined) {
    throw agreementError(
      what === '廃止' ? 'AbolitionEffectAmbiguous' : 'AmendmentEffectAmbiguous',
      `${what}協約の附則には、施行日（「${terms.effectiveOn}から施行する。」）か遡及して適用する日（「締結の日から施行し、${terms.appliesFrom}から適用する。」）のどちらか一方だけを定めます。effectiveOn と appliesFrom の一方を外してください（いずれも外せば「締結の日から施行する。」となります）。`,
      { field: `${prefix}appliesFrom` },
    );
  }
  if (terms.effectiveOn !== undefined) {
    assertNotBefore(
      terms.effectiveOn,
      draftedOn,
      `${prefix}effectiveOn`,
      `${what}の施行日`,
      `${what}案の作成`,
    );
  }
  return terms.effectiveOn !== undefined
    ? { kind: 'on-date', effectiveOn: terms.effectiveOn }
    : terms.appliesFrom !== undefined
      ? { kind: 'retroactive', appliesFrom: terms.appliesFrom }
      : { kind: 'on-conclusion' };
}

/** The terms a stated 施行期日 clause was given with (the inverse of effectiveDateClause). */
function termsOf(effect: EffectiveDateClause): EffectiveDateTerms {
  if (effect.kind === 'on-date') return { effectiveOn: effect.effectiveOn };
  if (effect.kind === 'retroactive') return { appliesFrom: effect.appliesFrom };
  return {};
}

/**
 * An amendment's draft: the operations checked against the text they amend, and the 附則's 施行期日
 * clause checked when the draft states one.
 */
export function amendmentDraft(
  state: OpenedAgreementState,
  draft: AmendmentDraft,
  draftedOn: LegalDate,
  prefix: '' | 'draft.',
): AmendmentDraft {
  assertOperations(draft.operations, `${prefix}operations`);
  assertAppliesToDraftBase(state, draft.operations, `${prefix}operations`);
  if (draft.effect === undefined) return { kind: 'amendment', operations: draft.operations };
  const effect = effectiveDateClause(termsOf(draft.effect), draftedOn, prefix, '変更');
  return { kind: 'amendment', operations: draft.operations, effect };
}

/**
 * 締結 on the text the councils approved: when the draft's 附則 states its 施行期日 (every abolition
 * drafted with its text; an amendment whose draft states one), the 施行日 must be the one it states (the
 * conclusion date itself for 「締結の日から施行する」), and the form must fit the date — a 施行日 on or
 * after the conclusion, a 遡及 適用日 before it. A draft that states none is not checked.
 */
export function assertConclusionFitsDraftedEffect(draft: ProceedingDraft, command: ConcludeProceeding): void {
  const stated =
    draft.kind === 'abolition'
      ? draft.text === undefined
        ? undefined
        : { effect: draft.text.effect, sentence: draft.text.supplementaryProvision }
      : draft.kind === 'amendment' && draft.effect !== undefined
        ? { effect: draft.effect, sentence: effectiveDateSentence(draft.effect) }
        : undefined;
  if (stated === undefined) return;
  const what = draft.kind === 'abolition' ? '廃止' : '変更';
  const codes =
    draft.kind === 'abolition'
      ? ({ date: 'AbolitionEffectiveDateMismatch', form: 'AbolitionEffectFormMismatch' } as const)
      : ({ date: 'AmendmentEffectiveDateMismatch', form: 'AmendmentEffectFormMismatch' } as const);
  const effect = stated.effect;
  const effectiveOn = statedEffectiveDate(effect) ?? command.concludedOn;
  if (command.effectiveOn !== effectiveOn) {
    throw agreementError(
      codes.date,
      `議会の議決を経た${what}協約の附則は「${stated.sentence}」と定めているので、施行日は ${effectiveOn} です（指定された施行日は ${command.effectiveOn}）。附則のとおりの施行日で締結するか、施行日を改めた修正案を議会の議決に付してください（地方自治法第252条の2第4項）。`,
      { field: 'effectiveOn', details: { stated: effectiveOn } },
    );
  }
  if (effect.kind === 'on-date' && effect.effectiveOn < command.concludedOn) {
    throw agreementError(
      codes.form,
      `${what}協約の附則の施行日 ${effect.effectiveOn} が締結日 ${command.concludedOn} より前です。遡及する${what}は「この協約は、締結の日から施行し、…から適用する。」と定めた修正案（appliesFrom）を議会の議決に付してから締結してください。`,
      { field: 'concludedOn' },
    );
  }
  if (effect.kind === 'retroactive' && effect.appliesFrom >= command.concludedOn) {
    throw agreementError(
      codes.form,
      `${what}協約の附則は ${effect.appliesFrom} から遡及して適用すると定めていますが、締結日 ${command.concludedOn} はその日以前なので遡及になりません。「この協約は、…から施行する。」と定めた修正案（effectiveOn）を議会の議決に付してから締結してください。`,
      { field: 'concludedOn' },
    );
  }
}

/**
 * The text of an amendment at its conclusion, once its 施行日 is fixed (DESIGN.md §5): its operations
 * applied to the text in force on the day before its 施行日 — with every version taking effect
 * earlier, 未施行 or not, and none taking effect later. Every amendment taking effect after it must
 * still apply on top of it.
 */
export function concludedAmendmentText(
  state: OpenedAgreementState,
  amendment: Omit<VersionState, 'document'> & { operations: AmendmentOperation[] },
): AgreementDocument {
  const original = state.versions.find((v) => v.kind === 'conclusion');
  if (!original) throw new Error('invariant: amendment without a concluded version');
  if (amendment.effectiveOn < original.effectiveOn) {
    throw agreementError(
      'AmendmentEffectiveBeforeAgreement',
      `変更の施行日 ${amendment.effectiveOn} は協約（第${original.number}版）の施行日 ${original.effectiveOn} より前です。協約が施行される前の日から変更を施行することはできません。施行日を ${original.effectiveOn} 以後にしてください。`,
      { field: 'effectiveOn', details: { agreementEffectiveOn: original.effectiveOn } },
    );
  }
  const timeline = agreementTimeline(state.versions);
  const baseEntries = entriesBefore(timeline, amendment.effectiveOn);
  const baseEntry = baseEntries[baseEntries.length - 1];
  if (!baseEntry)
    throw new Error('invariant: no version before an amendment taking effect after the agreement');
  const base: AmendmentBase = {
    kind: 'before-effective-date',
    asOf: dayBefore(amendment.effectiveOn),
    versionNumbers: baseEntries.map((e) => e.version.number),
  };
  const document = applyOrFail(
    baseEntry.document,
    amendment.operations,
    baseEntry.version.number,
    'draft.operations',
    {
      label: describeBase(base),
      advice:
        '変更は施行日の前日に施行されている本文を基に起案します。案を修正するか、施行日を見直してください。',
    },
  );
  // Every version after it in the timeline is replayed on top of it; none may stop applying.
  const failedBefore = new Set(timeline.filter((e) => e.replayFailure).map((e) => e.version.number));
  const after = agreementTimeline([...state.versions, { ...amendment, document }]);
  const broken = after.find((e) => e.replayFailure !== undefined && !failedBefore.has(e.version.number));
  if (broken) throw laterAmendmentWouldNotApply(broken, amendment);
  return document;
}

function laterAmendmentWouldNotApply(
  broken: TimelineEntry,
  amendment: Pick<VersionState, 'effectiveOn' | 'concludedOn'>,
) {
  const later = broken.version;
  const failure = broken.replayFailure;
  const pending = later.effectiveOn > amendment.concludedOn;
  const operation =
    failure === undefined
      ? ''
      : `の第${failure.operationIndex + 1}操作（${failure.provision || '対象不明'}）`;
  const reason = failure === undefined ? '' : `: ${failure.message.replace(/。$/, '')}`;
  return agreementError(
    'PendingAmendmentWouldNotApply',
    `この変更（施行日 ${amendment.effectiveOn}）を締結すると、締結済みで${pending ? '未施行' : '施行済み'}の第${later.number}版（施行日 ${later.effectiveOn}）${operation}が適用できなくなります${reason}。` +
      `第${later.number}版は自らの施行日にその日の本文に対して適用されるため、先に施行されるこの変更の後も適用できなければなりません。` +
      `締結するには、この変更案を修正して第${later.number}版が改める箇所を残す（修正案を作成し、両議会の議決をやり直します）か、施行日を第${later.number}版の施行日（${later.effectiveOn}）以後にするか、この手続を取り下げてください。` +
      `締結済みの第${later.number}版の内容を見直すには、別の変更手続によります。`,
    {
      field: 'effectiveOn',
      details: {
        pendingProceedingId: later.proceedingId,
        pendingVersionNumber: later.number,
        pendingEffectiveOn: later.effectiveOn,
        ...(failure === undefined
          ? {}
          : { operationIndex: failure.operationIndex, provision: failure.provision }),
      },
    },
  );
}
