/** One party's 届出 as the pages show it: 「青森県知事（令和元年12月26日、青企第1201号、連名）」. */
import type { GovernorNotification } from '../api/api-types';
import { useI18n } from '../i18n/i18n';
import { DateText } from './common.component';

export function NotificationText({ notification }: { notification: GovernorNotification }) {
  const { t } = useI18n();
  return (
    <>
      <span lang="ja">{notification.addresseeName}</span>（<DateText date={notification.notifiedOn} />、
      {notification.documentNumber === undefined ? (
        t('notification.noNumber')
      ) : (
        <span lang="ja">{notification.documentNumber}</span>
      )}
      {notification.filedBy.length > 1 ? `、${t('notification.joint')}` : ''}）
    </>
  );
}
