/**
 * 協議 (第5条) forms: schedule one (a new record: no revision to match), then — on a scheduled or
 * postponed consultation of the register — record it as held (attendees, minutes, agenda taken up,
 * outcomes), postponed or cancelled with the reason, each against the consultation's revision.
 */
import { useState } from 'react';
import type { CommandResult, ConsultationEntry, Party } from '../api/api-types';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import {
  type AttendeeValues,
  attendeeFieldNames,
  CANCEL_FIELDS,
  checkCancel,
  checkPostpone,
  checkRecord,
  checkSchedule,
  CONSULTATION_KINDS,
  emptyOutcome,
  OUTCOME_KINDS,
  type OutcomeKind,
  POSTPONE_FIELDS,
  type RecordValues,
  recordFields,
  SCHEDULE_FIELDS,
  type ScheduleValues,
} from '../lib/consultation-form';
import { LIMITS } from '../lib/form-validation';
import {
  CheckboxField,
  CheckboxGroupField,
  DateField,
  GroupErrors,
  RadioField,
  SelectField,
  TextField,
} from './form-fields.component';
import { FormShell } from './form-shell.component';
import { useRecording } from './use-recording';
import { consultationName } from '../lib/proceeding-name';
import type { Loaded } from '../api/use-api';
import { citableFor, type CitableRecord, citeKey, groupRecords } from '../lib/citable-records';
import { useCitableRecords } from './use-citable-records';

const OUTCOME_LABEL: Record<OutcomeKind, MessageKey> = {
  'cost-share-decision': 'outcome.costShareDecision',
  amendment: 'outcome.amendment',
  'doubt-resolution': 'outcome.doubtResolution',
  other: 'outcome.other',
};

export function ScheduleConsultationForm({
  regionId,
  coreCity,
  partners,
  onRecorded,
}: {
  regionId: string;
  coreCity: Party;
  /** The partners with an agreement with the core city (the API checks it is in force on the date). */
  partners: readonly Party[];
  /** After the write, with the date it was scheduled for. */
  onRecorded: (result: CommandResult, scheduledOn: string) => void;
}) {
  const { t } = useI18n();
  const formId = 'schedule-consultation';
  const [values, setValues] = useState<ScheduleValues>({
    consultationId: '',
    kind: 'periodic',
    scheduledOn: '',
    participants: [coreCity.code, ...partners.map((p) => p.code)],
    agenda: '',
  });
  const { state, submit } = useRecording({
    path: `/regions/${regionId}/consultations`,
    revision: null,
    fields: SCHEDULE_FIELDS,
    subject: 'consultation',
    onRecorded: (result) => onRecorded(result, values.scheduledOn),
  });
  const set = (changes: Partial<ScheduleValues>) => setValues({ ...values, ...changes });
  const common = { formId, errors: state.errors };
  return (
    <FormShell
      id={formId}
      title={t('consultationForm.scheduleTitle')}
      state={state}
      onSubmit={() => void submit(checkSchedule(values, coreCity.code))}
      onReload={() => undefined}
      submitLabel={t('consultationForm.scheduleSubmit')}
    >
      <div className="field-row">
        <DateField
          {...common}
          name="scheduledOn"
          label={t('consultationForm.scheduledOn')}
          required
          value={values.scheduledOn}
          onChange={(scheduledOn) => set({ scheduledOn })}
        />
        <TextField
          {...common}
          name="consultationId"
          label={t('consultationForm.id')}
          hint={t('costShareForm.idHint')}
          value={values.consultationId}
          onChange={(consultationId) => set({ consultationId })}
        />
      </div>
      <RadioField
        {...common}
        name="kind"
        legend={t('consultationForm.kind')}
        required
        value={values.kind}
        options={CONSULTATION_KINDS.map((kind) => ({
          value: kind,
          label: t(`consultationForm.kind.${kind}`),
        }))}
        onChange={(kind) => set({ kind })}
      />
      <CheckboxGroupField
        {...common}
        name="participants"
        legend={t('consultationForm.participants')}
        hint={t('consultationForm.participantsHint')}
        required
        values={values.participants}
        options={[coreCity, ...partners].map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }))}
        onChange={(participants) => set({ participants })}
      />
      <TextField
        {...common}
        name="agenda"
        label={t('consultationForm.agenda')}
        hint={t('consultationForm.linesHint')}
        required
        multiline
        rows={4}
        value={values.agenda}
        onChange={(agenda) => set({ agenda })}
      />
    </FormShell>
  );
}

