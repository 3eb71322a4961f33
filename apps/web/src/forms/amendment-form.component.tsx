/**
 * 変更案: opens an amendment proceeding with its operations, applied in order to the version in
 * force. The form offers the common operations (「A」を「B」に改める, a 項 added, a provision deleted,
 * 連携施策 added, revised, removed or their 役割分担 changed); the API documents the others
 * (/docs: 全部改正, 条・号 added, 条名 changed, 附則).
 */
import { useState } from 'react';
import { MEASURE_CATEGORIES, measureCategoryLabel } from '@kyoyaku/legal-text';
import type { AgreementSummary, CommandResult } from '../api/api-types';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import {
  checkAmendment,
  emptyOperation,
  LIMITS,
  OPERATION_KINDS,
  type OperationKind,
  operationFieldNames,
  type OperationValues,
  TEXT_TARGETS,
  type TextTargetKind,
} from '../lib/form-validation';
import { CheckboxField, DateField, SelectField, TextField } from './form-fields.component';
import { FormShell } from './form-shell.component';
import { useRecording } from './use-recording';

const OPERATION_LABEL: Record<OperationKind, MessageKey> = {
  replaceWords: 'op.replaceWords',
  insertParagraph: 'op.insertParagraph',
  deleteProvision: 'op.deleteProvision',
  addMeasure: 'op.addMeasure',
  reviseMeasure: 'op.reviseMeasure',
  removeMeasure: 'op.removeMeasure',
  changeMeasureRole: 'op.changeMeasureRole',
};

const TARGET_LABEL: Record<TextTargetKind, MessageKey> = {
  provision: 'target.provision',
  caption: 'target.caption',
  title: 'target.title',
  preamble: 'target.preamble',
  supplementaryProvisions: 'target.supplementaryProvisions',
};

export function AmendmentForm({
  agreement,
  revision,
  onRecorded,
  onReload,
}: {
  agreement: AgreementSummary;
  revision: string;
  onRecorded: (result: CommandResult) => void;
  onReload: () => void;
}) {
  const { t } = useI18n();
  const formId = 'amendment';
  const [proceedingId, setProceedingId] = useState('');
  const [draftedOn, setDraftedOn] = useState('');
  const [operations, setOperations] = useState<OperationValues[]>([emptyOperation()]);
  const fields = [
    'kind',
    'proceedingId',
    'draftedOn',
    'operations',
    ...operations.flatMap((op, index) => [
      `operations.${index}`,
      ...Object.values(operationFieldNames(op, index)),
    ]),
  ];
  const { state, submit } = useRecording({
    path: `/agreements/${agreement.agreementId}/proceedings`,
    revision,
    fields,
    onRecorded,
  });
  const update = (index: number, changes: Partial<OperationValues>) =>
    setOperations(operations.map((op, i) => (i === index ? { ...op, ...changes } : op)));
  const common = { formId, errors: state.errors };
  return (
    <FormShell
      id={formId}
      title={t('forms.amendment.title')}
      state={state}
      onSubmit={() => void submit(checkAmendment({ proceedingId, draftedOn, operations }))}
      onReload={onReload}
      submitLabel={t('forms.amendment.submit')}
    >
      <p className="hint">{t('forms.amendment.lead')}</p>
      <TextField
        {...common}
        name="proceedingId"
        label={t('forms.amendment.proceedingId')}
        hint={t('forms.amendment.proceedingIdHint')}
        value={proceedingId}
        onChange={setProceedingId}
      />
      <DateField
        {...common}
        name="draftedOn"
        label={t('forms.amendment.draftedOn')}
        required
        value={draftedOn}
        onChange={setDraftedOn}
      />
      <fieldset className="operations">
        <legend>{t('forms.amendment.operations')}</legend>
        {(state.errors['operations'] ?? []).map((message, index) => (
          <p key={index} className="field-error">
            {message}
          </p>
        ))}
        <ol>
          {operations.map((op, index) => (
            <li key={index}>
              <OperationEditor
                formId={formId}
                index={index}
                value={op}
                errors={state.errors}
                onChange={(changes) => update(index, changes)}
              />
              {operations.length > 1 ? (
                <button type="button" onClick={() => setOperations(operations.filter((_, i) => i !== index))}>
                  {t('forms.amendment.removeOperation', { n: index + 1 })}
                </button>
              ) : null}
            </li>
          ))}
        </ol>
        <button type="button" onClick={() => setOperations([...operations, emptyOperation()])}>
          {t('forms.amendment.addOperation')}
        </button>
      </fieldset>
    </FormShell>
  );
}

