/**
 * 協約案の登録 (締結手続の開始): the partner municipality, the date of the 案 and its whole text as
 * printed (title, 前文, 条・項・号, 別表, 附則), read in the browser into the document the API takes
 * (`readDocumentText`, as the amendment editor reads an edited text); a line that does not read is
 * named. POST /agreements creates the agreement: there is no revision to match.
 */
import { readDocumentText } from '@kyoyaku/legal-text';
import { useState } from 'react';
import type { CommandResult, RegionDetail } from '../api/api-types';
import { useI18n } from '../i18n/i18n';
import { Checker, LIMITS } from '../lib/form-validation';
import { DateField, TextField } from './form-fields.component';
import { FormShell } from './form-shell.component';
import { useRecording } from './use-recording';

const FIELDS = ['partner.code', 'partner.name', 'draftedOn', 'agreementId', 'document'] as const;

export function OpenAgreementForm({
  region,
  onRecorded,
  onReload,
}: {
  region: RegionDetail;
  onRecorded: (result: CommandResult) => void;
  onReload: () => void;
}) {
  const { t } = useI18n();
  const formId = 'open-agreement';
  const [values, setValues] = useState({ code: '', name: '', draftedOn: '', agreementId: '', text: '' });
  const { state, submit } = useRecording({
    path: '/agreements',
    revision: null,
    fields: FIELDS,
    onRecorded,
  });
  const set = (changes: Partial<typeof values>) => setValues((v) => ({ ...v, ...changes }));
  const check = () => {
    const c = new Checker();
    const code = values.code.trim();
    if (!/^\d{6}$/.test(code)) c.add('partner.code', 'work.recommendation.otherCodeInvalid');
    const name = c.text('partner.name', values.name, LIMITS.shortText).trim();
    const draftedOn = c.date('draftedOn', values.draftedOn);
    const agreementId = c.optionalId('agreementId', values.agreementId);
    const read = values.text.trim() === '' ? undefined : readDocumentText(values.text);
    if (read === undefined) c.add('document', 'validation.required');
    else if (!read.ok)
      for (const problem of read.problems.slice(0, 5))
        c.add('document', 'work.open.textProblem', { ...problem });
    return c.result({
      regionId: region.regionId,
      coreCity: { code: region.coreCity.code, name: region.coreCity.name },
      partner: { code, name },
      draftedOn,
      ...(agreementId === undefined ? {} : { agreementId }),
      document: read?.ok === true ? read.document : {},
    });
  };
  const common = { formId, errors: state.errors };
  return (
    <FormShell
      id={formId}
      title={t('work.open.title')}
      state={state}
      onSubmit={() => void submit(check())}
      onReload={onReload}
      submitLabel={t('work.open.submit')}
    >
      <p className="hint">{t('work.open.lead', { core: region.coreCity.name })}</p>
      <div className="field-row">
        <TextField
          {...common}
          name="partner.code"
          label={t('work.open.partnerCode')}
          hint={t('work.recommendation.otherCodeHint')}
          required
          inputMode="numeric"
          maxLength={6}
          value={values.code}
          onChange={(code) => set({ code })}
        />
        <TextField
          {...common}
          name="partner.name"
          label={t('work.open.partnerName')}
          required
          maxLength={LIMITS.shortText}
          value={values.name}
          onChange={(name) => set({ name })}
        />
      </div>
      <div className="field-row">
        <DateField
          {...common}
          name="draftedOn"
          label={t('work.abolition.draftedOn')}
          required
          value={values.draftedOn}
          onChange={(draftedOn) => set({ draftedOn })}
        />
        <TextField
          {...common}
          name="agreementId"
          label={t('work.open.agreementId')}
          hint={t('work.open.agreementIdHint')}
          value={values.agreementId}
          onChange={(agreementId) => set({ agreementId })}
        />
      </div>
      <TextField
        {...common}
        name="document"
        label={t('work.open.text')}
        hint={t('work.open.textHint')}
        required
        multiline
        rows={16}
        value={values.text}
        onChange={(text) => set({ text })}
      />
    </FormShell>
  );
}
