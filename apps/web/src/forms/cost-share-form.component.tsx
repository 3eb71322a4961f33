/**
 * 費用分担の決定: a project and 年度, the total, the municipalities sharing it and the basis (fixed
 * amounts, ratio weights or a formula of 均等割・人口割・実績割 with its figures), decided at a held
 * consultation or with the reason why not. It writes against the project's revision; once recorded,
 * it reads the project's register back and shows the allocation the ledger computed.
 */
import { useState } from 'react';
import { ApiError, apiGet, queryString } from '../api/api-client';
import type {
  CommandResult,
  ConsultationEntry,
  CostShareDecision,
  ProjectCostShares,
  ProjectSummary,
} from '../api/api-types';
import { AllocationTable } from '../components/allocation-table.component';
import { ProblemAlert } from '../components/common.component';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { formatYen } from '../lib/bar-scale';
import {
  BASIS_KINDS,
  checkCostShare,
  type CostShareBody,
  costShareFieldNames,
  costShareFields,
  type CostShareValues,
  emptyCostShare,
  FORMULA_METHODS,
  type FormulaMethod,
  percentOfBasisPoints,
  sumOfAmounts,
  sumOfProportions,
  usedMethods,
} from '../lib/cost-share-form';
import { fiscalYearLabel } from '../lib/fiscal-years';
import { consultationName } from '../lib/proceeding-name';
import {
  type Checked,
  Checker,
  isWholeYen,
  LIMITS,
  normalizeDigits,
  readFiscalYearInput,
} from '../lib/form-validation';
import { useApi } from '../api/use-api';
import { useSession } from '../session';
import {
  CheckboxGroupField,
  DateField,
  GroupErrors,
  RadioField,
  SelectField,
  TextField,
} from './form-fields.component';
import { FormShell } from './form-shell.component';
import { useRecording } from './use-recording';

const BASIS_LABEL: Record<(typeof BASIS_KINDS)[number], MessageKey> = {
  fixed: 'costShareForm.basis.fixed',
  ratio: 'costShareForm.basis.ratio',
  formula: 'costShareForm.basis.formula',
};

const PROPORTION_LABEL: Record<FormulaMethod, MessageKey> = {
  equal: 'costShareForm.proportion.equal',
  population: 'costShareForm.proportion.population',
  usage: 'costShareForm.proportion.usage',
};

interface Recorded {
  decision: CostShareDecision;
  projectName: string;
}

