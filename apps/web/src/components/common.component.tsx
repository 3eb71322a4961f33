/** Small pieces every page uses: dates with their 和暦, loading and error states, status badges. */
import type { ReactNode } from 'react';
import type { ApiError } from '../api/api-client';
import type { AgreementStatusToday, VersionStatusToday } from '../api/api-types';
import { type Translate, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { formatInstant, warekiOf } from '../lib/dates';
import type { ProblemDocument } from '../lib/problem';

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

/**
 * A problem+json as a message in the user's language, chosen at display time from its code or its
 * status (so switching the language re-tells it); the API's own words stay one click away.
 */
export function problemMessage(t: Translate, problem: ProblemDocument): string {
  if (problem.status === 0) return t('common.networkError');
  const byCode = problem.code === undefined ? undefined : PROBLEM_CODES[problem.code];
  if (byCode !== undefined) return t(byCode);
  const byStatus = PROBLEM_STATUSES[problem.status];
  if (byStatus !== undefined) return t(byStatus);
  return t(problem.status >= 500 ? 'problem.server' : 'problem.other', { status: problem.status });
}

const PROBLEM_CODES: Partial<Record<string, MessageKey>> = {
  Unauthorized: 'problem.code.Unauthorized',
  FromAfterTo: 'problem.code.FromAfterTo',
  RoleNotAllowed: 'problem.code.RoleNotAllowed',
  // A step recorded twice: the mistake is put right by a 誤記訂正, not by recording again.
  CouncilAlreadyApproved: 'problem.code.CouncilAlreadyApproved',
  DuplicatePublicNotice: 'problem.code.DuplicatePublicNotice',
  DuplicateGovernorNotification: 'problem.code.DuplicateGovernorNotification',
};

const PROBLEM_STATUSES: Partial<Record<number, MessageKey>> = {
  400: 'problem.status.400',
  401: 'problem.code.Unauthorized',
  403: 'problem.status.403',
  404: 'problem.status.404',
  409: 'problem.status.409',
  412: 'problem.status.412',
  422: 'problem.status.422',
  429: 'problem.status.429',
};

export function ProblemAlert({ error, lead }: { error: ApiError; lead?: string }) {
  const { t } = useI18n();
  const { problem } = error;
  return (
    <div className="alert alert-error" role="alert">
      {lead === undefined ? null : <p className="alert-lead">{lead}</p>}
      <p>
        <strong>{problemMessage(t, problem)}</strong>
      </p>
      {problem.status === 0 ? null : (
        <details className="problem-details">
          <summary>{t('problem.apiWords')}</summary>
          <p>
            {problem.status} {problem.title}
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
        </details>
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
