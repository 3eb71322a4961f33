/**
 * 定期的な協議 (第5条) of a region by 年度: each consultation as recorded (held, postponed, cancelled,
 * with attendees, agenda and outcomes), and for each agreement the compliance flags of that year —
 * whether both parties met in a periodic consultation, cost shares decided without one, proceedings
 * missing a 告示 or the 届出 — with the ledger's findings. For the secretariat: the forms that
 * schedule a consultation and record one as held, postponed or cancelled.
 */
import { useCallback, useState } from 'react';
import { queryString } from '../api/api-client';
import type {
  AgreementListItem,
  Compliance,
  ConsultationEntry,
  Page,
  Party,
  RegionDoc,
} from '../api/api-types';
import { useApi } from '../api/use-api';
import { DateText, Loading, ProblemAlert, Section } from '../components/common.component';
import { DownloadButton } from '../components/download-button.component';
import { FiscalYearPicker } from '../components/fiscal-year-picker.component';
import { anyIllustrative, IllustrativeNotice } from '../components/illustrative-notice.component';
import { RegionFrame } from '../components/region-frame.component';
import { ConsultationActions, ScheduleConsultationForm } from '../forms/consultation-forms.component';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { todayInJapan } from '../lib/dates';
import { fiscalYearLabel, fiscalYearOf, requestedFiscalYear } from '../lib/fiscal-years';
import { mayRecord } from '../lib/permissions';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';
import { SignInFirst } from './doubts.page';
import { consultationName } from '../lib/proceeding-name';
import { citedRecordName } from '../lib/citable-records';
import { useCitableRecords } from '../forms/use-citable-records';

const FIRST_FISCAL_YEAR = 2019;

const STATUS: Record<ConsultationEntry['status'], MessageKey> = {
  scheduled: 'consultations.status.scheduled',
  held: 'consultations.status.held',
  postponed: 'consultations.status.postponed',
  cancelled: 'consultations.status.cancelled',
};

export function ConsultationsPage({ regionId }: { regionId: string }) {
  return (
    <RegionFrame regionId={regionId} current="consultations">
      {(region) => <Consultations region={region} />}
    </RegionFrame>
  );
}

