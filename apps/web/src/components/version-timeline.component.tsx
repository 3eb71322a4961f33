/**
 * 沿革: every version in 施行日 order (as the API lists them; numbers stay in conclusion order), named
 * as a 例規集's 沿革 names it (「令和3年3月25日一部変更（令和3年4月1日施行）」, 「…（令和4年4月1日から適用）」
 * for a 遡及), with its 施行日 (and the last day it was in force), the conclusion, each party's 告示
 * number, the 届出, and where it stands today — 未施行 marked. Each amendment compares with the
 * version before it in that order, the text it amends. The version in force on the page's date is
 * marked too; the 廃止, once concluded, and proceedings still under way follow.
 */
import { enactmentLabel } from '@kyoyaku/legal-text';
import { Fragment } from 'react';
import type { AbolitionListItem, Proceeding, VersionListItem } from '../api/api-types';
import { useI18n } from '../i18n/i18n';
import { lastDayBefore } from '../lib/dates';
import { Link } from '../router';
import { DateText, StatusBadge } from './common.component';
import { NotificationText } from './notification-text.component';
import { proceedingName } from '../lib/proceeding-name';

export function VersionTimeline({
  agreementId,
  versions,
  abolition,
  proceedings,
  shown,
  onShow,
}: {
  agreementId: string;
  versions: readonly VersionListItem[];
  /** The 廃止, once concluded (the API's `abolition`). */
  abolition?: AbolitionListItem | undefined;
  proceedings: readonly Proceeding[];
  /** The number of the version the page shows, if any. */
  shown: number | undefined;
  onShow: (date: string) => void;
}) {
  const { t } = useI18n();
  const pending = proceedings.filter((p) => p.status === 'negotiating');
  return (
    <ol className="timeline">
      {versions.map((version, index) => {
        const proceeding = proceedings.find((p) => p.proceedingId === version.proceedingId);
        const previous = versions[index - 1];
        const isShown = version.number === shown;
        return (
          <li
            key={version.number}
            className={`timeline-entry timeline-${version.statusToday}${isShown ? ' timeline-shown' : ''}`}
            {...(isShown ? { 'aria-current': 'true' as const } : {})}
          >
            <h3 className="timeline-title">
              {t('version.label', { n: version.number })}
              {/* 未施行 is the badge's to say (in the page's language). */}
              <span className="timeline-kind" lang="ja">
                {enactmentLabel({
                  kind: version.kind,
                  concludedOn: version.concludedOn,
                  effectiveOn: version.effectiveFrom,
                })}
              </span>{' '}
              <StatusBadge status={version.statusToday} />
              {isShown ? <span className="shown-marker">{t('timeline.shown')}</span> : null}
            </h3>
            <dl className="facts compact">
              <dt>{t('timeline.effectiveFrom')}</dt>
              <dd>
                <DateText date={version.effectiveFrom} />
                {version.retroactive === undefined ? null : (
                  <span className="note">
                    {' '}
                    {t('timeline.retroactive', { reason: version.retroactive.reason })}
                  </span>
                )}
              </dd>
              {version.effectiveTo === undefined ? null : (
                <>
                  <dt>{t('timeline.lastDay')}</dt>
                  <dd>
                    <DateText date={lastDayBefore(version.effectiveTo)} />
                  </dd>
                </>
              )}
              <dt>{t('timeline.concludedOn')}</dt>
              <dd>
                <DateText date={version.concludedOn} />
              </dd>
              {(['core', 'partner'] as const).map((party) => {
                const notice = proceeding?.notices[party];
                return (
                  <Fragment key={party}>
                    <dt>{t(party === 'core' ? 'timeline.noticeCore' : 'timeline.noticePartner')}</dt>
                    <dd>
                      {notice === undefined ? (
                        t('timeline.notYetRecorded')
                      ) : (
                        <>
                          <span lang="ja">{notice.noticeNumber}</span>（<DateText date={notice.publishedOn} />
                          ）
                        </>
                      )}
                    </dd>
                  </Fragment>
                );
              })}
              {(['core', 'partner'] as const).map((party) => {
                const notification = proceeding?.notifications[party];
                return (
                  <Fragment key={`notification-${party}`}>
                    <dt>
                      {t(party === 'core' ? 'timeline.notificationCore' : 'timeline.notificationPartner')}
                    </dt>
                    <dd>
                      {notification === undefined ? (
                        t('timeline.notYetRecorded')
                      ) : (
                        <NotificationText notification={notification} />
                      )}
                    </dd>
                  </Fragment>
                );
              })}
            </dl>
            <p className="button-row">
              {version.neverInForce ? null : (
                <button type="button" onClick={() => onShow(version.effectiveFrom)}>
                  {t('timeline.showText', { n: version.number })}
                </button>
              )}
              {previous !== undefined ? (
                <Link
                  to={`/agreements/${agreementId}/comparison?from=${previous.number}&to=${version.number}`}
                  className="button-link"
                >
                  {t('timeline.compareWithPrevious', { n: version.number })}
                </Link>
              ) : null}
            </p>
          </li>
        );
      })}
      {abolition === undefined ? null : (
        <li className="timeline-entry timeline-abolition">
          <h3 className="timeline-title">
            {/* The API's label: it marks a 廃止 not yet in effect 未施行. */}
            <span className="timeline-kind" lang="ja">
              {abolition.label}
            </span>
          </h3>
          <p lang="ja">{abolition.reason}</p>
        </li>
      )}
      {pending.map((p) => (
        <li key={p.proceedingId} className="timeline-entry timeline-pending">
          <h3 className="timeline-title">
            {proceedingName(t, p)}
            <span className="badge badge-negotiating">{t('status.negotiating')}</span>
          </h3>
          <p>
            {t('timeline.openedOn')} <DateText date={p.openedOn} />
          </p>
          {p.missingSteps[0] === undefined ? null : (
            <p>
              {t('region.waitingFor')}
              <span lang="ja">{p.missingSteps[0].label}</span>
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
