/**
 * 新旧対照表: two versions, or the texts in force on two dates, side by side with the changes
 * underlined; printed A4 landscape through the browser's print (or the API's print page), or
 * downloaded as DOCX. Below it, the 改め文 of the amendment compared (when the versions are one apart).
 */
import { type FormEvent, useState } from 'react';
import { queryString } from '../api/api-client';
import type { AgreementComparison } from '../api/api-types';
import { useApi, useVersions } from '../api/use-api';
import { AgreementFrame } from '../components/agreement-frame.component';
import { AmendingTextSection } from '../components/amending-text-section.component';
import { Loading, ProblemAlert } from '../components/common.component';
import { ComparisonTable } from '../components/comparison-table.component';
import { DownloadButton, OpenButton } from '../components/download-button.component';
import { useI18n } from '../i18n/i18n';
import { isLegalDate } from '../lib/dates';
import { DOCX } from '../lib/download';
import { navigate, useLocation } from '../router';

type Mode = 'versions' | 'dates';

export function ComparisonPage({ agreementId }: { agreementId: string }) {
  return (
    <AgreementFrame agreementId={agreementId} current="comparison">
      {() => <Comparison agreementId={agreementId} />}
    </AgreementFrame>
  );
}

function Comparison({ agreementId }: { agreementId: string }) {
  const { t } = useI18n();
  const { query } = useLocation();
  const versions = useVersions(agreementId);
  const list = versions.state === 'ok' ? versions.data.versions : [];
  // The versions come in 施行日 order: by default, the last one against the one before it.
  const latest = list.at(-1)?.number;
  const beforeLatest = list.at(-2)?.number;

  const fromDate = query.get('fromDate') ?? '';
  const toDate = query.get('toDate') ?? '';
  const mode: Mode = isLegalDate(fromDate) && isLegalDate(toDate) ? 'dates' : 'versions';
  const from = Number(query.get('from') ?? beforeLatest ?? NaN);
  const to = Number(query.get('to') ?? latest ?? NaN);
  const order = query.get('order') === 'old-new' ? 'old-new' : 'new-old';
  const elide = query.get('elide') === 'true';

  const params =
    mode === 'dates'
      ? { fromDate, toDate }
      : Number.isInteger(from) && Number.isInteger(to) && from >= 1
        ? { from, to }
        : null;
  const options = { order: order === 'old-new' ? order : undefined, elide: elide ? 'true' : undefined };
  const comparisonPath =
    params === null ? null : `/agreements/${agreementId}/comparison${queryString({ ...params, ...options })}`;
  const comparison = useApi<AgreementComparison>(comparisonPath);
  // In print the 新旧対照表 goes as to the council, unchanged provisions as 「（略）」 (as the API's
  // print page): read that form too when the screen shows the whole text.
  const printedPath =
    params === null || elide
      ? null
      : `/agreements/${agreementId}/comparison${queryString({ ...params, ...options, elide: 'true' })}`;
  const printed = useApi<AgreementComparison>(printedPath);

  if (versions.state === 'loading') return <Loading />;
  if (versions.state === 'error') return <ProblemAlert error={versions.error} />;
  if (list.length < 2 && mode === 'versions' && query.get('from') === null) {
    return <p className="alert alert-info">{t('comparison.oneVersion')}</p>;
  }

  return (
    <>
      <ComparisonChooser
        key={`${mode}-${from}-${to}-${fromDate}-${toDate}-${order}-${elide}`}
        agreementId={agreementId}
        versions={list.map((v) => v.number)}
        initial={{ mode, from: String(from), to: String(to), fromDate, toDate, order, elide }}
      />
      <section
        aria-labelledby="comparison-heading"
        className="panel comparison-panel"
        aria-busy={comparison.state === 'loading'}
      >
        <h2 id="comparison-heading">{t('comparison.heading')}</h2>
        {comparison.state === 'loading' && comparisonPath !== null ? <Loading /> : null}
        {comparison.state === 'error' ? <ProblemAlert error={comparison.error} /> : null}
        {comparison.state === 'ok' && comparisonPath !== null ? (
          <>
            <ComparisonActions
              path={comparisonPath}
              printPath={printedPath ?? comparisonPath}
              agreementId={agreementId}
            />
            <div className={printed.state === 'ok' ? 'no-print' : undefined}>
              <ComparisonView data={comparison.data} />
            </div>
            {printed.state === 'ok' ? (
              <div className="print-only">
                <ComparisonView data={printed.data} />
              </div>
            ) : null}
          </>
        ) : null}
      </section>
      {comparison.state === 'ok' && comparisonPath !== null ? (
        // Not printed: the 改め文 has its own print (the API's page) and would follow the table.
        <div className="no-print">
          <AmendingTextSection
            agreementId={agreementId}
            versions={list}
            from={comparison.data.from.versionNumber}
            to={comparison.data.to.versionNumber}
          />
        </div>
      ) : null}
    </>
  );
}

