import { Fragment } from 'react';
/**
 * Region overview: the core city and its members, each agreement with its status and open
 * proceedings (and the step each is waiting for), and the measures matrix — which member takes part
 * in which 連携施策 — as of a chosen date.
 */
import { measureCategoryLabel } from '@kyoyaku/legal-text';
import { queryString } from '../api/api-client';
import type { AgreementListItem, Page, RegionDetail } from '../api/api-types';
import { useApi } from '../api/use-api';
import { OpenAgreementForm } from '../forms/open-agreement-form.component';
import { RecommendationForm } from '../forms/recommendation-form.component';
import { mayRecord } from '../lib/permissions';
import { useSession } from '../session';
import { AsOfPicker } from '../components/as-of-picker.component';
import { DateText, Loading, ProblemAlert, Section, StatusBadge } from '../components/common.component';
import { VersionsToday } from '../components/versions-today.component';
import { PageTitle } from '../components/page-title.component';
import { RegionNav } from '../components/region-frame.component';
import { useI18n } from '../i18n/i18n';
import { isLegalDate, todayInJapan } from '../lib/dates';
import { Link, navigate, useLocation } from '../router';
import { proceedingName } from '../lib/proceeding-name';

export function RegionPage({ regionId }: { regionId: string }) {
  const { t } = useI18n();
  const { session } = useSession();
  const { query } = useLocation();
  const today = todayInJapan(new Date());
  const requested = query.get('asOf') ?? '';
  const asOf = isLegalDate(requested) ? requested : today;
  const region = useApi<RegionDetail>(`/regions/${regionId}${queryString({ asOf })}`);
  const agreements = useApi<Page<AgreementListItem>>(`/agreements${queryString({ regionId, limit: 500 })}`);
  const setAsOf = (date: string) =>
    navigate(`/regions/${regionId}${queryString({ asOf: date === today ? undefined : date })}`, {
      replace: true,
    });

  if (region.state === 'error') {
    return (
      <>
        <PageTitle title={t('region.title')} />
        <RegionNav regionId={regionId} current="overview" />
        <ProblemAlert error={region.error} />
      </>
    );
  }
  if (region.state === 'loading') {
    return (
      <>
        <PageTitle title={t('region.title')} />
        <RegionNav regionId={regionId} current="overview" />
        <Loading />
      </>
    );
  }
  const r = region.data;
  const matrix = r.measuresMatrix;
  /** The agreement of the core city with a member: from the matrix, else from the list. */
  const agreementOf = (code: string): string | undefined =>
    matrix.rows.flatMap((row) => row.participants).find((p) => p.partner.code === code)?.agreementId ??
    (agreements.state === 'ok'
      ? agreements.data.items.find((a) => a.partner.code === code)?.agreementId
      : undefined);
  return (
    <>
      <PageTitle title={r.name} />
      <RegionNav regionId={regionId} current="overview" />
      <dl className="facts">
        <dt>{t('region.coreCity')}</dt>
        <dd>
          {r.coreCity.name}（{r.coreCity.code}）
        </dd>
        <dt>{t('region.declaredOn')}</dt>
        <dd>
          <DateText date={r.declaredOn} />
        </dd>
        {r.visions.map((vision) => (
          <Fragment key={vision.title + vision.adoptedOn}>
            <dt>{t('region.vision')}</dt>
            <dd>
              {vision.title}（<DateText date={vision.adoptedOn} />）
            </dd>
          </Fragment>
        ))}
      </dl>

      <div className="toolbar" role="group" aria-label={t('asOf.group')}>
        <AsOfPicker value={asOf} onChange={setAsOf} today={today} />
      </div>

      <Section id="members-heading" title={t('region.members')}>
        {agreements.state === 'loading' ? <Loading /> : null}
        {agreements.state === 'error' ? <ProblemAlert error={agreements.error} /> : null}
        {agreements.state === 'ok' ? (
          <div className="table-scroll">
            <table className="data-table">
              <caption>{t('region.membersCaption', { date: asOf })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('region.member')}</th>
                  <th scope="col">{t('agreement.statusToday')}</th>
                  <th scope="col">{t('region.versionInForce')}</th>
                  <th scope="col">{t('agreement.openProceedings')}</th>
                </tr>
              </thead>
              <tbody>
                {agreements.data.items.map((a) => {
                  const member = r.members.find((m) => m.code === a.partner.code);
                  const inForce = member?.agreements.find((x) => x.agreementId === a.agreementId);
                  return (
                    <tr key={a.agreementId}>
                      <th scope="row">
                        <Link to={`/agreements/${a.agreementId}`}>
                          {a.partner.name}（{a.partner.code}）
                        </Link>
                      </th>
                      <td>
                        <StatusBadge status={a.statusToday} />
                      </td>
                      <td>
                        {inForce === undefined
                          ? t('region.noneInForce')
                          : t('version.label', { n: inForce.versionNumber })}
                        <VersionsToday agreementId={a.agreementId} inForceOnly />
                      </td>
                      <td>
                        {a.openProceedings.length === 0 ? (
                          t('region.noOpenProceedings')
                        ) : (
                          <ul className="plain-list">
                            {a.openProceedings.map((p) => (
                              <li key={p.proceedingId}>
                                <Link to={`/agreements/${a.agreementId}/proceedings`}>
                                  {proceedingName(t, p)}
                                </Link>
                                {p.missingSteps[0] === undefined ? null : (
                                  <span className="waiting">
                                    {t('region.waitingFor')}
                                    <span lang="ja">{p.missingSteps[0].label}</span>
                                  </span>
                                )}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
      </Section>

      <Section id="matrix-heading" title={t('region.matrix')}>
        <p>{t('region.matrixLead', { core: r.coreCity.name })}</p>
        <div className="table-scroll">
          <table className="data-table matrix">
            <caption>{t('region.matrixCaption', { date: asOf })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('region.measure')}</th>
                {matrix.members.map((m) => {
                  const agreementId = agreementOf(m.code);
                  return (
                    <th scope="col" key={m.code}>
                      {agreementId === undefined ? (
                        m.name
                      ) : (
                        <Link
                          to={`/agreements/${agreementId}${queryString({ asOf: asOf === today ? undefined : asOf })}`}
                        >
                          {m.name}
                        </Link>
                      )}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {matrix.rows.map((row, index) => {
                const previous = matrix.rows[index - 1];
                const heading =
                  previous === undefined || previous.category !== row.category ? (
                    <tr key={`${row.category}-heading`} className="matrix-category">
                      <th scope="colgroup" colSpan={matrix.members.length + 1}>
                        {measureCategoryLabel(row.category)}
                      </th>
                    </tr>
                  ) : null;
                return [
                  heading,
                  <tr key={row.measureId}>
                    <th scope="row">{row.name}</th>
                    {matrix.members.map((m) => {
                      const participant = row.participants.find((p) => p.partner.code === m.code);
                      return (
                        <td key={m.code} className={participant === undefined ? 'matrix-no' : 'matrix-yes'}>
                          {participant === undefined ? (
                            <>
                              <span aria-hidden="true">—</span>
                              <span className="visually-hidden">{t('region.notParticipating')}</span>
                            </>
                          ) : (
                            <>
                              <span aria-hidden="true">●</span>
                              <span className="visually-hidden">{t('region.participating')}</span>
                              {/* 役割分担 as the agreement's 別表 words it, 甲 (the core city) then 乙. */}
                              <dl className="matrix-roles" lang="ja">
                                <dt>甲</dt>
                                <dd>{participant.coreRole}</dd>
                                <dt>乙</dt>
                                <dd>{participant.partnerRole}</dd>
                              </dl>
                            </>
                          )}
                        </td>
                      );
                    })}
                  </tr>,
                ];
              })}
            </tbody>
          </table>
        </div>
      </Section>
      {mayRecord(session?.role, 'open-agreement') ? (
        <Section id="open-agreement-heading" title={t('work.open.title')}>
          <OpenAgreementForm
            region={r}
            onRecorded={() => {
              region.reload();
              agreements.reload();
            }}
            onReload={region.reload}
          />
        </Section>
      ) : null}
      {mayRecord(session?.role, 'recommendation') ? (
        <Section id="recommendation-heading" title={t('work.recommendation.heading')}>
          <p className="hint">{t('work.recommendation.lead')}</p>
          <RecommendationForm region={r} onRecorded={region.reload} onReload={region.reload} />
        </Section>
      ) : null}
    </>
  );
}
