/**
 * 費用分担 (第4条) of a region by 年度: the decided and settled amounts per municipality (a bar
 * chart and its table), per project and per measure, and the register as CSV; for the secretariat,
 * the form that records a decision.
 */
import { queryString } from '../api/api-client';
import type { ConsultationEntry, Page, ProjectSummary, RegionCostShares } from '../api/api-types';
import { useApi } from '../api/use-api';
import { DecidedSettledChart } from '../components/bar-chart.component';
import { DateText, Loading, ProblemAlert, Section } from '../components/common.component';
import { DownloadButton } from '../components/download-button.component';
import { FiscalYearPicker } from '../components/fiscal-year-picker.component';
import { anyIllustrative, IllustrativeNotice } from '../components/illustrative-notice.component';
import { RegionFrame } from '../components/region-frame.component';
import { SettlementForm } from '../forms/settlement-form.component';
import { CostShareForm } from '../forms/cost-share-form.component';
import { useI18n } from '../i18n/i18n';
import { formatYen } from '../lib/bar-scale';
import { todayInJapan } from '../lib/dates';
import { requestedFiscalYear } from '../lib/fiscal-years';
import { consultationName } from '../lib/proceeding-name';
import { mayRecord } from '../lib/permissions';
import { navigate, useLocation } from '../router';
import { useSession } from '../session';
import { SignInFirst } from './doubts.page';

/** The first 年度 of the registers: 連携中枢都市宣言 and the first agreements (2019). */
const FIRST_FISCAL_YEAR = 2019;

export function CostSharesPage({ regionId }: { regionId: string }) {
  return (
    <RegionFrame regionId={regionId} current="cost-shares">
      {() => <CostShares regionId={regionId} />}
    </RegionFrame>
  );
}

function Amount({ value }: { value: string | null }) {
  return <>{value === null ? '—' : formatYen(value)}</>;
}

function CostShares({ regionId }: { regionId: string }) {
  const { t } = useI18n();
  const { query } = useLocation();
  const today = todayInJapan(new Date());
  const fiscalYear = requestedFiscalYear(query.get('fiscalYear'), today);
  const path = `/regions/${regionId}/cost-shares${queryString({ fiscalYear })}`;
  const shares = useApi<RegionCostShares>(path);
  // The consultation a decision cites, by its kind and date as the consultations register names it.
  const consultations = useApi<Page<ConsultationEntry>>(
    `/regions/${regionId}/consultations${queryString({ limit: 500 })}`,
  );
  const nameOf = (id: string): string => {
    const entry =
      consultations.state === 'ok'
        ? consultations.data.items.find((c) => c.consultationId === id)
        : undefined;
    return entry === undefined ? t('costShares.consultation', { id }) : consultationName(t, entry);
  };
  return (
    <>
      <div className="toolbar">
        <FiscalYearPicker
          value={fiscalYear}
          first={FIRST_FISCAL_YEAR}
          today={today}
          onChange={(year) =>
            navigate(`/regions/${regionId}/cost-shares${queryString({ fiscalYear: year })}`, {
              replace: true,
            })
          }
        />
        <DownloadButton
          path={path}
          accept="text/csv"
          filename={`cost-shares-${regionId}-${fiscalYear}.csv`}
          label={t('registers.csv')}
        />
      </div>
      {shares.state === 'loading' ? <Loading /> : null}
      {shares.state === 'error' ? <ProblemAlert error={shares.error} /> : null}
      <IllustrativeNotice show={shares.state === 'ok' && anyIllustrative(shares.data.projects)} />
      {shares.state === 'ok' ? <CostShareTables data={shares.data} consultationName={nameOf} /> : null}
      <Recording
        regionId={regionId}
        fiscalYear={fiscalYear}
        register={shares.state === 'ok' ? shares.data : null}
        today={today}
        onRecorded={shares.reload}
      />
    </>
  );
}

/** The decision form, for those who may record one; a way to sign in for those not signed in. */
function Recording({
  regionId,
  fiscalYear,
  register,
  today,
  onRecorded,
}: {
  regionId: string;
  fiscalYear: number;
  /** The 年度's register as the page read it: the projects a 決算 may be recorded for. */
  register: RegionCostShares | null;
  today: string;
  onRecorded: () => void;
}) {
  const { t } = useI18n();
  const { session } = useSession();
  const may = mayRecord(session?.role, 'cost-share');
  const projects = useApi<Page<ProjectSummary>>(
    may ? `/regions/${regionId}/projects${queryString({ limit: 500 })}` : null,
  );
  const consultations = useApi<Page<ConsultationEntry>>(
    may ? `/regions/${regionId}/consultations${queryString({ limit: 500 })}` : null,
  );
  if (session === null) {
    return (
      <SignInFirst
        returnTo={`/regions/${regionId}/cost-shares${queryString({ fiscalYear })}`}
        message={t('registers.signInToRecord')}
      />
    );
  }
  if (!may) return null;
  const reloadProjects = projects.reload;
  // A 決算 is of a 年度 that has ended (its 3月31日 is past).
  const yearEnded = register !== null && today > register.period.end;
  return (
    <>
      {yearEnded && projects.state === 'ok' ? (
        <SettlementForm
          register={register}
          projects={projects.data.items}
          today={today}
          onRecorded={() => {
            reloadProjects();
            onRecorded();
          }}
          onReload={reloadProjects}
        />
      ) : null}
      <Section id="decide-cost-share-heading" title={t('costShareForm.heading')}>
        {projects.state === 'loading' || consultations.state === 'loading' ? <Loading /> : null}
        {projects.state === 'error' ? <ProblemAlert error={projects.error} /> : null}
        {consultations.state === 'error' ? <ProblemAlert error={consultations.error} /> : null}
        {projects.state === 'ok' && projects.data.items.length === 0 ? (
          <p>{t('costShareForm.noProjects')}</p>
        ) : null}
        {projects.state === 'ok' && projects.data.items.length > 0 && consultations.state === 'ok' ? (
          <CostShareForm
            fiscalYear={fiscalYear}
            projects={projects.data.items}
            consultations={consultations.data.items}
            onRecorded={() => {
              // The project's new revision is what the next decision writes against.
              reloadProjects();
              onRecorded();
            }}
            onReload={reloadProjects}
          />
        ) : null}
      </Section>
    </>
  );
}