function Consultations({ region }: { region: RegionDoc }) {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const { query } = useLocation();
  const regionId = region.regionId;
  const today = todayInJapan(new Date());
  const fiscalYear = requestedFiscalYear(query.get('fiscalYear'), today);
  const path = `/regions/${regionId}/consultations${queryString({ fiscalYear, limit: 500 })}`;
  const consultations = useApi<Page<ConsultationEntry>>(path);
  const agreements = useApi<Page<AgreementListItem>>(`/agreements${queryString({ regionId, limit: 500 })}`);
  const year = fiscalYearLabel(fiscalYear);
  const mayWrite = mayRecord(session?.role, 'consultation');
  // The records the year's outcomes cite, read only when one does, to name them.
  const citable = useCitableRecords(
    regionId,
    null,
    consultations.state === 'ok' && consultations.data.items.some((c) => c.outcomes.some((o) => o.cites)),
  );
  // Compliance rows are read again (remounted) after a write: a held consultation changes them.
  const [generation, setGeneration] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const reloadConsultations = consultations.reload;
  const recorded = useCallback(() => {
    setAnnouncement(t('form.recorded'));
    setGeneration((g) => g + 1);
    reloadConsultations();
  }, [reloadConsultations, t]);
  // Partners of the agreements concluded (the API checks each is in force on the date).
  const partners: Party[] =
    agreements.state === 'ok'
      ? agreements.data.items.filter((a) => a.status === 'concluded').map((a) => a.partner)
      : [];
  return (
    <>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <IllustrativeNotice show={consultations.state === 'ok' && anyIllustrative(consultations.data.items)} />
      <div className="toolbar">
        <FiscalYearPicker
          value={fiscalYear}
          first={FIRST_FISCAL_YEAR}
          today={today}
          onChange={(y) =>
            navigate(`/regions/${regionId}/consultations${queryString({ fiscalYear: y })}`, { replace: true })
          }
        />
        <DownloadButton
          path={`/regions/${regionId}/consultations${queryString({ fiscalYear })}`}
          accept="text/csv"
          filename={`consultations-${regionId}-${fiscalYear}.csv`}
          label={t('registers.csv')}
        />
      </div>

      <Section id="compliance-heading" title={t('compliance.heading', { year })}>
        <p>{t('compliance.lead')}</p>
        {agreements.state === 'loading' ? <Loading /> : null}
        {agreements.state === 'error' ? <ProblemAlert error={agreements.error} /> : null}
        {agreements.state === 'ok' ? (
          <div className="table-scroll">
            <table className="data-table">
              <caption>{t('compliance.caption', { year })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('compliance.agreement')}</th>
                  <th scope="col">{t('compliance.periodic')}</th>
                  <th scope="col">{t('compliance.withoutConsultation')}</th>
                  <th scope="col">{t('compliance.missingSteps')}</th>
                  <th scope="col">{t('compliance.findings')}</th>
                </tr>
              </thead>
              <tbody>
                {agreements.data.items.map((a) => (
                  <ComplianceRow
                    key={`${a.agreementId}-${generation}`}
                    agreement={a}
                    fiscalYear={fiscalYear}
                  />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Section>

      <Section id="register-heading" title={t('consultations.heading', { year })}>
        {consultations.state === 'loading' ? <Loading /> : null}
        {consultations.state === 'error' ? <ProblemAlert error={consultations.error} /> : null}
        {consultations.state === 'ok' && consultations.data.items.length === 0 ? (
          <p>{t('consultations.none', { year })}</p>
        ) : null}
        {consultations.state === 'ok' ? (
          <ol className="register">
            {consultations.data.items.map((c) => (
              <li key={c.consultationId} className="register-entry">
                <h3>
                  {consultationName(t, c)}{' '}
                  <span className={`badge badge-consultation-${c.status}`}>{t(STATUS[c.status])}</span>
                </h3>
                <dl className="facts compact">
                  <div>
                    <dt>
                      {c.heldOn === null || c.heldOn === undefined
                        ? t('consultations.scheduledOn')
                        : t('consultations.heldOn')}
                    </dt>
                    <dd>
                      <DateText date={c.heldOn ?? c.scheduledOn} />
                    </dd>
                  </div>
                  <div>
                    <dt>{t('consultations.attendees')}</dt>
                    <dd lang="ja">
                      {c.attendees.length === 0
                        ? '—'
                        : c.attendees.map((a) => `${a.municipalityName}（${a.title}）`).join('、')}
                    </dd>
                  </div>
                  {c.agenda.length === 0 ? null : (
                    <div>
                      <dt>{t('consultations.agenda')}</dt>
                      <dd lang="ja">
                        <ul className="plain-list">
                          {c.agenda.map((item, i) => (
                            <li key={i}>{item}</li>
                          ))}
                        </ul>
                      </dd>
                    </div>
                  )}
                  {c.outcomes.length === 0 ? null : (
                    <div>
                      <dt>{t('consultations.outcomes')}</dt>
                      <dd lang="ja">
                        <ul className="plain-list">
                          {c.outcomes.map((o, i) => (
                            <li key={i}>
                              {o.summary}
                              {o.cites === undefined ? null : (
                                <>
                                  <br />
                                  <span className="outcome-cites" lang={lang}>
                                    {t('consultations.cites', {
                                      name: citedRecordName(
                                        t,
                                        citable.state === 'ok' ? citable.data : [],
                                        o.cites,
                                      ),
                                    })}
                                  </span>
                                </>
                              )}
                            </li>
                          ))}
                        </ul>
                      </dd>
                    </div>
                  )}
                  {c.postponements.map((p, i) => (
                    <div key={`postponed-${i}`}>
                      <dt>{t('consultations.postponed')}</dt>
                      <dd>
                        <DateText date={p.from} /> → {p.to === null ? '—' : <DateText date={p.to} />}：
                        <span lang="ja">{p.reason}</span>
                      </dd>
                    </div>
                  ))}
                  {c.cancellation === null ? null : (
                    <div>
                      <dt>{t('consultations.cancelled')}</dt>
                      <dd>
                        <DateText date={c.cancellation.cancelledOn} />：
                        <span lang="ja">{c.cancellation.reason}</span>
                      </dd>
                    </div>
                  )}
                </dl>
                {mayWrite && (c.status === 'scheduled' || c.status === 'postponed') ? (
                  <ConsultationActions entry={c} onRecorded={recorded} onReload={reloadConsultations} />
                ) : null}
              </li>
            ))}
          </ol>
        ) : null}
      </Section>

      {session === null ? (
        <SignInFirst
          returnTo={`/regions/${regionId}/consultations${queryString({ fiscalYear })}`}
          message={t('registers.signInToRecord')}
        />
      ) : null}
      {mayWrite && agreements.state === 'ok' ? (
        <Section id="schedule-consultation-heading" title={t('consultationForm.heading')}>
          <ScheduleConsultationForm
            regionId={regionId}
            coreCity={region.coreCity}
            partners={partners}
            onRecorded={(_result, scheduledOn) => {
              recorded();
              // Show the register of the year it was scheduled in.
              const scheduledYear = fiscalYearOf(scheduledOn);
              if (scheduledYear !== fiscalYear)
                navigate(`/regions/${regionId}/consultations${queryString({ fiscalYear: scheduledYear })}`, {
                  replace: true,
                });
            }}
          />
        </Section>
      ) : null}
    </>
  );
}

/** One agreement's compliance flags for the year, read from the API's compliance report. */
function ComplianceRow({ agreement, fiscalYear }: { agreement: AgreementListItem; fiscalYear: number }) {
  const { t } = useI18n();
  const report = useApi<Compliance>(
    `/agreements/${agreement.agreementId}/compliance${queryString({ fiscalYear })}`,
  );
  const name = (
    <th scope="row">
      <Link to={`/agreements/${agreement.agreementId}`}>{agreement.partner.name}</Link>
    </th>
  );
  if (report.state !== 'ok') {
    return (
      <tr>
        {name}
        <td colSpan={4}>
          {report.state === 'loading' ? <Loading /> : <ProblemAlert error={report.error} />}
        </td>
      </tr>
    );
  }
  const r = report.data;
  if (!r.inForce.duringYear) {
    return (
      <tr>
        {name}
        <td colSpan={4}>{t('compliance.notInForce')}</td>
      </tr>
    );
  }
  const flag = (ok: boolean, yes: MessageKey, no: MessageKey) => (
    <span className={ok ? 'flag flag-ok' : 'flag flag-problem'}>
      <span aria-hidden="true">{ok ? '✓ ' : '✗ '}</span>
      {t(ok ? yes : no)}
    </span>
  );
  return (
    <tr data-agreement={r.agreementId}>
      {name}
      <td>
        {flag(
          r.consultations.periodicHeld,
          'compliance.held',
          r.yearEnded ? 'compliance.notHeld' : 'compliance.notYetHeld',
        )}
      </td>
      <td>{r.costShares.withoutConsultation.length}</td>
      <td>{r.proceedings.missingSteps.length}</td>
      <td>
        {r.findings.length === 0 ? (
          flag(true, 'compliance.noFindings', 'compliance.noFindings')
        ) : (
          <ul className="findings" lang="ja">
            {r.findings.map((f, i) => (
              <li key={i} className={`finding finding-${f.severity}`}>
                <span className={`badge badge-${f.severity}`}>
                  {t(f.severity === 'violation' ? 'compliance.violation' : 'compliance.notice')}
                </span>{' '}
                {f.message}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