type Action = 'record' | 'postpone' | 'cancel';

const ACTIONS: readonly { action: Action; label: MessageKey }[] = [
  { action: 'record', label: 'consultationForm.record' },
  { action: 'postpone', label: 'consultationForm.postpone' },
  { action: 'cancel', label: 'consultationForm.cancel' },
];

/** What may still be recorded on a scheduled or postponed consultation: one form at a time. */
export function ConsultationActions({
  entry,
  onRecorded,
  onReload,
}: {
  entry: ConsultationEntry;
  onRecorded: (result: CommandResult) => void;
  onReload: () => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState<Action | null>(null);
  const props = { entry, revision: String(entry.revision), onRecorded, onReload };
  return (
    <div className="consultation-actions">
      <div className="button-row" role="group" aria-label={t('consultationForm.actions')}>
        {ACTIONS.map(({ action, label }) => (
          <button
            key={action}
            type="button"
            aria-expanded={open === action}
            {...(open === action ? { 'aria-controls': `${action}-${entry.consultationId}` } : {})}
            onClick={() => setOpen(open === action ? null : action)}
          >
            {t(label)}
          </button>
        ))}
      </div>
      {open === 'record' ? <RecordHeldForm {...props} /> : null}
      {open === 'postpone' ? <PostponeForm {...props} /> : null}
      {open === 'cancel' ? <CancelForm {...props} /> : null}
    </div>
  );
}

interface EntryFormProps {
  entry: ConsultationEntry;
  /** The consultation's revision as the page read it. */
  revision: string;
  onRecorded: (result: CommandResult) => void;
  onReload: () => void;
}

function RecordHeldForm({ entry, revision, onRecorded, onReload }: EntryFormProps) {
  const { t } = useI18n();
  const formId = `record-${entry.consultationId}`;
  const [values, setValues] = useState<RecordValues>({
    heldOn: entry.scheduledOn,
    attendees: entry.parties.map((p) => ({ municipalityCode: p.code, attended: true, title: '', name: '' })),
    minutes: '',
    agenda: entry.agenda.join('\n'),
    outcomes: [],
  });
  // Read once an outcome is added: most consultations record none.
  const citable = useCitableRecords(entry.regionId, entry.participants, values.outcomes.length > 0);
  const { state, submit } = useRecording({
    path: `/consultations/${entry.consultationId}/record`,
    revision,
    fields: recordFields(values),
    subject: 'consultation',
    onRecorded,
  });
  const set = (changes: Partial<RecordValues>) => setValues({ ...values, ...changes });
  const setAttendee = (code: string, changes: Partial<AttendeeValues>) =>
    set({ attendees: values.attendees.map((a) => (a.municipalityCode === code ? { ...a, ...changes } : a)) });
  const setOutcome = (index: number, changes: Partial<RecordValues['outcomes'][number]>) =>
    set({ outcomes: values.outcomes.map((o, i) => (i === index ? { ...o, ...changes } : o)) });
  const names = attendeeFieldNames(values.attendees);
  const nameOf = (code: string) => entry.parties.find((p) => p.code === code)?.name ?? code;
  const common = { formId, errors: state.errors };
  return (
    <FormShell
      id={formId}
      title={t('consultationForm.recordTitle', { name: consultationName(t, entry) })}
      state={state}
      onSubmit={() => void submit(checkRecord(values, citable.state === 'ok' ? citable.data : []))}
      onReload={onReload}
      submitLabel={t('consultationForm.recordSubmit')}
    >
      <DateField
        {...common}
        name="heldOn"
        label={t('consultationForm.heldOn')}
        required
        value={values.heldOn}
        onChange={(heldOn) => set({ heldOn })}
      />
      <fieldset
        {...((state.errors['attendees'] ?? []).length === 0
          ? {}
          : { 'aria-describedby': `${formId}-attendees-error` })}
      >
        <legend>{t('consultationForm.attendees')}</legend>
        <GroupErrors id={`${formId}-attendees-error`} messages={state.errors['attendees'] ?? []} />
        {values.attendees.map((a) => (
          <div key={a.municipalityCode} className="attendee">
            <CheckboxField
              {...common}
              name={`attended.${a.municipalityCode}`}
              label={t('consultationForm.attended', { name: nameOf(a.municipalityCode) })}
              checked={a.attended}
              onChange={(attended) => setAttendee(a.municipalityCode, { attended })}
            />
            {a.attended ? (
              <div className="field-row">
                <TextField
                  {...common}
                  name={names[`title:${a.municipalityCode}`] ?? 'attendees'}
                  label={t('consultationForm.attendeeTitle', { name: nameOf(a.municipalityCode) })}
                  required
                  value={a.title}
                  onChange={(title) => setAttendee(a.municipalityCode, { title })}
                />
                <TextField
                  {...common}
                  name={names[`name:${a.municipalityCode}`] ?? 'attendees'}
                  label={t('consultationForm.attendeeName', { name: nameOf(a.municipalityCode) })}
                  value={a.name}
                  onChange={(name) => setAttendee(a.municipalityCode, { name })}
                />
              </div>
            ) : null}
            <GroupErrors
              id={`${formId}-attendee-${a.municipalityCode}-error`}
              messages={state.errors[names[`code:${a.municipalityCode}`] ?? ''] ?? []}
            />
          </div>
        ))}
      </fieldset>
      <TextField
        {...common}
        name="agenda"
        label={t('consultationForm.agendaHeld')}
        hint={t('consultationForm.linesHint')}
        required
        multiline
        rows={3}
        value={values.agenda}
        onChange={(agenda) => set({ agenda })}
      />
      <TextField
        {...common}
        name="minutes"
        label={t('consultationForm.minutes')}
        required
        multiline
        rows={5}
        value={values.minutes}
        onChange={(minutes) => set({ minutes })}
      />
      <fieldset className="operations">
        <legend>{t('consultationForm.outcomes')}</legend>
        <p className="hint">{t('consultationForm.noOutcomes')}</p>
        <ol>
          {values.outcomes.map((o, index) => (
            <li key={index}>
              <fieldset className="operation">
                <legend>{t('consultationForm.outcomeN', { n: index + 1 })}</legend>
                <GroupErrors
                  id={`${formId}-outcome-${index}-error`}
                  messages={state.errors[`outcomes.${index}`] ?? []}
                />
                <SelectField
                  {...common}
                  name={`outcomes.${index}.kind`}
                  label={t('consultationForm.outcomeKind')}
                  required
                  value={o.kind}
                  options={OUTCOME_KINDS.map((kind) => ({ value: kind, label: t(OUTCOME_LABEL[kind]) }))}
                  // A record the new kind may not cite is dropped rather than sent to be refused.
                  onChange={(kind) =>
                    setOutcome(index, {
                      kind,
                      ...(o.cites === '' ||
                      (citable.state === 'ok' &&
                        citableFor(kind, citable.data).some((r) => citeKey(r) === o.cites))
                        ? {}
                        : { cites: '' }),
                    })
                  }
                />
                <TextField
                  {...common}
                  name={`outcomes.${index}.summary`}
                  label={t('consultationForm.outcomeSummary')}
                  required
                  multiline
                  maxLength={LIMITS.reason}
                  value={o.summary}
                  onChange={(summary) => setOutcome(index, { summary })}
                />
                <CitesField
                  {...common}
                  index={index}
                  kind={o.kind}
                  value={o.cites}
                  citable={citable}
                  onChange={(cites) => setOutcome(index, { cites })}
                />
              </fieldset>
              <button
                type="button"
                onClick={() => set({ outcomes: values.outcomes.filter((_, i) => i !== index) })}
              >
                {t('consultationForm.removeOutcome', { n: index + 1 })}
              </button>
            </li>
          ))}
        </ol>
        <button type="button" onClick={() => set({ outcomes: [...values.outcomes, emptyOutcome()] })}>
          {t('consultationForm.addOutcome')}
        </button>
      </fieldset>
    </FormShell>
  );
}

/**
 * The record an outcome is about, chosen by its name among those its kind may cite, grouped by
 * agreement and project; 「なし」 by default. The API still takes the stream and event ids.
 */
function CitesField({
  formId,
  errors,
  index,
  kind,
  value,
  citable,
  onChange,
}: {
  formId: string;
  errors: Record<string, string[]>;
  index: number;
  kind: string;
  value: string;
  citable: Loaded<CitableRecord[]>;
  onChange: (value: string) => void;
}) {
  const { t } = useI18n();
  const offered = citable.state === 'ok' ? citableFor(kind, citable.data) : [];
  const note =
    citable.state === 'loading'
      ? t('consultationForm.citesLoading')
      : citable.state === 'error'
        ? t('consultationForm.citesUnavailable', { status: citable.error.status })
        : offered.length === 0
          ? t('consultationForm.citesEmpty')
          : null;
  return (
    <SelectField
      formId={formId}
      errors={errors}
      name={`outcomes.${index}.cites`}
      label={t('consultationForm.cites')}
      hint={note === null ? t('consultationForm.citesHint') : `${t('consultationForm.citesHint')} ${note}`}
      value={value}
      options={[{ value: '', label: t('consultationForm.citesNone') }]}
      groups={groupRecords(offered).map((g) => ({
        label: g.group,
        options: g.records.map((r) => ({ value: citeKey(r), label: r.label })),
      }))}
      onChange={onChange}
    />
  );
}

function PostponeForm({ entry, revision, onRecorded, onReload }: EntryFormProps) {
  const { t } = useI18n();
  const formId = `postpone-${entry.consultationId}`;
  const [values, setValues] = useState({ postponedOn: '', rescheduledTo: '', reason: '' });
  const { state, submit } = useRecording({
    path: `/consultations/${entry.consultationId}/postponement`,
    revision,
    fields: POSTPONE_FIELDS,
    subject: 'consultation',
    onRecorded,
  });
  const set = (changes: Partial<typeof values>) => setValues({ ...values, ...changes });
  const common = { formId, errors: state.errors };
  return (
    <FormShell
      id={formId}
      title={t('consultationForm.postponeTitle', { name: consultationName(t, entry) })}
      state={state}
      onSubmit={() => void submit(checkPostpone(values))}
      onReload={onReload}
      submitLabel={t('consultationForm.postponeSubmit')}
    >
      <div className="field-row">
        <DateField
          {...common}
          name="postponedOn"
          label={t('consultationForm.postponedOn')}
          required
          value={values.postponedOn}
          onChange={(postponedOn) => set({ postponedOn })}
        />
        <DateField
          {...common}
          name="rescheduledTo"
          label={t('consultationForm.rescheduledTo')}
          hint={t('consultationForm.rescheduledToHint')}
          value={values.rescheduledTo}
          onChange={(rescheduledTo) => set({ rescheduledTo })}
        />
      </div>
      <TextField
        {...common}
        name="reason"
        label={t('consultationForm.reason')}
        required
        multiline
        maxLength={LIMITS.reason}
        value={values.reason}
        onChange={(reason) => set({ reason })}
      />
    </FormShell>
  );
}

function CancelForm({ entry, revision, onRecorded, onReload }: EntryFormProps) {
  const { t } = useI18n();
  const formId = `cancel-${entry.consultationId}`;
  const [values, setValues] = useState({ cancelledOn: '', reason: '' });
  const { state, submit } = useRecording({
    path: `/consultations/${entry.consultationId}/cancellation`,
    revision,
    fields: CANCEL_FIELDS,
    subject: 'consultation',
    onRecorded,
  });
  const set = (changes: Partial<typeof values>) => setValues({ ...values, ...changes });
  const common = { formId, errors: state.errors };
  return (
    <FormShell
      id={formId}
      title={t('consultationForm.cancelTitle', { name: consultationName(t, entry) })}
      state={state}
      onSubmit={() => void submit(checkCancel(values))}
      onReload={onReload}
      submitLabel={t('consultationForm.cancelSubmit')}
    >
      <DateField
        {...common}
        name="cancelledOn"
        label={t('consultationForm.cancelledOn')}
        required
        value={values.cancelledOn}
        onChange={(cancelledOn) => set({ cancelledOn })}
      />
      <TextField
        {...common}
        name="reason"
        label={t('consultationForm.reason')}
        required
        multiline
        maxLength={LIMITS.reason}
        value={values.reason}
        onChange={(reason) => set({ reason })}
      />
    </FormShell>
  );
}