function CostShareTables({
  data,
  consultationName: nameOf,
}: {
  data: RegionCostShares;
  consultationName: (consultationId: string) => string;
}) {
  const { t } = useI18n();
  const year = `${data.period.label}（${data.period.start}〜${data.period.end}）`;
  if (data.projects.length === 0) {
    return <p className="alert alert-info">{t('costShares.none', { year })}</p>;
  }
  return (
    <>
      <dl className="facts">
        <div>
          <dt>{t('registers.period')}</dt>
          <dd>{year}</dd>
        </div>
        <div>
          <dt>{t('costShares.decidedTotal')}</dt>
          <dd>
            <Amount value={data.totals.decided} />
          </dd>
        </div>
        <div>
          <dt>{t('costShares.settledTotal')}</dt>
          <dd>
            <Amount value={data.totals.settled} />（
            {t('costShares.settledProjects', {
              settled: data.totals.settledProjects,
              projects: data.totals.projects,
            })}
            ）
          </dd>
        </div>
      </dl>

      <Section id="by-municipality" title={t('costShares.byMunicipality')}>
        <DecidedSettledChart
          title={t('costShares.chartTitle', { year: data.period.label })}
          legend={{
            decided: t('costShares.decided'),
            settled: t('costShares.settled'),
            notSettled: t('costShares.notSettled'),
          }}
          rows={data.byMunicipality.map((m) => ({ label: m.name, decided: m.decided, settled: m.settled }))}
        />
        <div className="table-scroll">
          <table className="data-table amounts">
            <caption>{t('costShares.byMunicipalityCaption', { year: data.period.label })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('costShares.municipality')}</th>
                <th scope="col">{t('costShares.decided')}</th>
                <th scope="col">{t('costShares.settled')}</th>
                <th scope="col">{t('costShares.difference')}</th>
                <th scope="col">{t('costShares.projects')}</th>
              </tr>
            </thead>
            <tbody>
              {data.byMunicipality.map((m) => (
                <tr key={m.municipalityCode}>
                  <th scope="row">
                    {m.name}（{m.municipalityCode}）
                  </th>
                  <td className="num">
                    <Amount value={m.decided} />
                  </td>
                  <td className="num">
                    <Amount value={m.settled} />
                  </td>
                  <td className="num">
                    <Amount value={m.difference} />
                  </td>
                  <td>
                    {t('costShares.settledProjects', { settled: m.settledProjects, projects: m.projects })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      <Section id="by-project" title={t('costShares.byProject')}>
        <div className="table-scroll">
          <table className="data-table amounts">
            <caption>{t('costShares.byProjectCaption', { year: data.period.label })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('costShares.project')}</th>
                <th scope="col">{t('costShares.measure')}</th>
                <th scope="col">{t('costShares.decidedOn')}</th>
                <th scope="col">{t('costShares.decided')}</th>
                <th scope="col">{t('costShares.settled')}</th>
                <th scope="col">{t('costShares.difference')}</th>
                <th scope="col">{t('costShares.basis')}</th>
              </tr>
            </thead>
            <tbody>
              {data.projects.map((p) => (
                <tr key={p.projectId}>
                  <th scope="row">
                    {p.projectName}
                    {p.revised ? <span className="badge badge-notice">{t('costShares.revised')}</span> : null}
                  </th>
                  <td>{p.measure.name}</td>
                  <td>
                    <DateText date={p.decidedOn} />
                  </td>
                  <td className="num">
                    <Amount value={p.decided} />
                  </td>
                  <td className="num">
                    <Amount value={p.settled} />
                  </td>
                  <td className="num">
                    <Amount value={p.difference} />
                  </td>
                  <td>
                    {p.consultationId === null ? (
                      <>
                        <span className="badge badge-notice">{t('costShares.withoutConsultation')}</span>{' '}
                        <span lang="ja">{p.reasonWithoutConsultation}</span>
                      </>
                    ) : (
                      nameOf(p.consultationId)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      <Section id="by-measure" title={t('costShares.byMeasure')}>
        <div className="table-scroll">
          <table className="data-table amounts">
            <caption>{t('costShares.byMeasureCaption', { year: data.period.label })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('costShares.measure')}</th>
                <th scope="col">{t('costShares.decided')}</th>
                <th scope="col">{t('costShares.settled')}</th>
                <th scope="col">{t('costShares.difference')}</th>
              </tr>
            </thead>
            <tbody>
              {data.byMeasure.map((m) => (
                <tr key={m.measureId}>
                  <th scope="row">{m.name}</th>
                  <td className="num">
                    <Amount value={m.decided} />
                  </td>
                  <td className="num">
                    <Amount value={m.settled} />
                  </td>
                  <td className="num">
                    <Amount value={m.difference} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
    </>
  );
}
