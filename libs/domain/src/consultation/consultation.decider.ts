/**
 * The consultation (協議, 第5条) as a decider: scheduled → held, or → postponed (any number of times,
 * then held) → …, or cancelled. Held and cancelled are terminal: a consultation is recorded once.
 * Only secretariat and admin record consultations (the core city's office convenes them).
 *
 * Dates: the scheduled date (and a postponement's new date) is a plan and may be ahead; the day it
 * was held, postponed or cancelled is a recorded fact, never after today in Japan (handed in as a fact).
 *
 * Participants must be the core city and partners with an agreement in force on the scheduled date
 * (the membership is a fact the application reads from the agreements); attendees come from the
 * participants. An outcome may cite an event already in the ledger; the application looks the events
 * up and hands what it found to `decide`, which refuses a citation it could not find.
 */
import type { LegalDate, NamedEventType } from '@kyoyaku/legal-text';
import type { Party } from '../agreement/agreement.types';
import { assertMunicipalityCode } from '../municipality/municipality-code';
import type { Decider } from '../shared/decider';
import { assertLegalDate, assertNonBlank, assertNotAfterToday } from '../shared/validation';
import { consultationName, eventTypeName, privilegedOnlyMessage, warekiOrIso } from '../shared/names';
import type {
  CancelConsultation,
  ConsultationCommand,
  PostponeConsultation,
  RecordConsultation,
  ScheduleConsultation,
} from './consultation.commands';
import { consultationError } from './consultation.errors';
import {
  CONSULTATION_EVENT_SCHEMA_VERSION as V,
  CONSULTATION_KINDS,
  OUTCOME_KIND_NAMES,
  OUTCOME_KINDS,
  type ConsultationAttendee,
  type ConsultationEvent,
  type ConsultationKind,
  type ConsultationOutcome,
  type ConsultationStatus,
  type OutcomeKind,
} from './consultation.events';

export interface InitialConsultationState {
  status: 'initial';
}

export interface ActiveConsultationState {
  status: ConsultationStatus;
  consultationId: string;
  regionId: string;
  kind: ConsultationKind;
  /** The date it is (or was last) set for: moved by a postponement with a new date. */
  scheduledOn: LegalDate;
  originallyScheduledOn: LegalDate;
  participants: Party[];
  agenda: string[];
  heldOn?: LegalDate;
  attendees: ConsultationAttendee[];
  /** The date of the latest postponement (steps after it may not be dated earlier). */
  lastPostponedOn?: LegalDate;
}

export type ConsultationState = InitialConsultationState | ActiveConsultationState;

export function initialConsultationState(): ConsultationState {
  return { status: 'initial' };
}

/** What a cost-share decision needs to know about the consultation it cites. */
export interface ConsultationRecordFacts {
  consultationId: string;
  /** Its kind and the day set for it name it in a refusal (consultationName). */
  kind: ConsultationKind;
  scheduledOn: LegalDate;
  regionId: string;
  /** The region by its name, for a refusal (the consultation's stream holds only its id). */
  regionName: string;
  status: ConsultationStatus;
  heldOn: LegalDate | null;
  /** The municipalities that attended (by code), when held. */
  attendingMunicipalities: string[];
}

/** The facts of a consultation as its stream stands; `regionName` names its region (read by the caller). */
export function consultationRecordFacts(
  state: ConsultationState,
  regionName: (regionId: string) => string,
): ConsultationRecordFacts | null {
  if (state.status === 'initial') return null;
  return {
    consultationId: state.consultationId,
    kind: state.kind,
    scheduledOn: state.scheduledOn,
    regionId: state.regionId,
    regionName: regionName(state.regionId),
    status: state.status,
    heldOn: state.heldOn ?? null,
    attendingMunicipalities: [...new Set(state.attendees.map((a) => a.municipalityCode))].sort(),
  };
}

/**
 * Which events an outcome of each kind may cite: stream prefix and event types, and (for a refusal)
 * what those records are called when no types are listed.
 */
export const CITABLE_EVENTS: Readonly<
  Record<OutcomeKind, { streamPrefix?: string; types?: readonly NamedEventType[]; records?: string }>
> = {
  'cost-share-decision': { streamPrefix: 'project-', types: ['CostShareDecided', 'CostShareRevised'] },
  amendment: {
    streamPrefix: 'agreement-',
    types: ['ProceedingOpened', 'DraftRecorded', 'ProceedingConcluded'],
  },
  'doubt-resolution': { streamPrefix: 'doubt-', records: '疑義' },
  other: {},
};

/** 「費用分担の決定又は費用分担の改定」, 「手続の開始、案の記録又は締結」: the records a kind may cite. */
function citableRecords(rule: (typeof CITABLE_EVENTS)[OutcomeKind]): string {
  if (rule.types === undefined) return rule.records ?? '台帳';
  const names = rule.types.map((type) => eventTypeName(type));
  const last = names.pop() ?? '';
  return names.length === 0 ? last : `${names.join('、')}又は${last}`;
}

