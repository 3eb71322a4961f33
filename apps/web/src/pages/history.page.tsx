/**
 * Every recorded event of an agreement, oldest first: when it was recorded (Japan time), its type,
 * who recorded it, the ledger's one-line summary, and — on request, inside the page — the event
 * exactly as stored (the API's global feed at its position: data, metadata, hashes), read with the
 * signed-in token, since a server may require one for every read (LEDGER_READ_ACCESS=token).
 */
import { useState } from 'react';
import { ApiError, apiGet, queryString } from '../api/api-client';
import type { Page, RawEvent, TimelineEntry } from '../api/api-types';
import { useApi } from '../api/use-api';
import { AgreementFrame } from '../components/agreement-frame.component';
import { InstantText, Loading, ProblemAlert } from '../components/common.component';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session';

const PAGE_SIZE = 100;

/** The global feed answering with exactly the event at `position`. */
export function rawEventPath(position: string): string {
  return `/events${queryString({ after: (BigInt(position) - 1n).toString(), limit: 1 })}`;
}

export function HistoryPage({ agreementId }: { agreementId: string }) {
  return (
    <AgreementFrame agreementId={agreementId} current="history">
      {() => <History agreementId={agreementId} />}
    </AgreementFrame>
  );
}

function History({ agreementId }: { agreementId: string }) {
  const { t } = useI18n();
  const { session } = useSession();
  const first = useApi<Page<TimelineEntry>>(`/agreements/${agreementId}/history?limit=${PAGE_SIZE}`);
  const [more, setMore] = useState<{ items: TimelineEntry[]; nextCursor: string | null } | null>(null);
  const [moreError, setMoreError] = useState<ApiError | null>(null);

  if (first.state === 'loading') return <Loading />;
  if (first.state === 'error') return <ProblemAlert error={first.error} />;
  const items = [...first.data.items, ...(more?.items ?? [])];
  const nextCursor = more === null ? first.data.nextCursor : more.nextCursor;

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
      <ol className="history">
        {items.map((entry) => (
          <HistoryEntry key={entry.position} entry={entry} />
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

function HistoryEntry({ entry }: { entry: TimelineEntry }) {
  const { t } = useI18n();
  const [showRaw, setShowRaw] = useState(false);
  const rawId = `raw-event-${entry.position}`;
  return (
    <li className="history-entry">
      <p className="history-summary" lang="ja">
        {entry.summary}
      </p>
      <p className="history-meta">
        <InstantText instant={entry.recordedAt} />
        <span className="history-type">{entry.type}</span>
        <span>
          {t('history.actor', {
            role: t(`role.${entry.actor.role}`),
            code: entry.actor.municipalityCode ?? '—',
          })}
        </span>
        {entry.proceedingId === undefined ? null : (
          <span>{t('history.proceeding', { id: entry.proceedingId })}</span>
        )}
        <button
          type="button"
          className="link-button"
          aria-expanded={showRaw}
          {...(showRaw ? { 'aria-controls': rawId } : {})}
          onClick={() => setShowRaw(!showRaw)}
        >
          {t('history.raw', { position: entry.position })}
        </button>
      </p>
      {showRaw ? <RawEventView id={rawId} position={entry.position} /> : null}
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
