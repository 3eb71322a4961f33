/**
 * Every recorded event of an agreement, oldest first: its kind by its Japanese name, the ledger's
 * one-line summary, when it was recorded (Japan time), who recorded it, the proceeding by its name,
 * 未施行 marked on a conclusion not yet in force; filters by kind and by party; and — for an auditor,
 * folded away with its ledger position — the event
 * exactly as stored (the API's global feed at its position: data, metadata, hashes), read with the
 * signed-in token, since a server may require one for every read (LEDGER_READ_ACCESS=token).
 */
import { useState } from 'react';
import { ApiError, apiGet, queryString } from '../api/api-client';
import type {
  AgreementSummary,
  Page,
  Party,
  Proceeding,
  RawEvent,
  TimelineEntry,
  VersionListItem,
} from '../api/api-types';
import { useApi, useVersions } from '../api/use-api';
import { AgreementFrame } from '../components/agreement-frame.component';
import { InstantText, Loading, ProblemAlert, StatusBadge } from '../components/common.component';
import { useI18n } from '../i18n/i18n';
import { eventTypeKey } from '../i18n/labels';
import { proceedingName } from '../lib/proceeding-name';
import { useSession } from '../session';

const PAGE_SIZE = 100;

/** The global feed answering with exactly the event at `position`. */
export function rawEventPath(position: string): string {
  return `/events${queryString({ after: (BigInt(position) - 1n).toString(), limit: 1 })}`;
}

export function HistoryPage({ agreementId }: { agreementId: string }) {
  return (
    <AgreementFrame agreementId={agreementId} current="history">
      {({ summary }) => <History agreement={summary} />}
    </AgreementFrame>
  );
}

/**
 * Whether an entry concerns a party: recorded by its staff, or its summary names it (its council's
 * resolution, its 告示, its 届出 — the secretariat often records those for it).
 */
export function concernsParty(entry: TimelineEntry, party: Party): boolean {
  return entry.actor.municipalityCode === party.code || entry.summary.includes(party.name);
}