function ComparisonView({ data }: { data: AgreementComparison }) {
  return (
    <ComparisonTable
      table={data.table}
      {...(data.render.title === undefined ? {} : { title: data.render.title })}
      labels={{
        new: { label: data.to.label, effectiveFrom: data.to.effectiveFrom, heading: data.to.heading },
        old: { label: data.from.label, effectiveFrom: data.from.effectiveFrom, heading: data.from.heading },
      }}
    />
  );
}

interface ChooserValues {
  mode: Mode;
  from: string;
  to: string;
  fromDate: string;
  toDate: string;
  order: 'new-old' | 'old-new';
  elide: boolean;
}

function ComparisonChooser({
  agreementId,
  versions,
  initial,
}: {
  agreementId: string;
  versions: number[];
  initial: ChooserValues;
}) {
  const { t } = useI18n();
  const [values, setValues] = useState(initial);
  const set = (changes: Partial<ChooserValues>) => setValues({ ...values, ...changes });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const which =
      values.mode === 'dates'
        ? { fromDate: values.fromDate, toDate: values.toDate }
        : { from: values.from, to: values.to };
    navigate(
      `/agreements/${agreementId}/comparison${queryString({
        ...which,
        order: values.order === 'old-new' ? 'old-new' : undefined,
        elide: values.elide ? 'true' : undefined,
      })}`,
    );
  };
  return (
    <form className="panel chooser" onSubmit={submit} aria-labelledby="chooser-heading">
      <h2 id="chooser-heading">{t('comparison.choose')}</h2>
      <fieldset>
        <legend>{t('comparison.mode')}</legend>
        <label className="choice">
          <input
            type="radio"
            name="mode"
            value="versions"
            checked={values.mode === 'versions'}
            onChange={() => set({ mode: 'versions' })}
          />
          {t('comparison.modeVersions')}
        </label>
        <label className="choice">
          <input
            type="radio"
            name="mode"
            value="dates"
            checked={values.mode === 'dates'}
            onChange={() => set({ mode: 'dates' })}
          />
          {t('comparison.modeDates')}
        </label>
      </fieldset>
      {values.mode === 'versions' ? (
        <div className="field-row">
          <div className="field">
            <label htmlFor="cmp-from">{t('comparison.from')}</label>
            <select id="cmp-from" value={values.from} onChange={(e) => set({ from: e.target.value })}>
              {versions.map((n) => (
                <option key={n} value={String(n)}>
                  {t('version.label', { n })}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="cmp-to">{t('comparison.to')}</label>
            <select id="cmp-to" value={values.to} onChange={(e) => set({ to: e.target.value })}>
              {versions.map((n) => (
                <option key={n} value={String(n)}>
                  {t('version.label', { n })}
                </option>
              ))}
            </select>
          </div>
        </div>
      ) : (
        <div className="field-row">
          <div className="field">
            <label htmlFor="cmp-from-date">{t('comparison.fromDate')}</label>
            <input
              id="cmp-from-date"
              type="date"
              value={values.fromDate}
              required
              onChange={(e) => set({ fromDate: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="cmp-to-date">{t('comparison.toDate')}</label>
            <input
              id="cmp-to-date"
              type="date"
              value={values.toDate}
              required
              onChange={(e) => set({ toDate: e.target.value })}
            />
          </div>
        </div>
      )}
      <div className="field-row">
        <div className="field">
          <label htmlFor="cmp-order">{t('comparison.order')}</label>
          <select
            id="cmp-order"
            value={values.order}
            onChange={(e) => set({ order: e.target.value === 'old-new' ? 'old-new' : 'new-old' })}
          >
            <option value="new-old">{t('comparison.orderNewOld')}</option>
            <option value="old-new">{t('comparison.orderOldNew')}</option>
          </select>
        </div>
        <label className="choice">
          <input type="checkbox" checked={values.elide} onChange={(e) => set({ elide: e.target.checked })} />
          {t('comparison.elide')}
        </label>
      </div>
      <button type="submit" className="primary">
        {t('comparison.submit')}
      </button>
    </form>
  );
}

function ComparisonActions({
  path,
  printPath,
  agreementId,
}: {
  path: string;
  /** The API's print page: unchanged provisions as 「（略）」, as printed here. */
  printPath: string;
  agreementId: string;
}) {
  const { t } = useI18n();
  return (
    <div className="button-row no-print">
      <button type="button" onClick={() => window.print()}>
        {t('comparison.print')}
      </button>
      <OpenButton path={printPath} accept="text/html" label={t('comparison.printPage')} />
      <DownloadButton
        path={path}
        accept={DOCX}
        filename={`${agreementId}-comparison.docx`}
        label={t('comparison.docx')}
      />
    </div>
  );
}
