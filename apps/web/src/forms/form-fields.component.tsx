/**
 * Labelled form inputs that show their messages — from the browser's checks and from the API's
 * problem+json errors[] — right under the input, linked with aria-describedby and aria-invalid.
 * `name` is the request field, as the API names it in errors[].
 */
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { warekiOf } from '../lib/dates';
import { readDateInput } from '../lib/form-validation';

function idOf(formId: string, name: string): string {
  return `${formId}-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** What a labelled input needs: its id, its request field name, and its state for assistive technology. */
interface InputAttributes {
  id: string;
  name: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
  'aria-required'?: boolean;
}

interface FieldProps {
  formId: string;
  name: string;
  label: string;
  errors: Record<string, string[]>;
  hint?: string;
  required?: boolean;
}

function Described({
  formId,
  name,
  label,
  errors,
  hint,
  required,
  extra,
  children,
}: FieldProps & { extra?: ReactNode; children: (attributes: InputAttributes) => ReactNode }) {
  const { t } = useI18n();
  const id = idOf(formId, name);
  const messages = errors[name] ?? [];
  const described = [hint === undefined ? null : `${id}-hint`, messages.length === 0 ? null : `${id}-error`]
    .filter((x) => x !== null)
    .join(' ');
  return (
    <div className={`field${messages.length === 0 ? '' : ' field-invalid'}`}>
      <label htmlFor={id}>
        {label}
        {required === true ? <span className="required">{t('form.required')}</span> : null}
      </label>
      {children({
        id,
        name,
        'aria-invalid': messages.length > 0,
        ...(described === '' ? {} : { 'aria-describedby': described }),
        ...(required === true ? { 'aria-required': true } : {}),
      })}
      {extra}
      {hint === undefined ? null : (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {messages.length === 0 ? null : (
        <ul id={`${id}-error`} className="field-error">
          {messages.map((message, index) => (
            <li key={index}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function TextField(
  props: FieldProps & {
    value: string;
    onChange: (value: string) => void;
    maxLength?: number;
    multiline?: boolean;
    /** The on-screen keyboard for figures: digits (yen, years) or digits with a point (percent). */
    inputMode?: 'numeric' | 'decimal';
    rows?: number;
    /** What the input reads as, when that differs from what was typed (令和8年度 → 2026). */
    reads?: string | undefined;
  },
) {
  const { value, onChange, maxLength, multiline, inputMode, rows, reads, ...field } = props;
  return (
    <Described
      {...field}
      extra={
        reads === undefined ? undefined : (
          <span className="reads" aria-live="polite">
            {reads}
          </span>
        )
      }
    >
      {(attributes) =>
        multiline === true ? (
          <textarea
            {...attributes}
            value={value}
            rows={rows ?? 3}
            onChange={(e) => onChange(e.target.value)}
          />
        ) : (
          <input
            {...attributes}
            type="text"
            value={value}
            {...(maxLength === undefined ? {} : { maxLength })}
            {...(inputMode === undefined ? {} : { inputMode })}
            onChange={(e) => onChange(e.target.value)}
          />
        )
      }
    </Described>
  );
}

/**
 * A legal date typed as staff write it — 2026-04-01, 令和8年4月1日 or R8.4.1 — with what it reads as
 * beside it: its 和暦 for an ISO date, the ISO date and its 和暦 for a 和暦 one.
 */
export function DateField(props: FieldProps & { value: string; onChange: (value: string) => void }) {
  const { value, onChange, ...field } = props;
  const read = value.trim() === '' ? undefined : readDateInput(value);
  const wareki = read === undefined ? '' : warekiOf(read);
  const echo =
    read === undefined || wareki === ''
      ? ''
      : read === value.trim()
        ? `（${wareki}）`
        : `→ ${read}（${wareki}）`;
  return (
    <Described
      {...field}
      extra={
        <span className="wareki" aria-live="polite">
          {echo}
        </span>
      }
    >
      {(attributes) => (
        <input
          {...attributes}
          type="text"
          className="date-input"
          autoComplete="off"
          placeholder={DATE_PLACEHOLDER}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Described>
  );
}

/** Both ways a date may be written, as an example in an empty field. */
const DATE_PLACEHOLDER = '2026-04-01／令和8年4月1日';

export function SelectField(
  props: FieldProps & {
    value: string;
    onChange: (value: string) => void;
    options: readonly { value: string; label: string }[];
    /** Options under a heading each (<optgroup>), after `options`. */
    groups?: readonly { label: string; options: readonly { value: string; label: string }[] }[];
    placeholder?: string;
  },
) {
  const { value, onChange, options, groups, placeholder, ...field } = props;
  const list = (opts: readonly { value: string; label: string }[]) =>
    opts.map((option) => (
      <option key={option.value} value={option.value}>
        {option.label}
      </option>
    ));
  return (
    <Described {...field}>
      {(attributes) => (
        <select {...attributes} value={value} onChange={(e) => onChange(e.target.value)}>
          {placeholder === undefined ? null : <option value="">{placeholder}</option>}
          {list(options)}
          {(groups ?? []).map((group) => (
            <optgroup key={group.label} label={group.label}>
              {list(group.options)}
            </optgroup>
          ))}
        </select>
      )}
    </Described>
  );
}

export function CheckboxField(
  props: Omit<FieldProps, 'required'> & { checked: boolean; onChange: (checked: boolean) => void },
) {
  const { checked, onChange, formId, name, label, errors, hint } = props;
  const id = idOf(formId, name);
  const messages = errors[name] ?? [];
  const described = [hint === undefined ? null : `${id}-hint`, messages.length === 0 ? null : `${id}-error`]
    .filter((x) => x !== null)
    .join(' ');
  return (
    <div className={`field field-checkbox${messages.length === 0 ? '' : ' field-invalid'}`}>
      <input
        id={id}
        name={name}
        type="checkbox"
        checked={checked}
        aria-invalid={messages.length > 0}
        {...(described === '' ? {} : { 'aria-describedby': described })}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      {hint === undefined ? null : (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {messages.length === 0 ? null : (
        <ul id={`${id}-error`} className="field-error">
          {messages.map((message, index) => (
            <li key={index}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The messages for a group of inputs (a fieldset), under its legend; `id` for aria-describedby. */
export function GroupErrors({ id, messages }: { id: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <ul id={id} className="field-error">
      {messages.map((message, index) => (
        <li key={index}>{message}</li>
      ))}
    </ul>
  );
}

/** One choice among a few, as radio buttons in a fieldset: `name` is the request field. */
export function RadioField(
  props: Omit<FieldProps, 'label'> & {
    legend: string;
    value: string;
    onChange: (value: string) => void;
    options: readonly { value: string; label: string }[];
  },
) {
  const { t } = useI18n();
  const { formId, name, legend, errors, hint, required, value, onChange, options } = props;
  const id = idOf(formId, name);
  const messages = errors[name] ?? [];
  const described = [hint === undefined ? null : `${id}-hint`, messages.length === 0 ? null : `${id}-error`]
    .filter((x) => x !== null)
    .join(' ');
  return (
    <fieldset
      className={`choice-group${messages.length === 0 ? '' : ' field-invalid'}`}
      {...(described === '' ? {} : { 'aria-describedby': described })}
    >
      <legend>
        {legend}
        {required === true ? <span className="required">{t('form.required')}</span> : null}
      </legend>
      {hint === undefined ? null : (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {options.map((option) => (
        <div key={option.value} className="field-checkbox">
          <input
            id={`${id}-${option.value}`}
            name={name}
            type="radio"
            value={option.value}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
          />
          <label htmlFor={`${id}-${option.value}`}>{option.label}</label>
        </div>
      ))}
      <GroupErrors id={`${id}-error`} messages={messages} />
    </fieldset>
  );
}

/** Several of a list, as checkboxes in a fieldset: `name` is the request field (an array). */
export function CheckboxGroupField(
  props: Omit<FieldProps, 'label'> & {
    legend: string;
    values: readonly string[];
    onChange: (values: string[]) => void;
    options: readonly { value: string; label: string }[];
  },
) {
  const { t } = useI18n();
  const { formId, name, legend, errors, hint, required, values, onChange, options } = props;
  const id = idOf(formId, name);
  const messages = errors[name] ?? [];
  const described = [hint === undefined ? null : `${id}-hint`, messages.length === 0 ? null : `${id}-error`]
    .filter((x) => x !== null)
    .join(' ');
  // Kept in the order of the options, whatever the order of the clicks.
  const toggle = (option: string, on: boolean) =>
    onChange(options.map((o) => o.value).filter((v) => (v === option ? on : values.includes(v))));
  return (
    <fieldset
      className={`choice-group${messages.length === 0 ? '' : ' field-invalid'}`}
      {...(described === '' ? {} : { 'aria-describedby': described })}
    >
      <legend>
        {legend}
        {required === true ? <span className="required">{t('form.required')}</span> : null}
      </legend>
      {hint === undefined ? null : (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {options.map((option) => (
        <div key={option.value} className="field-checkbox">
          <input
            id={`${id}-${option.value}`}
            name={name}
            type="checkbox"
            value={option.value}
            checked={values.includes(option.value)}
            onChange={(e) => toggle(option.value, e.target.checked)}
          />
          <label htmlFor={`${id}-${option.value}`}>{option.label}</label>
        </div>
      ))}
      <GroupErrors id={`${id}-error`} messages={messages} />
    </fieldset>
  );
}
