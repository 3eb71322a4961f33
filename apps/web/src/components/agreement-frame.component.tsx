/**
 * What every page of one agreement shares: its title (the parties and the 題名), its status today,
 * and the navigation between its pages. The summary's ETag is the revision a form writes against.
 */
import type { ReactNode } from 'react';
import type { AgreementSummary } from '../api/api-types';
import { useApi } from '../api/use-api';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { Link } from '../router';
import { Loading, ProblemAlert } from './common.component';
import { IllustrativeNotice } from './illustrative-notice.component';
import { PageTitle } from './page-title.component';

export type AgreementPageName = 'text' | 'history' | 'comparison' | 'proceedings' | 'doubts';

const PAGES: readonly { name: AgreementPageName; path: string; label: MessageKey }[] = [
  { name: 'text', path: '', label: 'agreementNav.text' },
  { name: 'comparison', path: '/comparison', label: 'agreementNav.comparison' },
  { name: 'history', path: '/history', label: 'agreementNav.history' },
  { name: 'proceedings', path: '/proceedings', label: 'agreementNav.proceedings' },
  { name: 'doubts', path: '/doubts', label: 'agreementNav.doubts' },
];

export interface AgreementContext {
  summary: AgreementSummary;
  /** The revision read with the page (the ETag): what a write sends as If-Match. */
  revision: string;
  reload: () => void;
}

export function AgreementFrame({
  agreementId,
  current,
  children,
}: {
  agreementId: string;
  current: AgreementPageName;
  children: (context: AgreementContext) => ReactNode;
}) {
  const { t } = useI18n();
  const summary = useApi<AgreementSummary>(`/agreements/${agreementId}`);
  const pageLabel = t(PAGES.find((p) => p.name === current)?.label ?? 'agreementNav.text');
  // The same elements in the same order while loading, so the heading keeps the focus it was given.
  if (summary.state !== 'ok') {
    return (
      <>
        <p className="breadcrumb">
          <Link to="/">{t('nav.home')}</Link>
        </p>
        <PageTitle title={`${pageLabel} — ${agreementId}`} />
        {summary.state === 'loading' ? <Loading /> : <ProblemAlert error={summary.error} />}
      </>
    );
  }
  const s = summary.data;
  const parties = `${s.coreCity.name}・${s.partner.name}`;
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/regions/${s.regionId}`}>{t('agreement.backToRegion')}</Link>
      </p>
      <PageTitle title={`${pageLabel} — ${parties}`}>
        <span className="title-parties">{parties}</span>
        <span className="title-document" lang="ja">
          {s.title}
        </span>
        <span className="title-page">{pageLabel}</span>
      </PageTitle>
      <nav aria-label={t('agreementNav.label')} className="tabs">
        <ul>
          {PAGES.map((page) => (
            <li key={page.name}>
              <Link
                to={`/agreements/${agreementId}${page.path}`}
                {...(page.name === current ? { 'aria-current': 'page' as const } : {})}
              >
                {t(page.label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <IllustrativeNotice show={s.illustrative === true} />
      {children({ summary: s, revision: summary.etag ?? String(s.revision), reload: summary.reload })}
    </>
  );
}
