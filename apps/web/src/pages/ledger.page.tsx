/**
 * The ledger's integrity: the store's head, the projections' progress, the result of the server's
 * re-verification of everything stored, the last checkpoint signed on a conclusion, and a signed
 * checkpoint of the ledger now — with the export and the verifier key to check it offline.
 */
import type { Checkpoint, Health } from '../api/api-types';
import { useApi } from '../api/use-api';
import { InstantText, Loading, ProblemAlert, Section } from '../components/common.component';
import { DownloadButton } from '../components/download-button.component';
import { PageTitle } from '../components/page-title.component';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

const VERIFICATION: Record<Health['integrity']['verification']['status'], MessageKey> = {
  ok: 'ledger.verificationOk',
  failed: 'ledger.verificationFailed',
  'not-yet-checked': 'ledger.verificationPending',
};

export function LedgerPage() {
  const { t } = useI18n();
  const health = useApi<Health>('/health');
  const checkpoint = useApi<Checkpoint>('/ledger/checkpoint');
  return (
    <>
      <PageTitle title={t('ledger.title')} />
      <p className="lead">{t('ledger.lead')}</p>
      <Section id="state-heading" title={t('ledger.state')}>
        {health.state === 'loading' ? <Loading /> : null}
        {health.state === 'error' ? <ProblemAlert error={health.error} /> : null}
        {health.state === 'ok' ? (
          <dl className="facts">
            <dt>{t('ledger.verification')}</dt>
            <dd>
              <span className={`badge badge-verification-${health.data.integrity.verification.status}`}>
                {t(VERIFICATION[health.data.integrity.verification.status])}
              </span>
              {health.data.integrity.verification.checkedAt === undefined ? null : (
                <>
                  {' '}
                  {t('ledger.checkedAt')}{' '}
                  <InstantText instant={health.data.integrity.verification.checkedAt} />
                  {health.data.integrity.verification.size === undefined
                    ? null
                    : `（${t('ledger.events', { n: health.data.integrity.verification.size })}）`}
                </>
              )}
              {health.data.integrity.verification.problem === undefined ? null : (
                <p className="alert alert-error">{health.data.integrity.verification.problem}</p>
              )}
            </dd>
            <dt>{t('ledger.head')}</dt>
            <dd>
              {health.data.store.headPosition}（{health.data.store.kind}）
            </dd>
            <dt>{t('ledger.projection')}</dt>
            <dd>
              {t('ledger.projectionState', {
                checkpoint: health.data.projection.checkpoint,
                lag: health.data.projection.lag,
              })}
            </dd>
            <dt>{t('ledger.lastCheckpoint')}</dt>
            <dd>
              {health.data.integrity.lastCheckpoint === null ? (
                t('ledger.none')
              ) : (
                <>
                  {t('ledger.events', { n: health.data.integrity.lastCheckpoint.size })} —{' '}
                  <InstantText instant={health.data.integrity.lastCheckpoint.issuedAt} />
                  {health.data.integrity.lastCheckpoint.reason === undefined ? null : (
                    <span lang="ja">（{health.data.integrity.lastCheckpoint.reason}）</span>
                  )}
                </>
              )}
            </dd>
          </dl>
        ) : null}
      </Section>
      <Section id="checkpoint-heading" title={t('ledger.checkpoint')}>
        {checkpoint.state === 'loading' ? <Loading /> : null}
        {checkpoint.state === 'error' ? <ProblemAlert error={checkpoint.error} /> : null}
        {checkpoint.state === 'ok' ? (
          <>
            <dl className="facts">
              <dt>{t('ledger.origin')}</dt>
              <dd>{checkpoint.data.origin}</dd>
              <dt>{t('ledger.size')}</dt>
              <dd>{checkpoint.data.size}</dd>
              <dt>{t('ledger.root')}</dt>
              <dd>
                <code>{checkpoint.data.root}</code>
              </dd>
            </dl>
            <h3>{t('ledger.note')}</h3>
            <pre className="signed-note" tabIndex={0} aria-label={t('ledger.note')}>
              {checkpoint.data.note}
            </pre>
          </>
        ) : null}
      </Section>
      <Section id="verify-heading" title={t('ledger.verifyOffline')}>
        <p>{t('ledger.verifyLead')}</p>
        {/* Downloads, not links: a link cannot send the token a server may require for reads. */}
        <div className="button-row">
          <DownloadButton
            path="/ledger/verifier-key"
            accept="text/plain"
            filename="key.txt"
            label={t('ledger.verifierKey')}
          />
          <DownloadButton
            path="/ledger/export"
            accept="application/x-ndjson"
            filename="ledger.ndjson"
            label={t('ledger.export')}
          />
        </div>
        <pre className="command" tabIndex={0} aria-label={t('ledger.verifyCommand')}>
          npm run cli -- verify ledger.ndjson --key "$(cat key.txt)" --checkpoint older.note
        </pre>
      </Section>
    </>
  );
}
