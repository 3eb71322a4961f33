import { useI18n } from '../i18n/i18n';
import { fiscalYearLabel, fiscalYearsFrom } from '../lib/fiscal-years';

/** Chooses the 年度 of a register: 令和6年度（2024年度）… from the first year with records to this one. */
export function FiscalYearPicker({
  value,
  first,
  today,
  onChange,
}: {
  value: number;
  first: number;
  today: string;
  onChange: (fiscalYear: number) => void;
}) {
  const { t } = useI18n();
  const years = fiscalYearsFrom(first, today);
  if (!years.includes(value)) years.unshift(value);
  return (
    <div className="field-inline">
      <label htmlFor="fiscal-year">{t('registers.fiscalYear')}</label>
      <select id="fiscal-year" value={String(value)} onChange={(e) => onChange(Number(e.target.value))}>
        {years.map((year) => (
          <option key={year} value={String(year)}>
            {fiscalYearLabel(year)}（{t('registers.fiscalYearNumber', { year })}）
          </option>
        ))}
      </select>
    </div>
  );
}
