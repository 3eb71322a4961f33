/**
 * The secretariat's forms on a proceeding besides its steps: 取下げ (before 締結), 誤記訂正 of a
 * recorded 議決, 締結, 告示 or 届出 (the original stays in the history), the 修正案 of an abolition,
 * and the opening of an abolition (廃止).
 */
import { useState } from 'react';
import type { AgreementSummary, CommandResult, Proceeding, TimelineEntry } from '../api/api-types';
import { type Translate, useI18n } from '../i18n/i18n';
import type { StepFieldSpec } from '../lib/step-form';
import { Checker, LIMITS } from '../lib/form-validation';
import { DateField, SelectField, TextField } from './form-fields.component';
import { FormShell } from './form-shell.component';
import { StepForm } from './step-form.component';
import { useRecording } from './use-recording';

interface Common {
  agreement: AgreementSummary;
  revision: string;
  onRecorded: (result: CommandResult) => void;
  onReload: () => void;
}

export function WithdrawalForm(props: Common & { proceeding: Proceeding; today: string }) {
  const { t } = useI18n();
  const { agreement, proceeding } = props;
  return (
    <StepForm
      id={`withdrawal-${proceeding.proceedingId}`}
      title={t('work.withdraw.title')}
      submitLabel={t('work.withdraw.submit')}
      lead={<p className="hint">{t('work.withdraw.lead')}</p>}
      path={`/agreements/${agreement.agreementId}/proceedings/${proceeding.proceedingId}/withdrawal`}
      revision={props.revision}
      preset={{ withdrawnOn: props.today }}
      fields={[
        { kind: 'date', name: 'withdrawnOn', label: t('work.withdraw.withdrawnOn'), required: true },
        {
          kind: 'text',
          name: 'reason',
          label: t('work.withdraw.reason'),
          required: true,
          multiline: true,
          max: LIMITS.reason,
        },
      ]}
      onRecorded={props.onRecorded}
      onReload={props.onReload}
    />
  );
}

/** The 修正案 of an abolition: its reason and 施行期日 restated. */
/** The inputs of an abolition's draft (the first or a revised one): when drafted, why, the planned 施行日. */
function abolitionDraftFields(t: Translate, reasonLabel: string): StepFieldSpec[] {
  return [
    { kind: 'date', name: 'draftedOn', label: t('work.abolition.draftedOn'), required: true },
    { kind: 'text', name: 'reason', label: reasonLabel, required: true, multiline: true, max: LIMITS.reason },
    {
      kind: 'date',
      name: 'effectiveOn',
      label: t('work.abolition.effectiveOn'),
      hint: t('work.abolition.effectiveOnHint'),
    },
  ];
}

export function AbolitionRevisionForm(
  props: Common & { proceeding: Proceeding; draftNumber: number; today: string },
) {
  const { t } = useI18n();
  const { agreement, proceeding, draftNumber } = props;
  return (
    <StepForm
      id={`revise-${proceeding.proceedingId}`}
      title={t('work.revise.heading', { n: draftNumber })}
      submitLabel={t('work.revise.submit', { n: draftNumber })}
      lead={<p className="hint">{t('work.revise.lead', { n: draftNumber })}</p>}
      path={`/agreements/${agreement.agreementId}/drafts`}
      revision={props.revision}
      fixed={{ kind: 'abolition', proceedingId: proceeding.proceedingId }}
      preset={{ draftedOn: props.today }}
      fields={abolitionDraftFields(t, t('work.revise.reason'))}
      onRecorded={props.onRecorded}
      onReload={props.onReload}
    />
  );
}

export function AbolitionForm(props: Common & { today: string }) {
  const { t } = useI18n();
  return (
    <StepForm
      id="abolition"
      title={t('work.abolition.heading')}
      submitLabel={t('work.abolition.submit')}
      lead={<p className="hint">{t('work.abolition.lead')}</p>}
      path={`/agreements/${props.agreement.agreementId}/proceedings`}
      revision={props.revision}
      fixed={{ kind: 'abolition' }}
      preset={{ draftedOn: props.today }}
      fields={abolitionDraftFields(t, t('work.abolition.reason'))}
      onRecorded={props.onRecorded}
      onReload={props.onReload}
    />
  );
}

/** Which fields of which recorded fact a 誤記訂正 may change (the domain's CORRECTABLE_FIELDS). */
const CORRECTABLE = {
  CouncilResolutionRecorded: ['resolvedOn', 'resolutionNumber'],
  ProceedingConcluded: ['signatory'],
  PublicNoticeRecorded: ['noticeNumber', 'publishedOn'],
  GovernorNotificationRecorded: ['documentNumber', 'notifiedOn'],
} as const;
type CorrectableType = keyof typeof CORRECTABLE;
type CorrectableField = (typeof CORRECTABLE)[CorrectableType][number];
const DATE_FIELDS: readonly string[] = ['resolvedOn', 'publishedOn', 'notifiedOn'];

function isCorrectable(type: string): type is CorrectableType {
  return Object.hasOwn(CORRECTABLE, type);
}

/** The recorded facts of a proceeding a 誤記訂正 can name, from the agreement's history. */
export function correctableEntries(history: readonly TimelineEntry[], proceedingId: string): TimelineEntry[] {
  return history.filter((e) => e.proceedingId === proceedingId && isCorrectable(e.type));
}