function assertMayRecord(command: ConsultationCommand): void {
  switch (command.actor.role) {
    case 'secretariat':
    case 'admin':
      return;
    case 'clerk':
    case 'reader':
      break;
  }
  throw consultationError('ActorNotPermitted', privilegedOnlyMessage(command.type, command.actor.role), {
    field: 'actor.role',
  });
}

function requireActive(state: ConsultationState, consultationId: string): ActiveConsultationState {
  if (state.status === 'initial') {
    throw consultationError(
      'ConsultationNotFound',
      `協議「${consultationId}」は登録されていません。登録されている協議は圏域のページの「定期的な協議」にあります。新たな協議は、先に協議の予定を登録してください。`,
      { field: 'consultationId' },
    );
  }
  return state;
}

/** Held and cancelled consultations take no more steps. */
function requireOpen(state: ActiveConsultationState, what: string): void {
  if (state.status === 'held') {
    throw consultationError(
      'ConsultationAlreadyRecorded',
      `${consultationName(state)}は${state.heldOn ?? ''}に開催済みとして記録されています。${what}はできません（協議の記録は1回限りです）。`,
      {
        field: 'consultationId',
        details: { consultationId: state.consultationId, heldOn: state.heldOn ?? '' },
      },
    );
  }
  if (state.status === 'cancelled') {
    throw consultationError(
      'ConsultationCancelled',
      `${consultationName(state)}は中止されています。${what}はできません。改めて協議を登録してください。`,
      { field: 'consultationId', details: { consultationId: state.consultationId } },
    );
  }
}

function assertNotBeforePostponement(state: ActiveConsultationState, date: LegalDate, field: string): void {
  if (state.lastPostponedOn !== undefined && date < state.lastPostponedOn) {
    throw consultationError(
      'StepDateBeforePreviousStep',
      `${date} は直前の延期の決定（${state.lastPostponedOn}）より前です。${state.lastPostponedOn} 以降の日付を指定してください。`,
      { field, details: { earliest: state.lastPostponedOn } },
    );
  }
}

function assertAgenda(agenda: unknown, field: string): string[] {
  if (!Array.isArray(agenda) || agenda.length === 0) {
    throw consultationError(
      'RequiredValueMissing',
      '議題がありません。少なくとも1件の議題を指定してください。',
      {
        field,
      },
    );
  }
  agenda.forEach((item: unknown, index) => assertNonBlank(item as string, `${field}[${index}]`, '議題'));
  return agenda as string[];
}

function schedule(command: ScheduleConsultation, state: ConsultationState): ConsultationEvent[] {
  assertNonBlank(command.consultationId, 'consultationId', '協議ID');
  assertNonBlank(command.regionId, 'regionId', '圏域ID');
  if (!(CONSULTATION_KINDS as readonly string[]).includes(command.kind)) {
    throw consultationError(
      'InvalidValue',
      `協議の区分「${String(command.kind)}」は定義されていません。periodic（定期）又は extraordinary（臨時）を指定してください。`,
      { field: 'kind' },
    );
  }
  assertLegalDate(command.scheduledOn, 'scheduledOn', '開催予定日');
  const agenda = assertAgenda(command.agenda, 'agenda');
  if (state.status !== 'initial') {
    throw consultationError(
      'ConsultationAlreadyScheduled',
      `協議ID「${state.consultationId}」は${consultationName(state)}に既に使われています。別の協議IDを指定してください。`,
      { field: 'consultationId' },
    );
  }
  const membership = command.facts.membership;
  if (membership === null) {
    throw consultationError(
      'RegionNotFound',
      `圏域「${command.regionId}」は宣言されていません。先に連携中枢都市宣言を記録してください。`,
      { field: 'regionId' },
    );
  }
  if (membership.regionId !== command.regionId || membership.on !== command.scheduledOn) {
    throw new RangeError('ScheduleConsultation: the membership facts are for another region or date');
  }
  const seen = new Set<string>();
  command.participants.forEach((code, index) => {
    assertMunicipalityCode(code, `participants[${index}]`);
    if (seen.has(code)) {
      throw consultationError(
        'DuplicateParticipant',
        `参加団体に団体コード ${code} が2回あります。各団体は1回だけ指定してください。`,
        { field: `participants[${index}]` },
      );
    }
    seen.add(code);
    if (code !== membership.coreCity.code && !membership.members.some((m) => m.code === code)) {
      throw consultationError(
        'ParticipantNotRegionMember',
        `団体コード ${code} は${warekiOrIso(command.scheduledOn)}に${membership.regionName}の連携中枢都市（${membership.coreCity.name}）との連携協約が施行されている団体ではありません。協議に参加できるのは連携中枢都市と、その日に連携協約が施行されている団体です（${[membership.coreCity, ...membership.members].map((m) => `${m.name} ${m.code}`).join('、')}）。`,
        { field: `participants[${index}]` },
      );
    }
  });
  if (!seen.has(membership.coreCity.code) || seen.size < 2) {
    throw consultationError(
      'ConsultationNeedsCoreCityAndPartner',
      `連携協約に基づく協議には、連携中枢都市（${membership.coreCity.name} ${membership.coreCity.code}）と少なくとも1つの連携市町村が参加します。参加団体を見直してください。`,
      { field: 'participants' },
    );
  }
  const participants: Party[] = [
    { code: membership.coreCity.code, name: membership.coreCity.name },
    ...membership.members.filter((m) => seen.has(m.code)).map((m) => ({ code: m.code, name: m.name })),
  ];
  return [
    {
      type: 'ConsultationScheduled',
      schemaVersion: V,
      data: {
        consultationId: command.consultationId,
        regionId: command.regionId,
        kind: command.kind,
        scheduledOn: command.scheduledOn,
        participants,
        agenda: [...agenda],
      },
    },
  ];
}

