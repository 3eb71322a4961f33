/**
 * The 改め文 under a 新旧対照表: the one of the amendment being compared — the proceeding that made
 * the later version from the earlier — and nothing when the two versions are not one amendment
 * apart. Refusals are told in the user's language, never as the API's English status line.
 */
import { useState } from 'react';
import { queryString } from '../api/api-client';
import type { AmendingText, VersionListItem } from '../api/api-types';
import { useApi } from '../api/use-api';
import { useI18n } from '../i18n/i18n';
import { amendmentCompared } from '../lib/compared-amendment';
import { japaneseDetail } from '../lib/draft';
import { Loading } from './common.component';

type Style = 'text' | 'kanji' | 'municipal';

export function AmendingTextSection({
  agreementId,
  versions,
  from,
  to,
}: {
  agreementId: string;
  versions: readonly VersionListItem[];
  /** The version numbers compared. */
  from: number;
  to: number;
}) {
  const { t } = useI18n();
  // By default the 改め文 follows the numerals of the text it amends (the API's default).
  const [style, setStyle] = useState<Style>('text');
  const made = amendmentCompared(versions, from, to);
  const text = useApi<AmendingText>(
    made === undefined
      ? null
      : `/agreements/${agreementId}/proceedings/${made.proceedingId}/amending-text${queryString({ style: style === 'text' ? undefined : style })}`,
  );
  const versionLabel = (n: number) => t('version.label', { n });
  const detail = text.state === 'error' ? japaneseDetail(text.error.problem.detail) : undefined;
  return (
    <section aria-labelledby="amending-heading" className="panel">
      <h2 id="amending-heading">{t('amending.heading')}</h2>
      {made === undefined ? (
        <p>{t('amending.notOneAmendment', { from: versionLabel(from), to: versionLabel(to) })}</p>
      ) : (
        <>
          <p className="amending-of" lang="ja">
            {t('amending.ofComparison', { to: versionLabel(to), proceeding: made.label })}
          </p>
          <div className="field-row no-print">
            <div className="field">
              <label htmlFor="amending-style">{t('text.style')}</label>
              <select
                id="amending-style"
                value={style}
                onChange={(e) =>
                  setStyle(
                    e.target.value === 'municipal' || e.target.value === 'kanji' ? e.target.value : 'text',
                  )
                }
              >
                <option value="text">{t('amending.styleOfText')}</option>
                <option value="municipal">{t('text.styleMunicipal')}</option>
                <option value="kanji">{t('text.styleKanji')}</option>
              </select>
            </div>
          </div>
          {text.state === 'loading' ? <Loading /> : null}
          {text.state === 'error' ? (
            <div className="alert alert-error" role="alert">
              <p className="alert-lead">
                {text.error.status === 0
                  ? t('common.networkError')
                  : t('amending.unavailable', { status: text.error.status })}
              </p>
              {detail === undefined ? null : (
                <p lang="ja">{'text' in detail ? detail.text : t(detail.key, detail.params)}</p>
              )}
            </div>
          ) : null}
          {text.state === 'ok' ? (
            <div className="amending-text" lang="ja">
              {text.data.lines.map((line, index) => (
                <p key={index}>{line === '' ? '\u00a0' : line}</p>
              ))}
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
