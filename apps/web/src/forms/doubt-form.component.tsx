/**
 * 疑義の提起 (第6条) by a party: the day it arose, what it cites — a provision by its label, a 連携施策
 * of the version in force that day, or nothing (定めのない事項) — and the question. A new record: no
 * revision to match; the Idempotency-Key keeps a resend from raising it twice.
 */
import { useState } from 'react';
import { queryString } from '../api/api-client';
import type { AgreementSummary, CommandResult, MeasuresAsOf } from '../api/api-types';
import { useApi } from '../api/use-api';
import { useI18n } from '../i18n/i18n';
import { todayInJapan } from '../lib/dates';
import { checkDoubt, CITATION_KINDS, DOUBT_FIELDS, type DoubtValues } from '../lib/doubt-form';
import { LIMITS, readDateInput } from '../lib/form-validation';
import { Link } from '../router';
import { DateField, RadioField, SelectField, TextField } from './form-fields.component';
import { FormShell } from './form-shell.component';
import { useRecording } from './use-recording';

export function DoubtForm({
  agreement,
  ownCode,
  onRecorded,
}: {
  agreement: AgreementSummary;
  /** A clerk's municipality: the party it raises doubts for. */
  ownCode: string | undefined;
  onRecorded: (result: CommandResult) => void;
}) {
  const { t } = useI18n();
  const formId = 'doubt';
  const today = todayInJapan(new Date());
  const [values, setValues] = useState<DoubtValues>({
    doubtId: '',
    raisedBy: ownCode ?? '',
    raisedOn: '',
    citationKind: 'provision',
    label: '',
    measureId: '',
    question: '',
  });
  const [raised, setRaised] = useState<string | null>(null);
  // The measures of the version in force on the day the doubt arose (today until a day is given).
  const measures = useApi<MeasuresAsOf>(
    values.citationKind === 'measure'
      ? `/agreements/${agreement.agreementId}/measures${queryString({
          asOf: readDateInput(values.raisedOn),
        })}`
      : null,
  );
  const { state, submit } = useRecording({
    path: `/agreements/${agreement.agreementId}/doubts`,
    revision: null,
    fields: DOUBT_FIELDS,
    subject: 'doubt',
    onRecorded: (result) => {
      setRaised(result.streamId.replace(/^doubt-/, ''));
      onRecorded(result);
    },
  });
  const set = (changes: Partial<DoubtValues>) => setValues({ ...values, ...changes });
  const common = { formId, errors: state.errors };
  const parties = [agreement.coreCity, agreement.partner];
  return (
    <>
      <FormShell
        id={formId}
        title={t('doubtForm.title')}
        state={state}
        onSubmit={() =>
          void submit(
            checkDoubt(
              values,
              parties.map((p) => p.code),
              today,
            ),
          )
        }
        onReload={() => undefined}
        submitLabel={t('doubtForm.submit')}
      >
        <p className="hint">{t('doubtForm.lead')}</p>
        <div className="field-row">
          <SelectField
            {...common}
            name="raisedBy"
            label={t('doubtForm.raisedBy')}
            hint={t('doubtForm.raisedByHint')}
            required
            placeholder={t('common.choose')}
            value={values.raisedBy}
            options={[
              { value: agreement.coreCity.code, label: t('party.core', { name: agreement.coreCity.name }) },
              { value: agreement.partner.code, label: t('party.partner', { name: agreement.partner.name }) },
            ]}
            onChange={(raisedBy) => set({ raisedBy })}
          />
          <DateField
            {...common}
            name="raisedOn"
            label={t('doubtForm.raisedOn')}
            required
            value={values.raisedOn}
            onChange={(raisedOn) => set({ raisedOn })}
          />
          <TextField
            {...common}
            name="doubtId"
            label={t('doubtForm.id')}
            hint={t('costShareForm.idHint')}
            value={values.doubtId}
            onChange={(doubtId) => set({ doubtId })}
          />
        </div>
        <RadioField
          formId={formId}
          // The API names the citation as a whole (not in the version pinned) under `citation`.
          errors={{
            'citation.kind': [...(state.errors['citation.kind'] ?? []), ...(state.errors['citation'] ?? [])],
          }}
          name="citation.kind"
          legend={t('doubtForm.citation')}
          required
          value={values.citationKind}
          options={CITATION_KINDS.map((kind) => ({ value: kind, label: t(`doubtForm.citation.${kind}`) }))}
          onChange={(citationKind) => set({ citationKind })}
        />
        {values.citationKind === 'provision' ? (
          <TextField
            {...common}
            name="citation.label"
            label={t('doubtForm.label')}
            hint={t('doubtForm.labelHint')}
            required
            value={values.label}
            onChange={(label) => set({ label })}
          />
        ) : null}
        {values.citationKind === 'measure' ? (
          <SelectField
            {...common}
            name="citation.measureId"
            label={t('doubtForm.measure')}
            hint={t(measures.state === 'error' ? 'doubtForm.noMeasures' : 'doubtForm.measureHint')}
            required
            placeholder={t('common.choose')}
            value={values.measureId}
            options={
              measures.state === 'ok'
                ? measures.data.measures.map((m) => ({ value: m.id, label: `${m.name}（${m.id}）` }))
                : []
            }
            onChange={(measureId) => set({ measureId })}
          />
        ) : null}
        <TextField
          {...common}
          name="question"
          label={t('doubtForm.question')}
          required
          multiline
          rows={4}
          maxLength={LIMITS.reason}
          value={values.question}
          onChange={(question) => set({ question })}
        />
      </FormShell>
      {raised === null ? null : (
        <p className="alert alert-success">
          <Link to={`/doubts/${raised}`}>{t('doubtForm.openDossier')}</Link>
        </p>
      )}
    </>
  );
}
