/**
 * Which version of an agreement is 現行 — in force today — and which concluded ones are 未施行 (they
 * take effect later), from the 沿革 the API lists with each version's `statusToday`. The last
 * concluded version is not the one in force when its 施行日 is still ahead.
 */
import type { VersionListItem } from '../api/api-types';
import { useVersions } from '../api/use-api';
import { useI18n } from '../i18n/i18n';
import { DateText, StatusBadge } from './common.component';

/** The versions concluded but not yet in force today, each with its 施行日. */
export function PendingVersionList({ versions }: { versions: readonly VersionListItem[] }) {
  const { t } = useI18n();
  const pending = versions.filter((v) => v.statusToday === 'not-yet-in-force');
  if (pending.length === 0) return null;
  return (
    <ul className="plain-list pending-versions">
      {pending.map((v) => (
        <li key={v.number}>
          {t('version.label', { n: v.number })} <StatusBadge status={v.statusToday} />{' '}
          {t('version.takesEffect')}
          <DateText date={v.effectiveFrom} />
        </li>
      ))}
    </ul>
  );
}

/** 「第2版」 in force today, then 「第3版 未施行 施行日 2027-04-01（令和9年4月1日）」. */
export function VersionsToday({ agreementId, inForceOnly }: { agreementId: string; inForceOnly?: boolean }) {
  const { t } = useI18n();
  const list = useVersions(agreementId);
  if (list.state === 'loading') return <span className="loading">{t('common.loading')}</span>;
  if (list.state === 'error') return <span>—</span>;
  const inForce = list.data.versions.find((v) => v.statusToday === 'in-force');
  return (
    <>
      {inForceOnly === true ? null : (
        <span>
          {inForce === undefined ? t('region.noneInForce') : t('version.label', { n: inForce.number })}
        </span>
      )}
      <PendingVersionList versions={list.data.versions} />
    </>
  );
}
