import { isLegalDate, type LegalDate } from '@kyoyaku/legal-text';
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