export function CostShareForm({
  fiscalYear,
  projects,
  consultations,
  onRecorded,
  onReload,
}: {
  /** The 年度 the page shows: the form starts with it. */
  fiscalYear: number;
  projects: readonly ProjectSummary[];
  /** The region's consultations; the held ones can be named as where the decision was made. */
  consultations: readonly ConsultationEntry[];
  onRecorded: () => void;
  onReload: () => void;
}) {
  const { t } = useI18n();
  const { session } = useSession();
  const formId = 'cost-share';
  const [values, setValues] = useState<CostShareValues>(() => emptyCostShare(fiscalYear));
  // 決定の見直し: the same statement replaces the decision in force for the project and 年度, with a reason.
  const [revising, setRevising] = useState(false);
  const [revisionReason, setRevisionReason] = useState('');
  const year = readFiscalYearInput(values.fiscalYear);
  const register = useApi<ProjectCostShares>(
    revising && values.projectId !== '' && year !== undefined
      ? `/projects/${values.projectId}/cost-shares${queryString({ fiscalYear: year })}`
      : null,
  );
  const inForce =
    register.state === 'ok'
      ? register.data.fiscalYears.flatMap((y) => y.decisions).find((d) => d.status === 'in-force')
      : undefined;
  const [recorded, setRecorded] = useState<Recorded | null>(null);
  const [readError, setReadError] = useState<ApiError | null>(null);
  const project = projects.find((p) => p.projectId === values.projectId);
  const names = costShareFieldNames(values);
  const nameOf = (code: string) => project?.participants.find((p) => p.code === code)?.name ?? code;

  const afterRecording = async (result: CommandResult, body: CostShareValues) => {
    onRecorded();
    setReadError(null);
    const year = readFiscalYearInput(body.fiscalYear);
    try {
      // The allocation is the ledger's: read the decision just recorded from the project's register.
      const register = await apiGet<ProjectCostShares>(
        `/projects/${body.projectId}/cost-shares${queryString({ fiscalYear: year })}`,
        session?.token,
      );
      const decision = register.data.fiscalYears
        .flatMap((y) => y.decisions)
        .find((d) => d.event.eventId === result.eventIds[0]);
      if (decision !== undefined) setRecorded({ decision, projectName: register.data.project.name });
    } catch (error) {
      if (error instanceof ApiError) setReadError(error);
      else throw error;
    }
  };

  const { state, submit } = useRecording({
    path:
      revising && inForce !== undefined
        ? `/projects/${values.projectId}/cost-shares/${inForce.decisionId}/revisions`
        : `/projects/${values.projectId}/cost-shares`,
    revision: project === undefined ? null : String(project.revision),
    fields: [...costShareFields(values), 'reason'],
    subject: 'project',
    onRecorded: (result) => void afterRecording(result, values),
  });
  const set = (changes: Partial<CostShareValues>) => setValues({ ...values, ...changes });
  const setIn = (key: 'amounts' | 'weights' | 'population' | 'usage', code: string, value: string) =>
    setValues({ ...values, [key]: { ...values[key], [code]: value } });
  const common = { formId, errors: state.errors };
  const held = consultations.filter((c) => c.status === 'held');
  /** The ids a group's fieldset is described by: its running sum (if any) and its errors (if any). */
  const describedBy = (field: string, ...always: string[]) =>
    [...always, ...((state.errors[field] ?? []).length === 0 ? [] : [`${formId}-${field}-error`])].join(' ');
  const used = usedMethods(values);

  const perMunicipality = (
    key: 'amounts' | 'weights' | 'population' | 'usage',
    nameKey: string,
    label: MessageKey,
  ) =>
    values.participants.map((code) => (
      <TextField
        {...common}
        key={`${key}-${code}`}
        name={names[`${nameKey}:${code}`] ?? key}
        label={t(label, { name: nameOf(code) })}
        required
        inputMode="numeric"
        value={values[key][code] ?? ''}
        onChange={(value) => setIn(key, code, value)}
      />
    ));

  return (
    <>
      <FormShell
        id={formId}
        title={t('costShareForm.title')}
        state={state}
        onSubmit={() =>
          void (revising
            ? submit(checkRevision(checkCostShare(values), inForce?.decisionId, revisionReason))
            : submit(checkCostShare(values)))
        }
        onReload={onReload}
        submitLabel={revising ? t('work.costShare.revise.submit') : t('costShareForm.submit')}
      >
        <p className="hint">{t('costShareForm.lead')}</p>
        <RadioField
          formId={formId}
          errors={{}}
          name="recording"
          legend={t('work.costShare.revise.what')}
          value={revising ? 'revision' : 'decision'}
          options={[
            { value: 'decision', label: t('work.costShare.revise.decision') },
            { value: 'revision', label: t('work.costShare.revise.revision') },
          ]}
          onChange={(what) => setRevising(what === 'revision')}
        />
        <SelectField
          {...common}
          name="projectId"
          label={t('costShareForm.project')}
          required
          placeholder={t('common.choose')}
          value={values.projectId}
          options={projects.map((p) => ({ value: p.projectId, label: `${p.name}（${p.measure.name}）` }))}
          onChange={(projectId) => {
            const chosen = projects.find((p) => p.projectId === projectId);
            set({ projectId, participants: chosen?.participants.map((p) => p.code) ?? [] });
          }}
        />
        <div className="field-row">
          <TextField
            {...common}
            name="fiscalYear"
            label={t('costShareForm.fiscalYear')}
            hint={t('costShareForm.fiscalYearHint')}
            required
            value={values.fiscalYear}
            reads={fiscalYearReads(values.fiscalYear)}
            onChange={(fiscalYear) => set({ fiscalYear })}
          />
          <DateField
            {...common}
            name="decidedOn"
            label={t('costShareForm.decidedOn')}
            required
            value={values.decidedOn}
            onChange={(decidedOn) => set({ decidedOn })}
          />
          <TextField
            {...common}
            name="decisionId"
            label={t('costShareForm.decisionId')}
            hint={t('costShareForm.idHint')}
            value={values.decisionId}
            onChange={(decisionId) => set({ decisionId })}
          />
        </div>
        {revising ? (
          <>
            <p className="note" aria-live="polite">
              {inForce === undefined
                ? t('work.costShare.revise.none')
                : t('work.costShare.revise.inForce', {
                    date: inForce.decidedOn,
                    total: formatYen(inForce.total),
                  })}
            </p>
            <TextField
              {...common}
              name="reason"
              label={t('work.costShare.revise.reason')}
              required
              multiline
              maxLength={LIMITS.reason}
              value={revisionReason}
              onChange={setRevisionReason}
            />
          </>
        ) : null}
        <TextField
          {...common}
          name="total"
          label={t('costShareForm.total')}
          hint={t('costShareForm.yenHint')}
          required
          inputMode="numeric"
          value={values.total}
          onChange={(total) => set({ total })}
        />
        {project === undefined ? null : (
          <CheckboxGroupField
            {...common}
            name="participants"
            legend={t('costShareForm.participants')}
            required
            values={values.participants}
            options={project.participants.map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }))}
            onChange={(participants) => set({ participants })}
          />
        )}
        <RadioField
          formId={formId}
          // What the API says of the basis as a whole belongs with the choice of basis.
          errors={{ 'basis.kind': [...(state.errors['basis.kind'] ?? []), ...(state.errors['basis'] ?? [])] }}
          name="basis.kind"
          legend={t('costShareForm.basis')}
          required
          value={values.basisKind}
          options={BASIS_KINDS.map((kind) => ({ value: kind, label: t(BASIS_LABEL[kind]) }))}
          onChange={(basisKind) => set({ basisKind })}
        />
        {values.basisKind === 'fixed' ? (
          <fieldset aria-describedby={describedBy('basis.amounts', `${formId}-amounts-sum`)}>
            <legend>{t('costShareForm.basis.fixed')}</legend>
            {perMunicipality('amounts', 'amount', 'costShareForm.amount')}
            <p id={`${formId}-amounts-sum`} className="hint" aria-live="polite">
              {t('costShareForm.amountsSum', {
                sum: formatYen(sumOfAmounts(values).toString()),
                total: isWholeYen(normalizeDigits(values.total))
                  ? formatYen(normalizeDigits(values.total))
                  : '—',
              })}
            </p>
            <GroupErrors
              id={`${formId}-basis.amounts-error`}
              messages={state.errors['basis.amounts'] ?? []}
            />
          </fieldset>
        ) : null}
        {values.basisKind === 'ratio' ? (
          <fieldset
            {...(describedBy('basis.weights') === ''
              ? {}
              : { 'aria-describedby': describedBy('basis.weights') })}
          >
            <legend>{t('costShareForm.basis.ratio')}</legend>
            {perMunicipality('weights', 'weight', 'costShareForm.weight')}
            <GroupErrors
              id={`${formId}-basis.weights-error`}
              messages={state.errors['basis.weights'] ?? []}
            />
          </fieldset>
        ) : null}
        {values.basisKind === 'formula' ? (
          <>
            <fieldset aria-describedby={describedBy('basis.components', `${formId}-proportions-sum`)}>
              <legend>{t('costShareForm.basis.formula')}</legend>
              <p className="hint">{t('costShareForm.proportionHint')}</p>
              <div className="field-row">
                {FORMULA_METHODS.map((method) => (
                  <TextField
                    {...common}
                    key={method}
                    name={names[`proportion:${method}`] ?? method}
                    label={t(PROPORTION_LABEL[method])}
                    inputMode="decimal"
                    value={values.proportions[method]}
                    onChange={(value) => set({ proportions: { ...values.proportions, [method]: value } })}
                  />
                ))}
              </div>
              <p id={`${formId}-proportions-sum`} className="hint" aria-live="polite">
                {t('costShareForm.proportionsSum', { sum: percentOfBasisPoints(sumOfProportions(values)) })}
              </p>
              <GroupErrors
                id={`${formId}-basis.components-error`}
                messages={state.errors['basis.components'] ?? []}
              />
            </fieldset>
            {used.includes('population') ? (
              <fieldset>
                <legend>{t('costShareForm.population')}</legend>
                <GroupErrors
                  id={`${formId}-population-error`}
                  messages={[
                    ...(state.errors['basis.population'] ?? []),
                    ...(state.errors['basis.population.figures'] ?? []),
                  ]}
                />
                <div className="field-row">
                  <TextField
                    {...common}
                    name="basis.population.source"
                    label={t('costShareForm.populationSource')}
                    hint={t('costShareForm.populationSourceHint')}
                    required
                    value={values.populationSource}
                    onChange={(populationSource) => set({ populationSource })}
                  />
                  <DateField
                    {...common}
                    name="basis.population.sourceDate"
                    label={t('costShareForm.populationSourceDate')}
                    required
                    value={values.populationSourceDate}
                    onChange={(populationSourceDate) => set({ populationSourceDate })}
                  />
                </div>
                {perMunicipality('population', 'population', 'costShareForm.populationOf')}
              </fieldset>
            ) : null}
            {used.includes('usage') ? (
              <fieldset>
                <legend>{t('costShareForm.usage')}</legend>
                <GroupErrors
                  id={`${formId}-usage-error`}
                  messages={[
                    ...(state.errors['basis.usage'] ?? []),
                    ...(state.errors['basis.usage.figures'] ?? []),
                  ]}
                />
                <div className="field-row">
                  <TextField
                    {...common}
                    name="basis.usage.unit"
                    label={t('costShareForm.usageUnit')}
                    hint={t('costShareForm.usageUnitHint')}
                    required
                    value={values.usageUnit}
                    onChange={(usageUnit) => set({ usageUnit })}
                  />
                  <TextField
                    {...common}
                    name="basis.usage.period"
                    label={t('costShareForm.usagePeriod')}
                    value={values.usagePeriod}
                    onChange={(usagePeriod) => set({ usagePeriod })}
                  />
                </div>
                {perMunicipality('usage', 'usage', 'costShareForm.usageOf')}
              </fieldset>
            ) : null}
          </>
        ) : null}
        <RadioField
          {...common}
          name="decidedAt"
          legend={t('costShareForm.decidedAt')}
          required
          value={values.decidedAt}
          options={[
            { value: 'consultation', label: t('costShareForm.atConsultation') },
            { value: 'without', label: t('costShareForm.withoutConsultation') },
          ]}
          onChange={(decidedAt) => set({ decidedAt: decidedAt === 'without' ? 'without' : 'consultation' })}
        />
        {values.decidedAt === 'consultation' ? (
          <SelectField
            {...common}
            name="consultationId"
            label={t('costShareForm.consultation')}
            required
            placeholder={t('common.choose')}
            value={values.consultationId}
            options={held.map((c) => ({
              value: c.consultationId,
              label: consultationName(t, c),
            }))}
            {...(held.length === 0 ? { hint: t('costShareForm.noHeldConsultations') } : {})}
            onChange={(consultationId) => set({ consultationId })}
          />
        ) : (
          <TextField
            {...common}
            name="reasonWithoutConsultation"
            label={t('costShareForm.reason')}
            required
            multiline
            maxLength={LIMITS.reason}
            value={values.reasonWithoutConsultation}
            onChange={(reasonWithoutConsultation) => set({ reasonWithoutConsultation })}
          />
        )}
      </FormShell>
      {readError === null ? null : <ProblemAlert error={readError} />}
      {recorded === null ? null : (
        <section aria-labelledby="allocation-heading" className="allocation-result">
          <h3 id="allocation-heading">{t('costShareForm.allocation')}</h3>
          <AllocationTable
            decision={recorded.decision}
            caption={t('costShareForm.allocationCaption', {
              id: recorded.decision.decisionId,
              project: recorded.projectName,
              year: fiscalYearLabel(recorded.decision.fiscalYear),
              total: formatYen(recorded.decision.total),
            })}
          />
        </section>
      )}
    </>
  );
}

/** The 年度 a typed year reads as: 「→ 令和8年度（2026）」 (typed 2026, R8 or 令和8年度). */
function fiscalYearReads(value: string): string | undefined {
  const year = readFiscalYearInput(value);
  return year === undefined ? undefined : `→ ${fiscalYearLabel(year)}（${year}）`;
}

/**
 * The request of a revision: the decision's statement without its 年度 (the decision it replaces
 * names it), with the reason; refused in the browser when no decision is in force to revise.
 */
function checkRevision(
  checked: Checked<CostShareBody>,
  supersedes: string | undefined,
  reason: string,
): Checked<Omit<CostShareBody, 'fiscalYear'> & { reason: string }> {
  const c = new Checker();
  if (!checked.ok) c.issues.push(...checked.issues);
  if (supersedes === undefined) c.add('fiscalYear', 'work.costShare.revise.noDecision');
  const text = c.text('reason', reason, LIMITS.reason);
  if (!checked.ok) return { ok: false, issues: c.issues };
  const { fiscalYear: _year, ...rest } = checked.body;
  return c.result({ ...rest, reason: text });
}