function record(command: RecordConsultation, state: ConsultationState): ConsultationEvent[] {
  const active = requireActive(state, command.consultationId);
  requireOpen(active, '開催の記録');
  assertLegalDate(command.heldOn, 'heldOn', '開催日');
  assertNotAfterToday(
    command.heldOn,
    command.facts.today,
    'heldOn',
    'ConsultationDateInFuture',
    '協議の開催日',
  );
  assertNotBeforePostponement(active, command.heldOn, 'heldOn');
  assertNonBlank(command.minutes, 'minutes', '議事録');
  const agenda = command.agenda === undefined ? active.agenda : assertAgenda(command.agenda, 'agenda');
  if (!Array.isArray(command.attendees) || command.attendees.length === 0) {
    throw consultationError(
      'AttendeesRequired',
      '出席者がありません。少なくとも1人の出席者（団体と職名）を指定してください。',
      {
        field: 'attendees',
      },
    );
  }
  const attendees = command.attendees.map((attendee, index): ConsultationAttendee => {
    assertMunicipalityCode(attendee.municipalityCode, `attendees[${index}].municipalityCode`);
    assertNonBlank(attendee.title, `attendees[${index}].title`, '出席者の職名');
    const party = active.participants.find((p) => p.code === attendee.municipalityCode);
    if (party === undefined) {
      throw consultationError(
        'AttendeeNotParticipant',
        `出席者の団体コード ${attendee.municipalityCode} はこの協議の参加団体ではありません。参加団体（${active.participants.map((p) => `${p.name} ${p.code}`).join('、')}）から指定してください。`,
        { field: `attendees[${index}].municipalityCode` },
      );
    }
    if (attendee.name !== undefined)
      assertNonBlank(attendee.name, `attendees[${index}].name`, '出席者の氏名');
    return {
      municipalityCode: party.code,
      municipalityName: party.name,
      title: attendee.title,
      ...(attendee.name === undefined ? {} : { name: attendee.name }),
    };
  });
  const outcomes = command.outcomes.map((outcome, index): ConsultationOutcome => {
    const field = `outcomes[${index}]`;
    if (!(OUTCOME_KINDS as readonly string[]).includes(outcome.kind)) {
      throw consultationError(
        'InvalidValue',
        `協議結果の区分「${String(outcome.kind)}」は定義されていません。${OUTCOME_KINDS.join('・')} のいずれかを指定してください。`,
        { field: `${field}.kind` },
      );
    }
    assertNonBlank(outcome.summary, `${field}.summary`, '協議結果');
    if (outcome.cites === undefined) return { kind: outcome.kind, summary: outcome.summary };
    const { streamId, eventId } = outcome.cites;
    const found = command.facts.citedEvents.find((e) => e.streamId === streamId && e.eventId === eventId);
    if (found === undefined) {
      throw consultationError(
        'OutcomeCitesUnknownEvent',
        `協議結果が引用するイベント（${streamId} の ${eventId}）は台帳にありません。記録済みのイベントのIDとストリームIDを指定してください。`,
        { field: `${field}.cites.eventId` },
      );
    }
    const rule = CITABLE_EVENTS[outcome.kind];
    if (
      (rule.streamPrefix !== undefined && !found.streamId.startsWith(rule.streamPrefix)) ||
      (rule.types !== undefined && !(rule.types as readonly string[]).includes(found.type))
    ) {
      throw consultationError(
        'OutcomeCitationMismatch',
        `区分「${OUTCOME_KIND_NAMES[outcome.kind]}」の協議結果は「${eventTypeName(found.type)}」の記録を引用できません。引用できるのは${citableRecords(rule)}の記録です。引用する記録を選び直すか、区分を「${OUTCOME_KIND_NAMES.other}」にしてください。`,
        { field: `${field}.cites`, details: { citedType: found.type, citedStreamId: found.streamId } },
      );
    }
    return { kind: outcome.kind, summary: outcome.summary, cites: { ...found } };
  });
  return [
    {
      type: 'ConsultationHeld',
      schemaVersion: V,
      data: {
        consultationId: active.consultationId,
        heldOn: command.heldOn,
        attendees,
        agenda: [...agenda],
        minutes: command.minutes,
        outcomes,
      },
    },
  ];
}

