/**
 * An agreement: the text in force on a chosen date (時点指定), optionally as the ledger knew it at a
 * chosen moment, laid out as a 例規集 page; beside it the 沿革. The date, the moment and the
 * numbering style are in the address, so a view can be bookmarked or sent to a colleague.
 */
import { useEffect } from 'react';
import { queryString } from '../api/api-client';
import type { Proceeding, TextAsOf } from '../api/api-types';
import { useApi, useVersions } from '../api/use-api';
import { AgreementFrame } from '../components/agreement-frame.component';
import { AsOfPicker } from '../components/as-of-picker.component';
import { DateText, InstantText, Loading, ProblemAlert } from '../components/common.component';
import { LegalDocument, TableOfContents } from '../components/legal-document.component';
import { VersionTimeline } from '../components/version-timeline.component';
import { useI18n } from '../i18n/i18n';
import {
  instantFromJapanLocal,
  isLegalDate,
  japanLocalFromInstant,
  lastDayBefore,
  todayInJapan,
} from '../lib/dates';
import { adjacentBoundaries, versionInForceOn } from '../lib/version-boundaries';
import { navigate, useLocation } from '../router';

type Style = 'municipal' | 'kanji';

export function AgreementPage({ agreementId }: { agreementId: string }) {
  return (
    <AgreementFrame agreementId={agreementId} current="text">
      {() => <AgreementText agreementId={agreementId} />}
    </AgreementFrame>
  );
}

