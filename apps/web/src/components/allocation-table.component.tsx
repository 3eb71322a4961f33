/**
 * A cost-share decision as the ledger allocated it: each municipality's amount in whole yen, its
 * exact share of the total (the fraction the API records) and whether it got one of the yen left
 * over by rounding down; the amounts sum to the total.
 */
import type { CostShareDecision } from '../api/api-types';
import { useI18n } from '../i18n/i18n';
import { formatYen } from '../lib/bar-scale';
import { formatShare } from '../lib/cost-share-form';

export function AllocationTable({ decision, caption }: { decision: CostShareDecision; caption: string }) {
  const { t } = useI18n();
  return (
    <div className="table-scroll">
      <table className="data-table amounts allocation">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('costShares.municipality')}</th>
            <th scope="col">{t('costShares.decided')}</th>
            <th scope="col">{t('costShareForm.share')}</th>
            <th scope="col">{t('costShareForm.rounding')}</th>
          </tr>
        </thead>
        <tbody>
          {decision.allocations.map((a) => (
            <tr key={a.municipalityCode} data-municipality={a.municipalityCode}>
              <th scope="row">
                {a.name}（{a.municipalityCode}）
              </th>
              <td className="num">{formatYen(a.amount)}</td>
              <td>{a.share === undefined ? t('costShareForm.fixed') : formatShare(a.share)}</td>
              <td>{a.roundedUp === true ? t('costShareForm.roundedUp') : '—'}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('costShareForm.sum')}</th>
            <td className="num">{formatYen(decision.total)}</td>
            <td />
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