function postpone(command: PostponeConsultation, state: ConsultationState): ConsultationEvent[] {
  const active = requireActive(state, command.consultationId);
  requireOpen(active, '延期');
  assertLegalDate(command.postponedOn, 'postponedOn', '延期を決定した日');
  assertNotAfterToday(
    command.postponedOn,
    command.facts.today,
    'postponedOn',
    'ConsultationDateInFuture',
    '延期を決定した日',
  );
  assertNonBlank(command.reason, 'reason', '延期の理由');
  assertNotBeforePostponement(active, command.postponedOn, 'postponedOn');
  if (command.rescheduledTo !== undefined) {
    assertLegalDate(command.rescheduledTo, 'rescheduledTo', '変更後の開催予定日');
    if (command.rescheduledTo < command.postponedOn) {
      throw consultationError(
        'StepDateBeforePreviousStep',
        `変更後の開催予定日 ${command.rescheduledTo} は延期を決定した日（${command.postponedOn}）より前です。${command.postponedOn} 以降の日付を指定してください。`,
        { field: 'rescheduledTo', details: { earliest: command.postponedOn } },
      );
    }
  }
  return [
    {
      type: 'ConsultationPostponed',
      schemaVersion: V,
      data: {
        consultationId: active.consultationId,
        postponedOn: command.postponedOn,
        from: active.scheduledOn,
        ...(command.rescheduledTo === undefined ? {} : { to: command.rescheduledTo }),
        reason: command.reason,
      },
    },
  ];
}

function cancel(command: CancelConsultation, state: ConsultationState): ConsultationEvent[] {
  const active = requireActive(state, command.consultationId);
  requireOpen(active, '中止');
  assertLegalDate(command.cancelledOn, 'cancelledOn', '中止を決定した日');
  assertNotAfterToday(
    command.cancelledOn,
    command.facts.today,
    'cancelledOn',
    'ConsultationDateInFuture',
    '中止を決定した日',
  );
  assertNonBlank(command.reason, 'reason', '中止の理由');
  assertNotBeforePostponement(active, command.cancelledOn, 'cancelledOn');
  return [
    {
      type: 'ConsultationCancelled',
      schemaVersion: V,
      data: {
        consultationId: active.consultationId,
        cancelledOn: command.cancelledOn,
        reason: command.reason,
      },
    },
  ];
}

export function decideConsultation(
  command: ConsultationCommand,
  state: ConsultationState,
): ConsultationEvent[] {
  assertMayRecord(command);
  switch (command.type) {
    case 'ScheduleConsultation':
      return schedule(command, state);
    case 'RecordConsultation':
      return record(command, state);
    case 'PostponeConsultation':
      return postpone(command, state);
    case 'CancelConsultation':
      return cancel(command, state);
  }
}

export function evolveConsultation(state: ConsultationState, event: ConsultationEvent): ConsultationState {
  if (event.type === 'ConsultationScheduled') {
    if (state.status !== 'initial') return state;
    return {
      status: 'scheduled',
      consultationId: event.data.consultationId,
      regionId: event.data.regionId,
      kind: event.data.kind,
      scheduledOn: event.data.scheduledOn,
      originallyScheduledOn: event.data.scheduledOn,
      participants: event.data.participants.map((p) => ({ ...p })),
      agenda: [...event.data.agenda],
      attendees: [],
    };
  }
  if (state.status === 'initial') return state;
  switch (event.type) {
    case 'ConsultationHeld':
      return {
        ...state,
        status: 'held',
        heldOn: event.data.heldOn,
        agenda: [...event.data.agenda],
        attendees: event.data.attendees.map((a) => ({ ...a })),
      };
    case 'ConsultationPostponed':
      return {
        ...state,
        status: 'postponed',
        scheduledOn: event.data.to ?? state.scheduledOn,
        lastPostponedOn: event.data.postponedOn,
      };
    case 'ConsultationCancelled':
      return { ...state, status: 'cancelled' };
  }
}

export const consultationDecider: Decider<ConsultationCommand, ConsultationEvent, ConsultationState> = {
  decide: decideConsultation,
  evolve: evolveConsultation,
  initialState: initialConsultationState,
};
