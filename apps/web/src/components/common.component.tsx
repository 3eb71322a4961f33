/** Small pieces every page uses: dates with their 和暦, loading and error states, status badges. */
import type { ReactNode } from 'react';
import type { ApiError } from '../api/api-client';
import type { AgreementStatusToday, VersionStatusToday } from '../api/api-types';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { formatInstant, warekiOf } from '../lib/dates';

/** `2019-12-25（令和元年12月25日）` as a <time>. */
export function DateText({ date }: { date: string }) {
  const wareki = warekiOf(date);
  return (
    <time dateTime={date} className="date">
      {date}
      {wareki === '' ? null : <span className="wareki">（{wareki}）</span>}
    </time>
  );
}

export function InstantText({ instant }: { instant: string }) {
  return (
    <time dateTime={instant} className="date">
      {formatInstant(instant)}
    </time>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

/** The API's problem document, in its own words (title, detail, errors[]). */
export function ProblemAlert({ error, lead }: { error: ApiError; lead?: string }) {
  const { t } = useI18n();
  const { problem } = error;
  return (
    <div className="alert alert-error" role="alert">
      {lead === undefined ? null : <p className="alert-lead">{lead}</p>}
      <p>
        <strong>
          {problem.status === 0 ? t('common.networkError') : `${problem.status} ${problem.title}`}
        </strong>
        {problem.code === undefined ? null : <span className="problem-code"> ({problem.code})</span>}
      </p>
      <p>{problem.detail}</p>
      {problem.errors === undefined ? null : (
        <ul>
          {problem.errors.map((e, index) => (
            <li key={index}>
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const STATUS: Record<AgreementStatusToday | VersionStatusToday, MessageKey> = {
  negotiating: 'status.negotiating',
  withdrawn: 'status.withdrawn',
  'not-yet-in-force': 'status.notYetInForce',
  'in-force': 'status.inForce',
  superseded: 'status.superseded',
  abolished: 'status.abolished',
  'never-in-force': 'status.neverInForce',
};

export function StatusBadge({ status }: { status: AgreementStatusToday | VersionStatusToday }) {
  const { t } = useI18n();
  return <span className={`badge badge-${status}`}>{t(STATUS[status])}</span>;
}

export function Section({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="panel">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
