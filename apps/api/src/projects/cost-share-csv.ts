import { COST_SHARE_METHOD_NAMES, type CostShareBasis, fiscalYearLabel } from '@kyoyaku/domain';
import { type CsvCell, toCsv } from '../http/csv';
import type { ProjectCostShareRegister } from './queries/projects.query';
import type { CostShareTotal, RegionCostShareSummary } from './queries/region-cost-shares.query';

/** 3000 → 30%, 3333 → 33.33% (basis points written out, no floating point). */
function percent(basisPoints: number): string {
  const cents = basisPoints % 100;
  return `${Math.trunc(basisPoints / 100)}${cents === 0 ? '' : `.${String(cents).padStart(2, '0')}`}%`;
}

/** The basis in one line: 定額 / 負担割合 2:1:1 / 均等割30%・人口割70%（令和2年国勢調査 2020-10-01）. */
export function describeBasis(basis: CostShareBasis): string {
  switch (basis.kind) {
    case 'fixed':
      return '定額';
    case 'ratio':
      return `負担割合 ${basis.weights.map((w) => w.value).join(':')}`;
    case 'formula': {
      const parts = basis.components.map(
        (c) => `${COST_SHARE_METHOD_NAMES[c.method]}${percent(c.proportionBasisPoints)}`,
      );
      const sources = [
        ...(basis.population === undefined
          ? []
          : [`${basis.population.source} ${basis.population.sourceDate}`]),
        ...(basis.usage === undefined
          ? []
          : [`${basis.usage.unit}${basis.usage.period === undefined ? '' : ` ${basis.usage.period}`}`]),
      ];
      return `${parts.join('・')}${sources.length === 0 ? '' : `（${sources.join('、')}）`}`;
    }
  }
}

const PROJECT_HEADER = [
  '年度',
  '年度（和暦）',
  '事業ID',
  '事業名',
  '連携施策',
  '区分',
  '決定ID',
  '変更前の決定ID',
  '状態',
  '決定日・決算日',
  '協議ID',
  '協議によらない理由',
  '変更の理由・備考',
  '団体コード',
  '団体名',
  '負担額（円）',
  '総額（円）',
  '算定基準',
  'イベントID',
  '位置',
];

/** One row per municipality of each decision, revision and settlement. */
export function projectCostSharesCsv(register: ProjectCostShareRegister): string {
  const { project } = register;
  const rows: CsvCell[][] = [];
  const measure = `${project.measure.measureId} ${project.measure.name}`;
  for (const year of register.fiscalYears) {
    const head = [year.fiscalYear, year.period.label, project.projectId, project.name, measure];
    for (const d of year.decisions) {
      for (const a of d.allocations) {
        rows.push([
          ...head,
          d.kind === 'decision' ? '決定' : '変更',
          d.decisionId,
          d.supersedes,
          d.status === 'in-force' ? '有効' : '変更済',
          d.decidedOn,
          d.consultationId,
          d.reasonWithoutConsultation,
          d.revisionReason,
          a.municipalityCode,
          a.name,
          BigInt(a.amount),
          BigInt(d.total),
          describeBasis(d.basis),
          d.event.eventId,
          BigInt(d.event.position),
        ]);
      }
    }
    const s = year.settlement;
    if (s === null) continue;
    for (const a of s.allocations) {
      rows.push([
        ...head,
        '決算',
        s.decisionId,
        null,
        '決算',
        s.settledOn,
        null,
        null,
        s.note,
        a.municipalityCode,
        a.name,
        BigInt(a.amount),
        BigInt(s.total),
        describeBasis(s.basis),
        s.event.eventId,
        BigInt(s.event.position),
      ]);
    }
  }
  return toCsv(PROJECT_HEADER, rows);
}

const REGION_HEADER = [
  '年度',
  '年度（和暦）',
  '集計区分',
  'コード・ID',
  '名称',
  '決定額（円）',
  '決算額（円）',
  '差額（円）',
  '事業数',
  '決算済み事業数',
];

/** Per project, per municipality, per measure and the total of one fiscal year. */
export function regionCostSharesCsv(summary: RegionCostShareSummary): string {
  const head = [summary.fiscalYear, summary.period.label];
  const money = (value: string | null) => (value === null ? null : BigInt(value));
  const totals = (t: CostShareTotal): CsvCell[] => [
    money(t.decided),
    money(t.settled),
    money(t.difference),
    t.projects,
    t.settledProjects,
  ];
  const rows: CsvCell[][] = [
    ...summary.projects.map((p): CsvCell[] => [
      ...head,
      '事業別',
      p.projectId,
      p.projectName,
      money(p.decided),
      money(p.settled),
      money(p.difference),
      1,
      p.settled === null ? 0 : 1,
    ]),
    ...summary.byMunicipality.map((m): CsvCell[] => [
      ...head,
      '団体別',
      m.municipalityCode,
      m.name,
      ...totals(m),
    ]),
    ...summary.byMeasure.map((m): CsvCell[] => [...head, '施策別', m.measureId, m.name, ...totals(m)]),
    [
      ...head,
      '合計',
      summary.regionId,
      `${fiscalYearLabel(summary.fiscalYear)}合計`,
      ...totals(summary.totals),
    ],
  ];
  return toCsv(REGION_HEADER, rows);
}
