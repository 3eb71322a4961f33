/**
 * 紛争記録 (the dispute dossier) of a doubt, as the API assembles it: the question and the provision
 * it cites, the wording in force on the day it was raised as the ledger knew it then against as it
 * stands now (the changed parts underlined, and the events that explain them), what was recorded
 * since, the consultations, the resolution, the timeline, and the proofs with the signed checkpoint.
 * The printable form is the API's own HTML. Every reading is in the API's access log.
 */
import type { Dossier, DossierEventRef, DossierTextSegment } from '../api/api-types';
import { useApi } from '../api/use-api';
import { DateText, InstantText, Loading, ProblemAlert, Section } from '../components/common.component';
import { DownloadButton } from '../components/download-button.component';
import { DoubtSteps } from '../forms/doubt-steps.component';
import { PageTitle } from '../components/page-title.component';
import { useI18n } from '../i18n/i18n';
import { eventTypeKey } from '../i18n/labels';
import { warekiOf } from '../lib/dates';
import { consultationName } from '../lib/proceeding-name';
import { Link } from '../router';
import { useSession } from '../session';
import { SignInFirst } from './doubts.page';

export function DossierPage({ doubtId }: { doubtId: string }) {
  const { t } = useI18n();
  const { session } = useSession();
  const dossier = useApi<Dossier>(session === null ? null : `/doubts/${doubtId}/dossier`);
  const title = t('dossier.title');
  if (session === null) {
    return (
      <>
        <PageTitle title={title} />
        <SignInFirst returnTo={`/doubts/${doubtId}`} message={t('doubts.signIn')} />
      </>
    );
  }
  if (dossier.state !== 'ok') {
    return (
      <>
        <PageTitle title={title} />
        {dossier.state === 'loading' ? <Loading /> : <ProblemAlert error={dossier.error} />}
      </>
    );
  }
  const d = dossier.data;
  const raisedOn = warekiOf(d.doubt.raisedOn) || d.doubt.raisedOn;
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/agreements/${d.agreement.agreementId}/doubts`}>{t('dossier.back')}</Link>
      </p>
      <PageTitle title={t('dossier.titleOf', { party: d.doubt.raisedBy.name, date: raisedOn })} />
      <div className="button-row no-print">
        <DownloadButton
          path={`/doubts/${doubtId}/dossier`}
          accept="text/html"
          filename={`${doubtId}-dossier.html`}
          label={t('dossier.printable')}
        />
      </div>
      <p className="note">
        {t('dossier.generated', { size: d.ledgerSize })} <InstantText instant={d.generatedAt} />
      </p>

      <Section id="doubt-heading" title={t('dossier.doubt')}>
        <dl className="facts">
          <div>
            <dt>{t('dossier.agreement')}</dt>
            <dd lang="ja">
              {d.agreement.coreCity.name}・{d.agreement.partner.name} {d.agreement.title}
            </dd>
          </div>
          <div>
            <dt>{t('doubts.raised')}</dt>
            <dd>
              {d.doubt.raisedBy.name} <DateText date={d.doubt.raisedOn} />
            </dd>
          </div>
          <div>
            <dt>{t('doubts.citation')}</dt>
            <dd lang="ja">{d.doubt.citation.label}</dd>
          </div>
          <div>
            <dt>{t('doubts.question')}</dt>
            <dd lang="ja">{d.doubt.question}</dd>
          </div>
          <div>
            <dt>{t('doubts.status')}</dt>
            <dd lang="ja">{d.doubt.statusLabel}</dd>
          </div>
        </dl>
      </Section>

      {d.citedProvision === null ? null : (
        <Section id="cited-heading" title={t('dossier.cited', { date: d.citedProvision.asOf })}>
          {(d.citedProvision.then?.text ?? '') === '' && (d.citedProvision.now?.text ?? '') === '' ? (
            <p>{t('dossier.noCitedText', { citation: d.doubt.citation.label })}</p>
          ) : (
            <div className="comparison-scroll">
              <table className="comparison dossier-texts" lang="ja">
                <caption>{t(d.citedProvision.differs ? 'dossier.differs' : 'dossier.same')}</caption>
                <thead>
                  <tr>
                    <th scope="col">
                      {t('dossier.then')}
                      {d.citedProvision.then === null ? null : (
                        <span className="comparison-version">
                          {t('version.label', { n: d.citedProvision.then.versionNumber })}・
                          {t('dossier.position', { position: d.citedProvision.then.ledgerPosition })}
                        </span>
                      )}
                    </th>
                    <th scope="col">
                      {t('dossier.now')}
                      {d.citedProvision.now === null ? null : (
                        <span className="comparison-version">
                          {t('version.label', { n: d.citedProvision.now.versionNumber })}・
                          {t('dossier.position', { position: d.citedProvision.now.ledgerPosition })}
                        </span>
                      )}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <td>
                      <Segments
                        segments={d.citedProvision.difference?.then}
                        text={d.citedProvision.then?.text}
                      />
                    </td>
                    <td>
                      <Segments
                        segments={d.citedProvision.difference?.now}
                        text={d.citedProvision.now?.text}
                      />
                    </td>
                  </tr>
                </tbody>
              </table>
            </div>
          )}
          {(d.citedProvision.explainedBy ?? []).length === 0 ? null : (
            <>
              <h3>{t('dossier.explainedBy')}</h3>
              <DossierEvents events={d.citedProvision.explainedBy ?? []} />
            </>
          )}
        </Section>
      )}

      <Section id="later-heading" title={t('dossier.later')}>
        {d.laterEvents.length === 0 ? (
          <p>{t('dossier.noneLater')}</p>
        ) : (
          <DossierEvents events={d.laterEvents} />
        )}
      </Section>

      <Section id="outcome-heading" title={t('dossier.outcome')}>
        {d.consultations.length === 0 ? null : (
          <ul className="plain-list">
            {d.consultations.map((c) => (
              <li key={c.consultationId}>
                {c.register === null
                  ? t('dossier.consultation', { id: c.consultationId })
                  : consultationName(t, c.register)}{' '}
                {c.register === null ? null : <DateText date={c.register.heldOn ?? c.register.scheduledOn} />}
              </li>
            ))}
          </ul>
        )}
        {d.resolution === null ? null : (
          <p lang="ja">
            <strong>{t('dossier.resolved')}</strong> <DateText date={d.resolution.resolvedOn} />：
            {d.resolution.resolution}
          </p>
        )}
        {d.withdrawal === null ? null : (
          <p lang="ja">
            <strong>{t('dossier.withdrawn')}</strong> {d.withdrawal.reason}
          </p>
        )}
        {d.resolution === null && d.withdrawal === null ? <p>{t('dossier.open')}</p> : null}
      </Section>

      <Section id="timeline-heading" title={t('dossier.timeline')}>
        <DossierEvents events={d.timeline} />
      </Section>

      {session.role === 'reader' ? null : (
        <DoubtSteps
          doubtId={doubtId}
          role={session.role}
          municipalityCode={session.municipalityCode}
          onRecorded={dossier.reload}
        />
      )}

      <Section id="integrity-heading" title={t('dossier.integrity')}>
        <p>{t('dossier.integrityLead', { proofs: d.integrity.proofs.length, size: d.integrity.treeSize })}</p>
        <pre className="signed-note" tabIndex={0} aria-label={t('ledger.note')}>
          {d.integrity.checkpoint.note}
        </pre>
        <p>
          {t('dossier.verifierKey')} <code>{d.integrity.verifierKey}</code>
        </p>
      </Section>
    </>
  );
}

function Segments({
  segments,
  text,
}: {
  segments: DossierTextSegment[] | undefined;
  text: string | undefined;
}) {
  if (segments === undefined) return <p className="dossier-text">{text ?? '—'}</p>;
  return (
    <p className="dossier-text">
      {segments.map((s, i) =>
        s.changed ? (
          <u key={i} className={s.text === '' ? 'blank' : undefined}>
            {s.text === '' ? '\u3000'.repeat(Math.min(s.width ?? 1, 40)) : s.text}
          </u>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </p>
  );
}

/** Events the dossier cites, each by its summary, with its kind, time and position. */
export function DossierEvents({ events }: { events: readonly DossierEventRef[] }) {
  const { t } = useI18n();
  return (
    <ol className="history">
      {events.map((e) => (
        <li key={e.eventId} className="history-entry">
          <p className="history-summary" lang="ja">
            {e.summary}
          </p>
          {e.detail === undefined ? null : <p lang="ja">{e.detail}</p>}
          <p className="history-meta">
            <InstantText instant={e.recordedAt} />
            <span className="history-type">{t(eventTypeKey(e.type))}</span>
            <span>#{e.position}</span>
          </p>
        </li>
      ))}
    </ol>
  );
}
