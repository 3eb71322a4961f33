/**
 * 協議 (第5条) as the forms hold it and as the API takes it: scheduled (POST /regions/{id}/consultations)
 * with its participants and agenda; then held once (…/record: attendees, minutes, outcomes that may
 * cite a recorded event), postponed (…/postponement) or cancelled (…/cancellation) with a reason.
 */
import { isLegalDate } from '@kyoyaku/legal-text';
import { citableFor, type CitableRecord, citeKey } from './citable-records';
import { Checker, type Checked, LIMITS } from './form-validation';

export const CONSULTATION_KINDS = ['periodic', 'extraordinary'] as const;
export const OUTCOME_KINDS = ['cost-share-decision', 'amendment', 'doubt-resolution', 'other'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** Lengths of the consultation request DTOs. */
const AGENDA_ITEM_MAX = 1000;
const AGENDA_ITEMS_MAX = 100;
const TITLE_MAX = 200;
const MINUTES_MAX = 100_000;

// --- 予定 ------------------------------------------------------------------------------------

export interface ScheduleValues {
  consultationId: string;
  kind: string;
  scheduledOn: string;
  /** Codes of the municipalities taking part. */
  participants: string[];
  /** One agenda item per line. */
  agenda: string;
}

export interface ScheduleBody {
  consultationId?: string;
  kind: (typeof CONSULTATION_KINDS)[number];
  scheduledOn: string;
  participants: string[];
  agenda: string[];
}

export const SCHEDULE_FIELDS = ['consultationId', 'kind', 'scheduledOn', 'participants', 'agenda'] as const;

/** A consultation under the agreements is between the core city and at least one partner. */
export function checkSchedule(v: ScheduleValues, coreCityCode: string): Checked<ScheduleBody> {
  const c = new Checker();
  const consultationId = c.optionalId('consultationId', v.consultationId);
  const kind = c.choice('kind', v.kind, CONSULTATION_KINDS);
  const scheduledOn = c.date('scheduledOn', v.scheduledOn);
  if (!v.participants.includes(coreCityCode) || v.participants.length < 2)
    c.add('participants', 'validation.coreCityAndPartner');
  const agenda = c.lines('agenda', v.agenda, AGENDA_ITEM_MAX, AGENDA_ITEMS_MAX);
  return c.result({
    ...(consultationId === undefined ? {} : { consultationId }),
    kind,
    scheduledOn,
    // The core city first, as the register lists them.
    participants: [coreCityCode, ...v.participants.filter((code) => code !== coreCityCode)],
    agenda,
  });
}

// --- 開催の記録 --------------------------------------------------------------------------------

export interface AttendeeValues {
  municipalityCode: string;
  attended: boolean;
  title: string;
  name: string;
}

export interface OutcomeValues {
  kind: string;
  summary: string;
  /** The record the outcome is about, chosen by name: its {@link citeKey}, '' for none. */
  cites: string;
}

export function emptyOutcome(): OutcomeValues {
  return { kind: 'other', summary: '', cites: '' };
}

export interface RecordValues {
  heldOn: string;
  /** One row per participant; only those attending are sent. */
  attendees: AttendeeValues[];
  minutes: string;
  /** The agenda taken up, one item per line (the scheduled one to start with). */
  agenda: string;
  outcomes: OutcomeValues[];
}

export interface RecordBody {
  heldOn: string;
  attendees: { municipalityCode: string; title: string; name?: string }[];
  minutes: string;
  agenda: string[];
  outcomes: { kind: OutcomeKind; summary: string; cites?: { streamId: string; eventId: string } }[];
}

/**
 * The request field of each attendee row's inputs: the API numbers attendees by their place among
 * those attending. Keys: `title:<code>`, `name:<code>`.
 */
export function attendeeFieldNames(attendees: readonly AttendeeValues[]): Record<string, string> {
  const names: Record<string, string> = {};
  let index = 0;
  for (const a of attendees) {
    const at = a.attended ? `attendees.${index++}` : `absent.${a.municipalityCode}`;
    names[`title:${a.municipalityCode}`] = `${at}.title`;
    names[`name:${a.municipalityCode}`] = `${at}.name`;
    names[`code:${a.municipalityCode}`] = `${at}.municipalityCode`;
  }
  return names;
}

export function recordFields(v: RecordValues): string[] {
  return [
    'heldOn',
    'attendees',
    'minutes',
    'agenda',
    'outcomes',
    ...Object.values(attendeeFieldNames(v.attendees)),
    ...v.outcomes.flatMap((_, i) => [
      `outcomes.${i}`,
      `outcomes.${i}.kind`,
      `outcomes.${i}.summary`,
      // The API's errors at cites.streamId or cites.eventId belong to the one choice.
      `outcomes.${i}.cites`,
    ]),
  ];
}

/** `citable`: the records read for the consultation; a choice must be one an outcome of its kind may cite. */
export function checkRecord(v: RecordValues, citable: readonly CitableRecord[]): Checked<RecordBody> {
  const c = new Checker();
  const heldOn = c.date('heldOn', v.heldOn);
  const names = attendeeFieldNames(v.attendees);
  const attending = v.attendees.filter((a) => a.attended);
  if (attending.length === 0) c.add('attendees', 'validation.attendeesRequired');
  const attendees = attending.map((a) => {
    const name = c.optionalText(names[`name:${a.municipalityCode}`] ?? 'attendees', a.name, TITLE_MAX);
    return {
      municipalityCode: a.municipalityCode,
      title: c.text(names[`title:${a.municipalityCode}`] ?? 'attendees', a.title, TITLE_MAX),
      ...(name === undefined ? {} : { name }),
    };
  });
  const minutes = c.text('minutes', v.minutes, MINUTES_MAX);
  const agenda = c.lines('agenda', v.agenda, AGENDA_ITEM_MAX, AGENDA_ITEMS_MAX);
  const outcomes = v.outcomes.map((o, i) => {
    const at = `outcomes.${i}`;
    const kind = c.choice(`${at}.kind`, o.kind, OUTCOME_KINDS);
    const summary = c.text(`${at}.summary`, o.summary, LIMITS.reason);
    if (o.cites === '') return { kind, summary };
    const cited = citableFor(o.kind, citable).find((r) => citeKey(r) === o.cites);
    if (cited === undefined) {
      c.add(`${at}.cites`, 'validation.citesKind');
      return { kind, summary };
    }
    return { kind, summary, cites: { streamId: cited.streamId, eventId: cited.eventId } };
  });
  return c.result({ heldOn, attendees, minutes, agenda, outcomes });
}

// --- 延期・中止 ---------------------------------------------------------------------------------

export interface PostponeValues {
  postponedOn: string;
  rescheduledTo: string;
  reason: string;
}

export interface PostponeBody {
  postponedOn: string;
  rescheduledTo?: string;
  reason: string;
}

export const POSTPONE_FIELDS = ['postponedOn', 'rescheduledTo', 'reason'] as const;

export function checkPostpone(v: PostponeValues): Checked<PostponeBody> {
  const c = new Checker();
  const postponedOn = c.date('postponedOn', v.postponedOn);
  const rescheduledTo = v.rescheduledTo.trim() === '' ? undefined : c.date('rescheduledTo', v.rescheduledTo);
  if (
    rescheduledTo !== undefined &&
    isLegalDate(postponedOn) &&
    isLegalDate(rescheduledTo) &&
    rescheduledTo < postponedOn
  )
    c.add('rescheduledTo', 'validation.notBefore', { date: postponedOn });
  const reason = c.text('reason', v.reason, LIMITS.reason);
  return c.result({ postponedOn, ...(rescheduledTo === undefined ? {} : { rescheduledTo }), reason });
}

export interface CancelValues {
  cancelledOn: string;
  reason: string;
}

export const CANCEL_FIELDS = ['cancelledOn', 'reason'] as const;

export function checkCancel(v: CancelValues): Checked<CancelValues> {
  const c = new Checker();
  return c.result({
    cancelledOn: c.date('cancelledOn', v.cancelledOn),
    reason: c.text('reason', v.reason, LIMITS.reason),
  });
}
