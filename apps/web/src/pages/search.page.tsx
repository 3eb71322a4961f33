/**
 * 本文の検索: words in the texts in force today across the agreements, or — with the toggle — in every
 * version ever in force or concluded to take effect. Searched in the browser over the public routes
 * (the agreements, each one's versions and each version's document): a few dozen requests for a
 * region's ledger, no server index to keep. Each hit names the agreement, the provision and the
 * versions whose wording it is, and links to that 条 on the text page at the version's 施行日.
 */
import { type FormEvent, useEffect, useState } from 'react';
import type { AgreementDocument } from '@kyoyaku/legal-text';
import { type ApiError, apiGet, asApiError, queryString } from '../api/api-client';
import type { AgreementListItem, Page } from '../api/api-types';
import { readVersions } from '../api/pages';
import { Loading, ProblemAlert } from '../components/common.component';
import { PageTitle } from '../components/page-title.component';
import { useI18n } from '../i18n/i18n';
import { type SearchedVersion, type SearchHit, searchVersions } from '../lib/text-search';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';

type Loaded =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'error'; error: ApiError }
  | { state: 'ok'; versions: SearchedVersion[]; agreements: AgreementListItem[] };

/** The documents to search: each agreement's version in force today, or every version. */
function useSearchedVersions(allVersions: boolean, active: boolean): Loaded {
  const { session } = useSession();
  const token = session?.token;
  const [loaded, setLoaded] = useState<Loaded>({ state: 'idle' });
  useEffect(() => {
    if (!active) return undefined;
    const controller = new AbortController();
    const get = async <T,>(path: string): Promise<T> =>
      (await apiGet<T>(path, token, controller.signal)).data;
    setLoaded({ state: 'loading' });
    (async () => {
      const agreements = (await get<Page<AgreementListItem>>(`/agreements${queryString({ limit: 500 })}`))
        .items;
      const perAgreement = await Promise.all(
        agreements.map(async (agreement) => {
          const list = await readVersions(get, agreement.agreementId);
          // A version never in force (replaced before its 施行日) was never the text of anything.
          const chosen = list.versions.filter((v) =>
            allVersions ? !v.neverInForce : v.statusToday === 'in-force',
          );
          return Promise.all(
            chosen.map(async (v) => ({
              agreementId: agreement.agreementId,
              versionNumber: v.number,
              effectiveFrom: v.effectiveFrom,
              document: (
                await get<{ document: AgreementDocument }>(
                  `/agreements/${agreement.agreementId}/versions/${v.number}`,
                )
              ).document,
            })),
          );
        }),
      );
      return { agreements, versions: perAgreement.flat() };
    })().then(
      ({ agreements, versions }) => {
        if (!controller.signal.aborted) setLoaded({ state: 'ok', agreements, versions });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setLoaded({
          state: 'error',
          error: asApiError(error),
        });
      },
    );
    return () => controller.abort();
  }, [allVersions, active, token]);
  return loaded;
}

export function SearchPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const words = (query.get('q') ?? '').trim();
  const allVersions = query.get('versions') === 'all';
  const [input, setInput] = useState(words);
  const [all, setAll] = useState(allVersions);
  useEffect(() => {
    setInput(words);
    setAll(allVersions);
  }, [words, allVersions]);
  const loaded = useSearchedVersions(allVersions, words !== '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(
      `/search${queryString({ q: input.trim() === '' ? undefined : input.trim(), versions: all ? 'all' : undefined })}`,
    );
  };

  return (
    <>
      <PageTitle title={t('search.title')} />
      <form role="search" className="panel search-form" onSubmit={submit} aria-label={t('search.title')}>
        <div className="field">
          <label htmlFor="search-q">{t('search.words')}</label>
          <input
            id="search-q"
            type="search"
            value={input}
            maxLength={200}
            aria-describedby="search-hint"
            onChange={(event) => setInput(event.target.value)}
          />
          <span id="search-hint" className="hint">
            {t('search.hint')}
          </span>
        </div>
        <label className="choice">
          <input type="checkbox" checked={all} onChange={(event) => setAll(event.target.checked)} />
          {t('search.allVersions')}
        </label>
        <button type="submit" className="primary">
          {t('search.submit')}
        </button>
      </form>
      {words === '' ? null : (
        <section
          aria-labelledby="search-results-heading"
          className="panel"
          aria-busy={loaded.state === 'loading'}
        >
          <h2 id="search-results-heading">
            {t(allVersions ? 'search.resultsAll' : 'search.resultsInForce', { words })}
          </h2>
          {loaded.state === 'loading' || loaded.state === 'idle' ? <Loading /> : null}
          {loaded.state === 'error' ? <ProblemAlert error={loaded.error} /> : null}
          {loaded.state === 'ok' ? (
            <Results hits={searchVersions(loaded.versions, words)} agreements={loaded.agreements} />
          ) : null}
        </section>
      )}
    </>
  );
}

function Results({ hits, agreements }: { hits: SearchHit[]; agreements: AgreementListItem[] }) {
  const { t } = useI18n();
  if (hits.length === 0) {
    return (
      <p className="alert alert-info" role="status">
        {t('search.none')}
      </p>
    );
  }
  return (
    <>
      <p role="status">{t('search.count', { n: hits.length })}</p>
      <ol className="search-results">
        {hits.map((hit) => {
          const agreement = agreements.find((a) => a.agreementId === hit.agreementId);
          const parties =
            agreement === undefined
              ? hit.agreementId
              : `${agreement.coreCity.name}・${agreement.partner.name}`;
          const shown = hit.versions.at(-1);
          const to = `/agreements/${hit.agreementId}${queryString({ asOf: shown?.effectiveFrom })}${
            hit.anchor === '' ? '' : `#${hit.anchor}`
          }`;
          return (
            <li
              key={`${hit.agreementId}-${hit.anchor}-${hit.versions.map((v) => v.number).join('-')}`}
              className="search-result"
            >
              <p className="search-result-title">
                <Link to={to}>
                  {parties}
                  {'\u3000'}
                  <span lang="ja">{hit.label}</span>
                </Link>{' '}
                <span className="search-versions">
                  {hit.versions.map((v) => t('version.label', { n: v.number })).join('・')}
                </span>
              </p>
              <p className="search-snippet" lang="ja">
                {hit.snippet.before}
                <mark>{hit.snippet.match}</mark>
                {hit.snippet.after}
              </p>
            </li>
          );
        })}
      </ol>
    </>
  );
}