function OperationEditor({
  formId,
  index,
  value,
  errors,
  onChange,
}: {
  formId: string;
  index: number;
  value: OperationValues;
  errors: Record<string, string[]>;
  onChange: (changes: Partial<OperationValues>) => void;
}) {
  const { t } = useI18n();
  const names = operationFieldNames(value, index);
  const name = (input: string) => names[input] ?? `operations.${index}.${input}`;
  const common = { formId, errors };
  const categoryOptions = MEASURE_CATEGORIES.map((c) => ({ value: c, label: measureCategoryLabel(c) }));
  const partyOptions = [
    { value: 'core', label: t('party.coreShort') },
    { value: 'partner', label: t('party.partnerShort') },
  ];
  const provisionInputs = (
    <div className="field-row">
      <TextField
        {...common}
        name={name('article')}
        label={t('forms.op.article')}
        hint={t('forms.op.articleHint')}
        required
        value={value.article}
        onChange={(article) => onChange({ article })}
      />
      <TextField
        {...common}
        name={name('paragraph')}
        label={t('forms.op.paragraph')}
        value={value.paragraph}
        onChange={(paragraph) => onChange({ paragraph })}
      />
      <TextField
        {...common}
        name={name('item')}
        label={t('forms.op.item')}
        value={value.item}
        onChange={(item) => onChange({ item })}
      />
    </div>
  );
  return (
    <fieldset className="operation">
      <legend>{t('forms.amendment.operationN', { n: index + 1 })}</legend>
      {(errors[`operations.${index}`] ?? []).map((message, i) => (
        <p key={i} className="field-error">
          {message}
        </p>
      ))}
      <SelectField
        {...common}
        name={`operations.${index}.op`}
        label={t('forms.op.kind')}
        required
        value={value.op}
        options={OPERATION_KINDS.map((op) => ({ value: op, label: t(OPERATION_LABEL[op]) }))}
        onChange={(op) => onChange({ op: OPERATION_KINDS.find((k) => k === op) ?? 'replaceWords' })}
      />
      {value.op === 'replaceWords' ? (
        <>
          <SelectField
            {...common}
            name={name('target')}
            label={t('forms.op.target')}
            required
            value={value.target}
            options={TEXT_TARGETS.map((target) => ({ value: target, label: t(TARGET_LABEL[target]) }))}
            onChange={(target) => onChange({ target: TEXT_TARGETS.find((k) => k === target) ?? 'provision' })}
          />
          {value.target === 'provision' ? provisionInputs : null}
          {value.target === 'caption' ? (
            <TextField
              {...common}
              name={name('article')}
              label={t('forms.op.article')}
              required
              value={value.article}
              onChange={(article) => onChange({ article })}
            />
          ) : null}
          {value.target === 'supplementaryProvisions' ? (
            <TextField
              {...common}
              name={name('paragraph')}
              label={t('forms.op.paragraph')}
              value={value.paragraph}
              onChange={(paragraph) => onChange({ paragraph })}
            />
          ) : null}
          <TextField
            {...common}
            name={name('from')}
            label={t('forms.op.from')}
            required
            multiline
            value={value.from}
            onChange={(from) => onChange({ from })}
          />
          <TextField
            {...common}
            name={name('to')}
            label={t('forms.op.to')}
            hint={t('forms.op.toHint')}
            multiline
            value={value.to}
            onChange={(to) => onChange({ to })}
          />
          <TextField
            {...common}
            name={name('occurrence')}
            label={t('forms.op.occurrence')}
            hint={t('forms.op.occurrenceHint')}
            value={value.occurrence}
            onChange={(occurrence) => onChange({ occurrence })}
          />
        </>
      ) : null}
      {value.op === 'insertParagraph' ? (
        <>
          <TextField
            {...common}
            name={name('article')}
            label={t('forms.op.article')}
            hint={t('forms.op.articleHint')}
            required
            value={value.article}
            onChange={(article) => onChange({ article })}
          />
          <TextField
            {...common}
            name={name('after')}
            label={t('forms.op.afterParagraph')}
            hint={t('forms.op.afterParagraphHint')}
            value={value.after}
            onChange={(after) => onChange({ after })}
          />
          <TextField
            {...common}
            name={name('text')}
            label={t('forms.op.paragraphText')}
            required
            multiline
            maxLength={LIMITS.text}
            value={value.text}
            onChange={(text) => onChange({ text })}
          />
        </>
      ) : null}
      {value.op === 'deleteProvision' ? (
        <>
          {provisionInputs}
          <CheckboxField
            {...common}
            name={name('leaveDeletedMarker')}
            label={t('forms.op.leaveDeletedMarker')}
            checked={value.leaveDeletedMarker}
            onChange={(leaveDeletedMarker) => onChange({ leaveDeletedMarker })}
          />
        </>
      ) : null}
      {value.op === 'addMeasure' ? (
        <>
          <TextField
            {...common}
            name={name('measureId')}
            label={t('forms.op.measureId')}
            hint={t('forms.op.measureIdHint')}
            required
            value={value.measureId}
            onChange={(measureId) => onChange({ measureId })}
          />
          <SelectField
            {...common}
            name={name('category')}
            label={t('forms.op.category')}
            required
            placeholder={t('common.choose')}
            value={value.category}
            options={categoryOptions}
            onChange={(category) => onChange({ category })}
          />
          <TextField
            {...common}
            name={name('name')}
            label={t('forms.op.measureName')}
            required
            value={value.name}
            onChange={(name) => onChange({ name })}
          />
          <TextField
            {...common}
            name={name('content')}
            label={t('forms.op.content')}
            required
            multiline
            value={value.content}
            onChange={(content) => onChange({ content })}
          />
          <TextField
            {...common}
            name={name('roleCore')}
            label={t('forms.op.roleCore')}
            required
            value={value.roleCore}
            onChange={(roleCore) => onChange({ roleCore })}
          />
          <TextField
            {...common}
            name={name('rolePartner')}
            label={t('forms.op.rolePartner')}
            required
            value={value.rolePartner}
            onChange={(rolePartner) => onChange({ rolePartner })}
          />
          <TextField
            {...common}
            name={name('after')}
            label={t('forms.op.afterMeasure')}
            hint={t('forms.op.afterMeasureHint')}
            value={value.after}
            onChange={(after) => onChange({ after })}
          />
        </>
      ) : null}
      {value.op === 'reviseMeasure' ? (
        <>
          <TextField
            {...common}
            name={name('measureId')}
            label={t('forms.op.measureId')}
            hint={t('forms.op.measureRefHint')}
            required
            value={value.measureId}
            onChange={(measureId) => onChange({ measureId })}
          />
          {(errors[name('changes')] ?? []).map((message, i) => (
            <p key={i} className="field-error">
              {message}
            </p>
          ))}
          <TextField
            {...common}
            name={name('name')}
            label={t('forms.op.newName')}
            value={value.name}
            onChange={(name) => onChange({ name })}
          />
          <TextField
            {...common}
            name={name('content')}
            label={t('forms.op.newContent')}
            multiline
            value={value.content}
            onChange={(content) => onChange({ content })}
          />
          <SelectField
            {...common}
            name={name('category')}
            label={t('forms.op.newCategory')}
            placeholder={t('forms.op.unchanged')}
            value={value.category}
            options={categoryOptions}
            onChange={(category) => onChange({ category })}
          />
        </>
      ) : null}
      {value.op === 'removeMeasure' ? (
        <TextField
          {...common}
          name={name('measureId')}
          label={t('forms.op.measureId')}
          hint={t('forms.op.measureRefHint')}
          required
          value={value.measureId}
          onChange={(measureId) => onChange({ measureId })}
        />
      ) : null}
      {value.op === 'changeMeasureRole' ? (
        <>
          <TextField
            {...common}
            name={name('measureId')}
            label={t('forms.op.measureId')}
            hint={t('forms.op.measureRefHint')}
            required
            value={value.measureId}
            onChange={(measureId) => onChange({ measureId })}
          />
          <SelectField
            {...common}
            name={name('party')}
            label={t('forms.party')}
            required
            placeholder={t('common.choose')}
            value={value.party}
            options={partyOptions}
            onChange={(party) => onChange({ party })}
          />
          <TextField
            {...common}
            name={name('role')}
            label={t('forms.op.role')}
            required
            multiline
            value={value.role}
            onChange={(role) => onChange({ role })}
          />
        </>
      ) : null}
    </fieldset>
  );
}
