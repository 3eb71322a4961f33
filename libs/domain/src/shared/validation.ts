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
