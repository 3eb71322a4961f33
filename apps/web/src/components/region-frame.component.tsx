/**
 * What the pages of one region share: its name in the heading, and the navigation between the
 * overview and its registers (費用分担, 定期的な協議).
 */
import type { ReactNode } from 'react';
import type { RegionDoc } from '../api/api-types';
import { useApi } from '../api/use-api';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { Link } from '../router';
import { Loading, ProblemAlert } from './common.component';
import { PageTitle } from './page-title.component';

export type RegionPageName = 'overview' | 'cost-shares' | 'consultations';

const PAGES: readonly { name: RegionPageName; path: string; label: MessageKey }[] = [
  { name: 'overview', path: '', label: 'regionNav.overview' },
  { name: 'cost-shares', path: '/cost-shares', label: 'regionNav.costShares' },
  { name: 'consultations', path: '/consultations', label: 'regionNav.consultations' },
];

export function RegionNav({ regionId, current }: { regionId: string; current: RegionPageName }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t('regionNav.label')} className="tabs">
      <ul>
        {PAGES.map((page) => (
          <li key={page.name}>
            <Link
              to={`/regions/${regionId}${page.path}`}
              {...(page.name === current ? { 'aria-current': 'page' as const } : {})}
            >
              {t(page.label)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A region register: the heading names the region and the register; the children get the region. */
export function RegionFrame({
  regionId,
  current,
  children,
}: {
  regionId: string;
  current: Exclude<RegionPageName, 'overview'>;
  children: (region: RegionDoc) => ReactNode;
}) {
  const { t } = useI18n();
  const regions = useApi<RegionDoc[]>('/regions');
  const pageLabel = t(PAGES.find((p) => p.name === current)?.label ?? 'regionNav.overview');
  const region = regions.state === 'ok' ? regions.data.find((r) => r.regionId === regionId) : undefined;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/">{t('nav.home')}</Link>
      </p>
      <PageTitle title={`${pageLabel} — ${region?.name ?? regionId}`}>
        <span className="title-parties">{region?.name ?? regionId}</span>
        <span className="title-page">{pageLabel}</span>
      </PageTitle>
      <RegionNav regionId={regionId} current={current} />
      {regions.state === 'loading' ? <Loading /> : null}
      {regions.state === 'error' ? <ProblemAlert error={regions.error} /> : null}
      {regions.state === 'ok' && region === undefined ? (
        <p className="alert alert-error" role="alert">
          {t('registers.noRegion', { id: regionId })}
        </p>
      ) : null}
      {region === undefined ? null : children(region)}
    </>
  );
}
