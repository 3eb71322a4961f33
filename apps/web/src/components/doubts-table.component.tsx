/**
 * The register of an agreement's doubts. Each row is headed by the doubt's name — who raised it and
 * when, linking to its dossier — never by the id its raiser chose, which stays in the URL.
 */
import type { DoubtListItem } from '../api/api-types';
import { useI18n } from '../i18n/i18n';
import { doubtName } from '../lib/proceeding-name';
import { Link } from '../router';

export function DoubtsTable({ items }: { items: readonly DoubtListItem[] }) {
  const { t } = useI18n();
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">{t('doubts.heading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('doubts.doubt')}</th>
            <th scope="col">{t('doubts.citation')}</th>
            <th scope="col">{t('doubts.question')}</th>
            <th scope="col">{t('doubts.status')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr key={d.doubtId}>
              <th scope="row">
                <Link to={`/doubts/${d.doubtId}`}>{doubtName(t, d)}</Link>
              </th>
              <td lang="ja">{d.citation.label}</td>
              <td lang="ja">{d.question}</td>
              <td lang="ja">{d.statusLabel}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
