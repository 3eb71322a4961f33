/**
 * RecordCorrection: which recorded fact a correction names, which of its fields may be corrected, by
 * whom, and to what value (the steps around it keep their order).
 */
import { isPrivilegedActor, type Actor } from '../shared/actor';
import { assertLegalDate, assertNonBlank, assertNotAfterToday, assertNotBefore } from '../shared/validation';
import type { RecordCorrection } from './agreement.commands';
import { agreementError } from './agreement.errors';
import {
  AGREEMENT_EVENT_SCHEMA_VERSION as V,
  type AgreementEvent,
  type CorrectableEventType,
  type RecordCorrected,
} from './agreement.events';
import { assertClerkScope, assertPartyRole, assertSignatory, requireOpened } from './agreement.guards';
import {
  partyLabel,
  type AgreementState,
  type NotificationState,
  type OpenedAgreementState,
  type ProceedingState,
} from './agreement.state';
import { PARTY_ROLES, type Correction, type CorrectionInput, type PartyRole } from './agreement.types';

/** A fact a correction can name: the recorded step at a stream revision. */
export type CorrectableFact =
  | { type: 'CouncilResolutionRecorded'; proceeding: ProceedingState; index: number }
  | { type: 'ProceedingConcluded'; proceeding: ProceedingState }
  | { type: 'PublicNoticeRecorded'; proceeding: ProceedingState; party: PartyRole }
  | { type: 'GovernorNotificationRecorded'; proceeding: ProceedingState; notification: NotificationState };

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
    for (const party of PARTY_ROLES) {
      const notification = proceeding.notifications[party];
      if (notification?.revision === revision)
        return { type: 'GovernorNotificationRecorded', proceeding, notification };
    }
  }
  return undefined;
}

/** Which fields can be corrected on which recorded fact. */
export const CORRECTABLE_FIELDS: Readonly<Record<CorrectableEventType, readonly CorrectionInput['field'][]>> =
  {
    CouncilResolutionRecorded: ['resolutionNumber', 'resolvedOn'],
    ProceedingConcluded: ['signatory'],
    PublicNoticeRecorded: ['noticeNumber', 'publishedOn'],
    GovernorNotificationRecorded: ['notifiedOn', 'documentNumber'],
  };

/** The recorded facts and their fields as the 誤記訂正 form names them. */
const FACT_NAMES: Readonly<Record<CorrectableEventType, string>> = {
  CouncilResolutionRecorded: '議会の議決',
  ProceedingConcluded: '締結',
  PublicNoticeRecorded: '告示',
  GovernorNotificationRecorded: '届出',
};
const FIELD_NAMES: Readonly<Record<CorrectionInput['field'], string>> = {
  resolutionNumber: '議決番号',
  resolvedOn: '議決日',
  signatory: '署名者',
  noticeNumber: '告示番号',
  publishedOn: '告示日',
  notifiedOn: '届出日',
  documentNumber: '文書番号',
};

function fieldNotCorrectable(fact: CorrectableFact, field: string) {
  const allowed = CORRECTABLE_FIELDS[fact.type].map((f) => `${FIELD_NAMES[f]}（${f}）`).join('、');
  const named = (FIELD_NAMES as Readonly<Record<string, string>>)[field];
  return agreementError(
    'FieldNotCorrectable',
    `${FACT_NAMES[fact.type]}の記録の「${named ?? field}」は誤記訂正の対象ではありません（訂正できる項目: ${allowed}）。本文・議決の可否・締結日・施行日の変更には変更手続が必要です。`,
    { field: 'correction.field', details: { eventType: fact.type } },
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
  today: string,
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
        assertNotAfterToday(
          input.value,
          today,
          'correction.value',
          'CorrectedDateInFuture',
          '訂正後の議決日',
        );
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
        assertNotAfterToday(
          input.value,
          today,
          'correction.value',
          'CorrectedDateInFuture',
          '訂正後の告示日',
        );
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
      const notification = fact.notification;
      if (!proceeding.conclusion) throw new Error('invariant: notification');
      // Whoever may record the 届出 may correct it: a clerk its own municipality's, filed alone.
      for (const party of notification.filedBy) assertClerkScope(actor, state, party, '届出の訂正');
      if (input.field === 'documentNumber') {
        assertNonBlank(input.value, 'correction.value', '届出の文書番号');
        if (input.value === notification.documentNumber) throw unchanged('文書番号');
        return {
          field: 'documentNumber',
          ...(notification.documentNumber !== undefined ? { from: notification.documentNumber } : {}),
          to: input.value,
        };
      }
      if (input.field === 'notifiedOn') {
        assertLegalDate(input.value, 'correction.value', '届出日');
        assertNotAfterToday(
          input.value,
          today,
          'correction.value',
          'CorrectedDateInFuture',
          '訂正後の届出日',
        );
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
      `${what}は事務局又は管理者が行います。担当職員が訂正できるのは自団体の議会の議決・告示・単独の届出のみです。`,
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

export function recordCorrection(command: RecordCorrection, state: AgreementState): AgreementEvent[] {
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
      `訂正対象のイベント「${command.correctsEventId}」（リビジョン ${command.correctsRevision}）は、この協約の訂正できる記録（議会の議決・締結・告示・届出）ではありません。訂正できる記録は「手続と記録」の各手続の「誤記訂正」から選べます。`,
      { field: 'correctsEventId' },
    );
  }
  const correction = buildCorrection(opened, fact, command.correction, command.actor, command.today);
  const event: RecordCorrected = {
    type: 'RecordCorrected',
    schemaVersion: V.RecordCorrected,
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