const CORRECTION_FIELDS = [
  'correctsEventId',
  'correction.field',
  'correction.value',
  'correction.party',
  'correction.signatory.title',
  'correction.signatory.name',
  'reason',
] as const;

/**
 * 誤記訂正: the record (by its one-line summary), the field, the corrected value — a date, a number,
 * or a signatory's title and name — and the reason.
 */
export function CorrectionForm(
  props: Common & { proceeding: Proceeding; entries: readonly TimelineEntry[] },
) {
  const { t } = useI18n();
  const { agreement, proceeding, entries } = props;
  const formId = `correction-${proceeding.proceedingId}`;
  const [values, setValues] = useState({
    eventId: entries.length === 1 ? (entries[0]?.eventId ?? '') : '',
    field: '',
    value: '',
    party: '',
    title: '',
    name: '',
    reason: '',
  });
  const { state, submit } = useRecording({
    path: `/agreements/${agreement.agreementId}/corrections`,
    revision: props.revision,
    fields: CORRECTION_FIELDS,
    onRecorded: props.onRecorded,
  });
  const set = (changes: Partial<typeof values>) => setValues((v) => ({ ...v, ...changes }));
  const entry = entries.find((e) => e.eventId === values.eventId);
  const fieldChoices: readonly CorrectableField[] =
    entry !== undefined && isCorrectable(entry.type) ? CORRECTABLE[entry.type] : [];
  const field =
    fieldChoices.find((f) => f === values.field) ?? (fieldChoices.length === 1 ? fieldChoices[0] : undefined);
  const fieldName = field === undefined ? '' : t(`work.correction.field.${field}`);

  const check = () => {
    const c = new Checker();
    const correctsEventId = c.choice(
      'correctsEventId',
      values.eventId,
      entries.map((e) => e.eventId),
    );
    const chosen = c.choice('correction.field', field ?? '', fieldChoices);
    const correction =
      chosen === 'signatory'
        ? {
            field: chosen,
            party: c.choice('correction.party', values.party, ['core', 'partner'] as const),
            signatory: {
              title: c.text('correction.signatory.title', values.title, LIMITS.shortText),
              name: c.text('correction.signatory.name', values.name, LIMITS.shortText),
            },
          }
        : {
            field: chosen,
            value: DATE_FIELDS.includes(chosen)
              ? c.date('correction.value', values.value)
              : c.text('correction.value', values.value, LIMITS.shortText),
          };
    const reason = c.text('reason', values.reason, LIMITS.reason);
    return c.result({ correctsEventId, correction, reason });
  };
  const common = { formId, errors: state.errors };
  return (
    <FormShell
      id={formId}
      title={t('work.correction.title')}
      state={state}
      onSubmit={() => void submit(check())}
      onReload={props.onReload}
      submitLabel={t('work.correction.submit')}
    >
      <p className="hint">{t('work.correction.lead')}</p>
      <SelectField
        {...common}
        name="correctsEventId"
        label={t('work.correction.event')}
        required
        value={values.eventId}
        placeholder={t('common.choose')}
        options={entries.map((e) => ({ value: e.eventId, label: e.summary }))}
        onChange={(eventId) => set({ eventId, field: '' })}
      />
      {fieldChoices.length > 1 ? (
        <SelectField
          {...common}
          name="correction.field"
          label={t('work.correction.field')}
          required
          value={values.field}
          placeholder={t('common.choose')}
          options={fieldChoices.map((f) => ({ value: f, label: t(`work.correction.field.${f}`) }))}
          onChange={(chosen) => set({ field: chosen })}
        />
      ) : null}
      {field === 'signatory' ? (
        <>
          <SelectField
            {...common}
            name="correction.party"
            label={t('work.correction.party')}
            required
            value={values.party}
            placeholder={t('common.choose')}
            options={[
              { value: 'core', label: t('party.core', { name: agreement.coreCity.name }) },
              { value: 'partner', label: t('party.partner', { name: agreement.partner.name }) },
            ]}
            onChange={(party) => set({ party })}
          />
          <TextField
            {...common}
            name="correction.signatory.title"
            label={t('work.correction.signatoryTitle')}
            required
            maxLength={LIMITS.shortText}
            value={values.title}
            onChange={(title) => set({ title })}
          />
          <TextField
            {...common}
            name="correction.signatory.name"
            label={t('work.correction.signatoryName')}
            required
            maxLength={LIMITS.shortText}
            value={values.name}
            onChange={(name) => set({ name })}
          />
        </>
      ) : field !== undefined && DATE_FIELDS.includes(field) ? (
        <DateField
          {...common}
          name="correction.value"
          label={t('work.correction.value', { field: fieldName })}
          required
          value={values.value}
          onChange={(value) => set({ value })}
        />
      ) : field !== undefined ? (
        <TextField
          {...common}
          name="correction.value"
          label={t('work.correction.value', { field: fieldName })}
          required
          maxLength={LIMITS.shortText}
          value={values.value}
          onChange={(value) => set({ value })}
        />
      ) : null}
      <TextField
        {...common}
        name="reason"
        label={t('work.correction.reason')}
        required
        multiline
        maxLength={LIMITS.reason}
        value={values.reason}
        onChange={(reason) => set({ reason })}
      />
    </FormShell>
  );
}
