/**
 * A banner on every page while the ledger holds the shipped demo: the API marks the demo's agreements
 * `illustrative` (its events were recorded as invented facts), and the demo is loaded only into an
 * empty ledger, so the first agreement listed tells which kind of ledger this is.
 */
import type { AgreementListItem, Page } from '../api/api-types';
import { useApi } from '../api/use-api';
import { useI18n } from '../i18n/i18n';

export function DemoBanner() {
  const { t } = useI18n();
  const first = useApi<Page<AgreementListItem>>('/agreements?limit=1');
  if (first.state !== 'ok' || first.data.items[0]?.illustrative !== true) return null;
  return (
    // Plain text, not a second role="note" beside a page's own IllustrativeNotice.
    <p className="demo-banner">
      <strong>{t('demo.label')}</strong> {t('demo.notice')}
    </p>
  );
}
