/**
 * 決算: the actual cost of a project's 年度, allocated by the decision's basis (the API's default),
 * offered once the 年度 has ended (地方自治法 第208条・第233条) for a project decided and not yet settled.
 * It writes against the project's revision.
 */
import { useState } from 'react';
import type { CommandResult, ProjectSummary, RegionCostShares } from '../api/api-types';
import { useI18n } from '../i18n/i18n';
import { LIMITS } from '../lib/form-validation';
import { SelectField } from './form-fields.component';
import { StepForm } from './step-form.component';

export function SettlementForm({
  register,
  projects,
  today,
  onRecorded,
  onReload,
}: {
  register: RegionCostShares;
  projects: readonly ProjectSummary[];
  today: string;
  onRecorded: (result: CommandResult) => void;
  onReload: () => void;
}) {
  const { t } = useI18n();
  const unsettled = register.projects.filter((p) => p.settled === null);
  const [projectId, setProjectId] = useState(unsettled.length === 1 ? (unsettled[0]?.projectId ?? '') : '');
  // A project settled leaves the list, and its form goes: the page says it was recorded.
  const [announcement, setAnnouncement] = useState('');
  const project = unsettled.some((p) => p.projectId === projectId)
    ? projects.find((p) => p.projectId === projectId)
    : undefined;
  if (unsettled.length === 0 && announcement === '') return null;
  return (
    <section aria-labelledby="settlement-heading" className="panel">
      <h2 id="settlement-heading">{t('work.costShare.settle.title')}</h2>
      <p role="status">{announcement}</p>
      <p className="hint">
        {t('work.costShare.settle.lead', { year: register.period.label, end: register.period.end })}
      </p>
      <SelectField
        formId="settlement"
        name="project"
        label={t('costShareForm.project')}
        required
        errors={{}}
        value={projectId}
        placeholder={t('common.choose')}
        options={unsettled.map((p) => ({ value: p.projectId, label: p.projectName }))}
        onChange={setProjectId}
      />
      {project === undefined ? null : (
        <StepForm
          key={project.projectId}
          id="settlement-form"
          title={t('work.costShare.settle.of', { name: project.name, year: register.period.label })}
          submitLabel={t('work.costShare.settle.submit')}
          path={`/projects/${project.projectId}/settlements`}
          revision={String(project.revision)}
          subject="project"
          fixed={{ fiscalYear: register.fiscalYear }}
          preset={{ settledOn: today }}
          fields={[
            { kind: 'date', name: 'settledOn', label: t('work.costShare.settle.settledOn'), required: true },
            { kind: 'yen', name: 'total', label: t('work.costShare.settle.total'), required: true },
            {
              kind: 'text',
              name: 'note',
              label: t('work.costShare.settle.note'),
              multiline: true,
              max: LIMITS.reason,
            },
          ]}
          onRecorded={(result) => {
            setAnnouncement(t('form.recorded'));
            onRecorded(result);
          }}
          onReload={onReload}
        />
      )}
    </section>
  );
}
