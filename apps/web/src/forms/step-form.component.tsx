/**
 * A recording form described by its inputs (lib/step-form.ts): the same fields, checks, If-Match and
 * Idempotency-Key, errors in the language shown and focus on the first field in error as every
 * other recording form — for the steps that need no more than dates, texts and choices (取下げ, 誤記訂正,
 * 決算, the steps of a doubt, 勧告 …).
 */
import { type ReactNode, useMemo, useState } from 'react';
import type { CommandResult } from '../api/api-types';
import type { ProblemDocument } from '../lib/problem';
import { checkStepForm, initialValues, type StepFieldSpec, type StepValues } from '../lib/step-form';
import { DateField, SelectField, TextField } from './form-fields.component';
import { FormShell } from './form-shell.component';
import { type RecordSubject, useRecording } from './use-recording';
import { useI18n } from '../i18n/i18n';

export interface StepFormProps {
  id: string;
  title: string;
  submitLabel: string;
  path: string;
  /** The ETag read with the page; null for a write that creates a new record. */
  revision: string | null;
  subject?: RecordSubject;
  fields: readonly StepFieldSpec[];
  /** Values to start with (a default date, a preselected party). */
  preset?: StepValues;
  /** Parts of the body the form does not ask (`step`, `kind`), or builds from other inputs. */
  fixed?: Record<string, unknown>;
  /** Turns the checked body into the request (e.g. two party choices into one list). */
  shape?: (body: Record<string, unknown>) => Record<string, unknown>;
  explain?: (problem: ProblemDocument) => string[];
  /** Shown above the inputs (what the step is, what it changes). */
  lead?: ReactNode;
  onRecorded: (result: CommandResult) => void;
  onReload: () => void;
}

export function StepForm(props: StepFormProps) {
  const { t } = useI18n();
  const { fields } = props;
  const [values, setValues] = useState<StepValues>(() => initialValues(fields, props.preset));
  const names = useMemo(() => fields.map((f) => f.name), [fields]);
  const { state, submit } = useRecording({
    path: props.path,
    revision: props.revision,
    fields: names,
    onRecorded: props.onRecorded,
    ...(props.subject === undefined ? {} : { subject: props.subject }),
    ...(props.explain === undefined ? {} : { explain: props.explain }),
  });
  const send = () => {
    const checked = checkStepForm(fields, values, props.fixed);
    const shape = props.shape;
    void submit(checked.ok && shape !== undefined ? { ok: true, body: shape(checked.body) } : checked);
  };
  const common = { formId: props.id, errors: state.errors };
  return (
    <FormShell
      id={props.id}
      title={props.title}
      state={state}
      onSubmit={send}
      onReload={props.onReload}
      submitLabel={props.submitLabel}
    >
      {props.lead}
      {fields.map((field) => {
        const value = values[field.name] ?? '';
        const onChange = (next: string) => setValues((v) => ({ ...v, [field.name]: next }));
        const shared = {
          ...common,
          name: field.name,
          label: field.label,
          ...(field.hint === undefined ? {} : { hint: field.hint }),
          ...(field.required === true ? { required: true } : {}),
          value,
          onChange,
        };
        if (field.kind === 'date') return <DateField key={field.name} {...shared} />;
        if (field.kind === 'select')
          return (
            <SelectField
              key={field.name}
              {...shared}
              options={field.options}
              placeholder={t('common.choose')}
            />
          );
        return (
          <TextField
            key={field.name}
            {...shared}
            {...(field.kind === 'text' && field.multiline === true ? { multiline: true } : {})}
            {...(field.kind === 'yen' ? { inputMode: 'numeric' as const } : {})}
            {...(field.kind !== 'text' || field.max === undefined ? {} : { maxLength: field.max })}
          />
        );
      })}
    </FormShell>
  );
}