function History({ agreement }: { agreement: AgreementSummary }) {
  const { t } = useI18n();
  const { session } = useSession();
  const agreementId = agreement.agreementId;
  const first = useApi<Page<TimelineEntry>>(`/agreements/${agreementId}/history?limit=${PAGE_SIZE}`);
  const proceedings = useApi<Proceeding[]>(`/agreements/${agreementId}/proceedings`);
  const versions = useVersions(agreementId);
  const [more, setMore] = useState<{ items: TimelineEntry[]; nextCursor: string | null } | null>(null);
  const [moreError, setMoreError] = useState<ApiError | null>(null);
  const [kind, setKind] = useState('');
  const [partyCode, setPartyCode] = useState('');

  if (first.state === 'loading') return <Loading />;
  if (first.state === 'error') return <ProblemAlert error={first.error} />;
  const items = [...first.data.items, ...(more?.items ?? [])];
  const nextCursor = more === null ? first.data.nextCursor : more.nextCursor;
  const parties = [agreement.coreCity, agreement.partner];
  const party = parties.find((p) => p.code === partyCode);
  const kinds = [...new Set(items.map((entry) => entry.type))];
  const shown = items.filter(
    (entry) => (kind === '' || entry.type === kind) && (party === undefined || concernsParty(entry, party)),
  );
  const context: EntryContext = {
    proceedings: proceedings.state === 'ok' ? proceedings.data : [],
    versions: versions.state === 'ok' ? versions.data.versions : [],
  };

  const loadMore = async (after: string) => {
    try {
      const page = await apiGet<Page<TimelineEntry>>(
        `/agreements/${agreementId}/history${queryString({ after, limit: PAGE_SIZE })}`,
        session?.token,
      );
      setMore({ items: [...(more?.items ?? []), ...page.data.items], nextCursor: page.data.nextCursor });
    } catch (error) {
      if (error instanceof ApiError) setMoreError(error);
    }
  };

  return (
    <section aria-labelledby="history-heading" className="panel">
      <h2 id="history-heading">{t('history.heading')}</h2>
      <p>{t('history.lead')}</p>
      <div className="filters">
        <div className="field">
          <label htmlFor="history-kind">{t('history.filterKind')}</label>
          <select id="history-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">{t('history.filterAll')}</option>
            {kinds.map((type) => (
              <option key={type} value={type}>
                {t(eventTypeKey(type))}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="history-party">{t('history.filterParty')}</label>
          <select
            id="history-party"
            value={partyCode}
            aria-describedby="history-party-hint"
            onChange={(e) => setPartyCode(e.target.value)}
          >
            <option value="">{t('history.filterAll')}</option>
            {parties.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </select>
          <p id="history-party-hint" className="hint">
            {t('history.filterPartyHint')}
          </p>
        </div>
      </div>
      <p role="status">
        {shown.length === items.length
          ? null
          : t('history.filtered', { shown: shown.length, total: items.length })}
      </p>
      {shown.length === 0 ? <p>{t('history.none')}</p> : null}
      <ol className="history">
        {shown.map((entry) => (
          <HistoryEntry key={entry.position} entry={entry} context={context} />
        ))}
      </ol>
      {moreError === null ? null : <ProblemAlert error={moreError} />}
      {nextCursor === null ? null : (
        <button type="button" onClick={() => void loadMore(nextCursor)}>
          {t('history.more')}
        </button>
      )}
    </section>
  );
}

interface EntryContext {
  proceedings: readonly Proceeding[];
  versions: readonly VersionListItem[];
}

function HistoryEntry({ entry, context }: { entry: TimelineEntry; context: EntryContext }) {
  const { t } = useI18n();
  const [showRaw, setShowRaw] = useState(false);
  const rawId = `raw-event-${entry.position}`;
  const proceeding =
    entry.proceedingId === undefined
      ? undefined
      : context.proceedings.find((p) => p.proceedingId === entry.proceedingId);
  // A conclusion whose version takes effect later is 未施行 today, here as everywhere.
  const version =
    entry.type === 'ProceedingConcluded'
      ? context.versions.find((v) => v.proceedingId === entry.proceedingId)
      : undefined;
  return (
    <li className="history-entry">
      <p className="history-summary">
        <span className="history-type">{t(eventTypeKey(entry.type))}</span>{' '}
        <span lang="ja">{entry.summary}</span>
        {version?.statusToday === 'not-yet-in-force' ? (
          <>
            {' '}
            <StatusBadge status={version.statusToday} />
          </>
        ) : null}
      </p>
      <p className="history-meta">
        <InstantText instant={entry.recordedAt} />
        <span>
          {t('history.actor', {
            role: t(`role.${entry.actor.role}`),
            code: entry.actor.municipalityCode ?? '—',
          })}
        </span>
        {proceeding === undefined ? null : (
          <span>{t('history.proceeding', { name: proceedingName(t, proceeding) })}</span>
        )}
      </p>
      <details className="history-details">
        <summary>{t('history.details', { position: entry.position })}</summary>
        <button
          type="button"
          className="link-button"
          aria-expanded={showRaw}
          {...(showRaw ? { 'aria-controls': rawId } : {})}
          onClick={() => setShowRaw(!showRaw)}
        >
          {t('history.raw')}
        </button>
        {showRaw ? <RawEventView id={rawId} position={entry.position} /> : null}
      </details>
    </li>
  );
}

/** The event at one position of the global feed, as stored, read with the signed-in token. */
function RawEventView({ id, position }: { id: string; position: string }) {
  const { t } = useI18n();
  const path = rawEventPath(position);
  const page = useApi<Page<RawEvent>>(path);
  const event = page.state === 'ok' ? page.data.items[0] : undefined;
  return (
    <div id={id} className="raw-event">
      {page.state === 'loading' ? <Loading /> : null}
      {page.state === 'error' ? <ProblemAlert error={page.error} /> : null}
      {page.state === 'ok' && event?.position === position ? (
        <pre tabIndex={0} aria-label={t('history.rawCaption', { position })}>
          {JSON.stringify(event, null, 2)}
        </pre>
      ) : null}
      {page.state === 'ok' && event?.position !== position ? (
        <p>{t('history.rawNotFound', { position })}</p>
      ) : null}
      <p className="hint">{t('history.rawApi', { path })}</p>
    </div>
  );
}
