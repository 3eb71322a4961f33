/**
 * 勧告 (第252条の2第5項), recorded on the region by the secretariat: who recommended — the governor
 * of the prefecture the addressees lie in (the API derives the prefecture) or the 総務大臣 where a
 * prefecture is concerned — the municipalities concerned (the core city, the members, or another by
 * its code), the date, its 文書番号 and its content. Writes against the region's revision.
 */
import { useState } from 'react';
import type { CommandResult, RegionDetail } from '../api/api-types';
import { useI18n } from '../i18n/i18n';
import { Checker, LIMITS } from '../lib/form-validation';
import { CheckboxGroupField, DateField, SelectField, TextField } from './form-fields.component';
import { FormShell } from './form-shell.component';
import { useRecording } from './use-recording';

const FIELDS = [
  'recommender.kind',
  'recommender.prefectureCode',
  'addressees',
  'other.code',
  'other.name',
  'recommendedOn',
  'documentNumber',
  'content',
] as const;

const CODE_PATTERN = /^\d{6}$/;

export function RecommendationForm({
  region,
  onRecorded,
  onReload,
}: {
  region: RegionDetail;
  onRecorded: (result: CommandResult) => void;
  onReload: () => void;
}) {
  const { t } = useI18n();
  const formId = 'recommendation';
  const known = [region.coreCity, ...region.members.filter((m) => m.code !== region.coreCity.code)];
  const [values, setValues] = useState({
    kind: 'prefectural-governor',
    addressees: [] as string[],
    otherCode: '',
    otherName: '',
    recommendedOn: '',
    documentNumber: '',
    content: '',
  });
  const { state, submit } = useRecording({
    path: `/regions/${region.regionId}/recommendations`,
    revision: String(region.revision),
    fields: FIELDS,
    onRecorded,
  });
  const set = (changes: Partial<typeof values>) => setValues((v) => ({ ...v, ...changes }));
  const check = () => {
    const c = new Checker();
    const kind = c.choice('recommender.kind', values.kind, [
      'prefectural-governor',
      'minister-of-internal-affairs',
    ] as const);
    const addressees = known
      .filter((m) => values.addressees.includes(m.code))
      .map((m) => ({ code: m.code, name: m.name }));
    const otherCode = values.otherCode.trim();
    if (otherCode !== '' || values.otherName.trim() !== '') {
      if (!CODE_PATTERN.test(otherCode)) c.add('other.code', 'work.recommendation.otherCodeInvalid');
      const name = c.text('other.name', values.otherName, LIMITS.shortText);
      addressees.push({ code: otherCode, name: name.trim() });
    }
    if (addressees.length < 2) c.add('addressees', 'work.recommendation.twoOrMore');
    return c.result({
      recommender: { kind },
      addressees,
      recommendedOn: c.date('recommendedOn', values.recommendedOn),
      documentNumber: c.text('documentNumber', values.documentNumber, LIMITS.shortText),
      content: c.text('content', values.content, LIMITS.text),
    });
  };
  const common = { formId, errors: state.errors };
  return (
    <FormShell
      id={formId}
      title={t('work.recommendation.heading')}
      state={state}
      onSubmit={() => void submit(check())}
      onReload={onReload}
      submitLabel={t('work.recommendation.submit')}
    >
      <SelectField
        {...common}
        name="recommender.kind"
        label={t('work.recommendation.recommender')}
        hint={t('work.recommendation.recommenderHint')}
        required
        value={values.kind}
        options={[
          { value: 'prefectural-governor', label: t('work.recommendation.governor') },
          { value: 'minister-of-internal-affairs', label: t('work.recommendation.minister') },
        ]}
        onChange={(kind) => set({ kind })}
      />
      <CheckboxGroupField
        {...common}
        name="addressees"
        legend={t('work.recommendation.addressees')}
        required
        values={values.addressees}
        options={known.map((m) => ({ value: m.code, label: `${m.name}（${m.code}）` }))}
        onChange={(addressees) => set({ addressees })}
      />
      <div className="field-row">
        <TextField
          {...common}
          name="other.code"
          label={t('work.recommendation.otherCode')}
          hint={t('work.recommendation.otherCodeHint')}
          inputMode="numeric"
          maxLength={6}
          value={values.otherCode}
          onChange={(otherCode) => set({ otherCode })}
        />
        <TextField
          {...common}
          name="other.name"
          label={t('work.recommendation.otherName')}
          maxLength={LIMITS.shortText}
          value={values.otherName}
          onChange={(otherName) => set({ otherName })}
        />
      </div>
      <DateField
        {...common}
        name="recommendedOn"
        label={t('work.recommendation.recommendedOn')}
        required
        value={values.recommendedOn}
        onChange={(recommendedOn) => set({ recommendedOn })}
      />
      <TextField
        {...common}
        name="documentNumber"
        label={t('work.recommendation.documentNumber')}
        required
        maxLength={LIMITS.shortText}
        value={values.documentNumber}
        onChange={(documentNumber) => set({ documentNumber })}
      />
      <TextField
        {...common}
        name="content"
        label={t('work.recommendation.content')}
        required
        multiline
        value={values.content}
        onChange={(content) => set({ content })}
      />
    </FormShell>
  );
}
