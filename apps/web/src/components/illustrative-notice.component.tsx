/**
 * One line on a page whose data the API marks `illustrative` (the shipped demo's invented facts), so
 * nobody takes them for an actual record.
 */
import { useI18n } from '../i18n/i18n';

/** True when any of the rows says its facts are invented. */
export function anyIllustrative(rows: readonly { illustrative?: boolean }[]): boolean {
  return rows.some((row) => row.illustrative === true);
}

export function IllustrativeNotice({ show }: { show: boolean }) {
  const { t } = useI18n();
  if (!show) return null;
  return (
    <p className="alert alert-conflict illustrative-notice" role="note">
      {t('illustrative.notice')}
    </p>
  );
}
