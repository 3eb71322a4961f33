import { isLegalDate, toWareki, type LegalDate } from '@kyoyaku/legal-text';
import { DomainError } from './domain-error';

/** `InvalidDate` (invalid): not a real calendar date written `YYYY-MM-DD`. */
export function assertLegalDate(value: string, field: string, label: string): LegalDate {
  if (typeof value !== 'string' || !isLegalDate(value)) {
    throw new DomainError({
      code: 'InvalidDate',
      kind: 'invalid',
      field,
      message: `${label}「${String(value)}」は日付として不正です。YYYY-MM-DD 形式の実在する暦日（例: 2019-12-25）を指定してください。`,
    });
  }
  return value;
}

/** `RequiredValueMissing` (invalid): an empty or blank string where text is required. */
export function assertNonBlank(value: string, field: string, label: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new DomainError({
      code: 'RequiredValueMissing',
      kind: 'invalid',
      field,
      message: `${label}が空です。${label}を入力してください。`,
    });
  }
  return value;
}

/**
 * `StepDateBeforePreviousStep` (invalid): a step dated before the step it follows (`step` and
 * `previous` name them in the message, e.g. 処理方策の通知 after 処理方策の提示).
 */
export function assertNotBefore(
  date: LegalDate,
  earliest: LegalDate,
  field: string,
  step: string,
  previous: string,
): void {
  if (date < earliest) {
    throw new DomainError({
      code: 'StepDateBeforePreviousStep',
      kind: 'invalid',
      field,
      details: { earliest },
      message: `${step}の日付 ${date} は、先行する${previous}（${earliest}）より前です。${earliest} 以降の日付を指定してください。`,
    });
  }
}

/**
 * A recorded fact — a step that has happened (議決, 締結, 告示, 届出, a consultation held, a 決算 …) —
 * is dated on or before today in Japan; `today` is handed in by the application from its clock.
 * Planned dates (施行日, a consultation's scheduled date) are not checked with this. `code` names the
 * kind of fact (`CouncilResolutionDateInFuture` …; kind invalid → 422), `label` the date in Japanese.
 */
export function assertNotAfterToday(
  date: LegalDate,
  today: LegalDate,
  field: string,
  code: string,
  label: string,
): void {
  assertLegalDate(today, 'today', '本日');
  if (date > today) {
    throw new DomainError({
      code,
      kind: 'invalid',
      field,
      details: { today },
      message: `${label} ${date}（${toWareki(date)}）は本日 ${today}（${toWareki(today)}、日本時間）より後の日付です。記録できるのは既に行われた手順だけです。${today} 以前の日付を指定するか、その手順が行われた後に記録してください。`,
    });
  }
}
