/**
 * 時点指定: a date input with the 和暦 of the chosen date beside it, and buttons to jump to the
 * previous or next date on which the text changes (when the page knows them) and back to today.
 */
import { useId } from 'react';
import { useI18n } from '../i18n/i18n';
import { isLegalDate, warekiOf } from '../lib/dates';

export function AsOfPicker({
  value,
  onChange,
  today,
  previous,
  next,
  label,
}: {
  value: string;
  onChange: (date: string) => void;
  today: string;
  previous?: string | undefined;
  next?: string | undefined;
  label?: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const wareki = warekiOf(value);
  return (
    <div className="as-of-picker">
      <label htmlFor={id}>{label ?? t('asOf.label')}</label>
      <input
        id={id}
        name="asOf"
        type="date"
        value={value}
        min="1926-12-25"
        max="9999-12-31"
        aria-describedby={`${id}-wareki`}
        onChange={(event) => {
          if (isLegalDate(event.target.value)) onChange(event.target.value);
        }}
      />
      <span id={`${id}-wareki`} className="wareki" aria-live="polite">
        {wareki === '' ? '' : `（${wareki}）`}
      </span>
      <span className="button-row">
        {previous === undefined ? null : (
          <button type="button" onClick={() => onChange(previous)}>
            {t('asOf.previous', { date: previous })}
          </button>
        )}
        {next === undefined ? null : (
          <button type="button" onClick={() => onChange(next)}>
            {t('asOf.next', { date: next })}
          </button>
        )}
        {value === today ? null : (
          <button type="button" onClick={() => onChange(today)}>
            {t('asOf.today')}
          </button>
        )}
      </span>
    </div>
  );
}
