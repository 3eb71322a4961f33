/** The start page: the 連携中枢都市圏 recorded in the ledger and every agreement. */
import type { AgreementListItem, Page, RegionDoc } from '../api/api-types';
import { useApi } from '../api/use-api';
import { DateText, Loading, ProblemAlert, Section, StatusBadge } from '../components/common.component';
import { PageTitle } from '../components/page-title.component';
import { VersionsToday } from '../components/versions-today.component';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router';

export function HomePage() {
  const { t } = useI18n();
  const regions = useApi<RegionDoc[]>('/regions');
  const agreements = useApi<Page<AgreementListItem>>('/agreements?limit=500');
  return (
    <>
      <PageTitle title={t('home.title')} />
      <p className="lead">{t('home.lead')}</p>
      <Section id="regions-heading" title={t('home.regions')}>
        {regions.state === 'loading' ? <Loading /> : null}
        {regions.state === 'error' ? <ProblemAlert error={regions.error} /> : null}
        {regions.state === 'ok' ? (
          regions.data.length === 0 ? (
            <p>{t('home.noRegions')}</p>
          ) : (
            <ul className="card-list">
              {regions.data.map((region) => (
                <li key={region.regionId} className="card">
                  <Link to={`/regions/${region.regionId}`} className="card-title">
                    {region.name}
                  </Link>
                  <dl className="facts">
                    <dt>{t('region.coreCity')}</dt>
                    <dd>
                      {region.coreCity.name}（{region.coreCity.code}）
                    </dd>
                    <dt>{t('region.declaredOn')}</dt>
                    <dd>
                      <DateText date={region.declaredOn} />
                    </dd>
                  </dl>
                </li>
              ))}
            </ul>
          )
        ) : null}
      </Section>
      <Section id="agreements-heading" title={t('home.agreements')}>
        {agreements.state === 'loading' ? <Loading /> : null}
        {agreements.state === 'error' ? <ProblemAlert error={agreements.error} /> : null}
        {agreements.state === 'ok' ? (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">{t('home.agreements')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('agreement.parties')}</th>
                  <th scope="col">{t('agreement.statusToday')}</th>
                  <th scope="col">{t('agreement.versionToday')}</th>
                  <th scope="col">{t('agreement.openProceedings')}</th>
                </tr>
              </thead>
              <tbody>
                {agreements.data.items.map((a) => (
                  <tr key={a.agreementId}>
                    <th scope="row">
                      <Link to={`/agreements/${a.agreementId}`}>
                        {a.coreCity.name}・{a.partner.name}
                      </Link>
                    </th>
                    <td>
                      <StatusBadge status={a.statusToday} />
                    </td>
                    <td>
                      <VersionsToday agreementId={a.agreementId} />
                    </td>
                    <td>{a.openProceedings.length}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Section>
    </>
  );
}