function AgreementText({ agreementId }: { agreementId: string }) {
  const { t } = useI18n();
  const { query } = useLocation();
  const today = todayInJapan(new Date());
  const requestedAsOf = query.get('asOf') ?? '';
  const asOf = isLegalDate(requestedAsOf) ? requestedAsOf : today;
  const knownAt = query.get('knownAt') ?? undefined;
  const requestedStyle = query.get('style');
  // Without a choice in the address the API answers in the document's own style.
  const chosenStyle: Style | undefined =
    requestedStyle === 'kanji' || requestedStyle === 'municipal' ? requestedStyle : undefined;

  const versions = useVersions(agreementId);
  const proceedings = useApi<Proceeding[]>(`/agreements/${agreementId}/proceedings`);
  const text = useApi<TextAsOf>(
    `/agreements/${agreementId}/text${queryString({ asOf, knownAt, style: chosenStyle })}`,
  );
  const style: Style = chosenStyle ?? (text.state === 'ok' ? text.data.style : 'municipal');

  const go = (changes: { asOf?: string; knownAt?: string | null; style?: Style }) => {
    const nextAsOf = changes.asOf ?? asOf;
    const nextKnownAt = changes.knownAt === null ? undefined : (changes.knownAt ?? knownAt);
    const nextStyle = changes.style ?? chosenStyle;
    navigate(
      `/agreements/${agreementId}${queryString({
        asOf: nextAsOf === today ? undefined : nextAsOf,
        knownAt: nextKnownAt,
        style: nextStyle,
      })}`,
      { replace: true },
    );
  };

  const list = versions.state === 'ok' ? versions.data.versions : [];
  const { previous, next } = adjacentBoundaries(list, asOf);

  // An address with a 条 (#article-6, from the 目次 or a search result) lands on it once the text is
  // there: the browser looked for the anchor before the text had loaded.
  useEffect(() => {
    if (text.state !== 'ok') return;
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (id !== '') document.getElementById(id)?.scrollIntoView();
  }, [text.state]);

  return (
    <div className="agreement-layout">
      <div className="agreement-main">
        <form className="toolbar" aria-label={t('asOf.group')} onSubmit={(event) => event.preventDefault()}>
          <AsOfPicker
            value={asOf}
            onChange={(date) => go({ asOf: date })}
            today={today}
            previous={previous}
            next={next}
          />
          <KnownAtPicker value={knownAt} onChange={(instant) => go({ knownAt: instant })} />
          <div className="field-inline">
            <label htmlFor="style">{t('text.style')}</label>
            <select
              id="style"
              value={style}
              onChange={(event) => go({ style: event.target.value === 'kanji' ? 'kanji' : 'municipal' })}
            >
              <option value="municipal">{t('text.styleMunicipal')}</option>
              <option value="kanji">{t('text.styleKanji')}</option>
            </select>
          </div>
        </form>

        <section
          aria-labelledby="text-heading"
          className="panel text-panel"
          aria-busy={text.state === 'loading'}
        >
          <h2 id="text-heading">{t('text.heading', { date: asOf })}</h2>
          {text.state === 'loading' ? <Loading /> : null}
          {text.state === 'error' ? (
            text.error.problem.code === 'NoVersionInForce' ? (
              <p className="alert alert-info" role="status">
                {t('text.noVersion', { date: asOf })}
              </p>
            ) : (
              <ProblemAlert error={text.error} />
            )
          ) : null}
          {text.state === 'ok' ? (
            <>
              <div className="version-banner" role="status">
                <p>
                  <strong className="version-number">
                    {t('version.label', { n: text.data.version.number })}
                  </strong>{' '}
                  {t('text.effectiveFrom')} <DateText date={text.data.version.effectiveFrom} />
                  {text.data.version.effectiveTo === undefined ? null : (
                    <>
                      {' '}
                      〜 <DateText date={lastDayBefore(text.data.version.effectiveTo)} />
                    </>
                  )}
                  {' / '}
                  {t('timeline.concludedOn')} <DateText date={text.data.version.concludedOn} />
                </p>
                {text.data.knownAt === undefined ? null : (
                  <p className="known-at-note">
                    {t('text.knownAtNote')} <InstantText instant={text.data.knownAt} />
                  </p>
                )}
              </div>
              <TableOfContents document={text.data.document} style={text.data.style} label={t('text.toc')} />
              <LegalDocument
                document={text.data.document}
                style={text.data.style}
                enactments={text.data.enactments}
                headingLevel={3}
              />
            </>
          ) : null}
        </section>
      </div>

      <aside className="agreement-aside" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('timeline.heading')}</h2>
        {versions.state === 'loading' || proceedings.state === 'loading' ? <Loading /> : null}
        {versions.state === 'error' ? <ProblemAlert error={versions.error} /> : null}
        {proceedings.state === 'error' ? <ProblemAlert error={proceedings.error} /> : null}
        {versions.state === 'ok' && proceedings.state === 'ok' ? (
          <VersionTimeline
            agreementId={agreementId}
            versions={versions.data.versions}
            abolition={versions.data.abolition}
            proceedings={proceedings.data}
            shown={text.state === 'ok' ? text.data.version.number : versionInForceOn(list, asOf)?.number}
            onShow={(date) => go({ asOf: date })}
          />
        ) : null}
      </aside>
    </div>
  );
}

/** "As known at": answers from only what the ledger had recorded by then (transaction time). */
function KnownAtPicker({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (instant: string | null) => void;
}) {
  const { t } = useI18n();
  const local = value === undefined ? '' : japanLocalFromInstant(value);
  return (
    <div className="field-inline known-at">
      <label htmlFor="known-at">{t('knownAt.label')}</label>
      <input
        id="known-at"
        name="knownAt"
        type="datetime-local"
        value={local}
        aria-describedby="known-at-hint"
        onChange={(event) => {
          if (event.target.value === '') onChange(null);
          else {
            const instant = instantFromJapanLocal(event.target.value);
            if (instant !== undefined) onChange(instant);
          }
        }}
      />
      <span id="known-at-hint" className="hint">
        {t('knownAt.hint')}
      </span>
      {value === undefined ? null : (
        <button type="button" onClick={() => onChange(null)}>
          {t('knownAt.clear')}
        </button>
      )}
    </div>
  );
}
