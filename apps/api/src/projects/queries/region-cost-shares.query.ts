import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type FiscalYearPeriod, fiscalYearPeriod, type MeasureRef } from '@kyoyaku/domain';
import type { LedgerEventRef } from '@kyoyaku/projections';
import { ProjectReadModels } from '../project-read-models.service';

/** One project's decision in force for the year, and its settlement. */
export interface RegionCostShareLine {
  projectId: string;
  projectName: string;
  measure: MeasureRef;
  decisionId: string;
  decidedOn: string;
  /** True when the decision in force is a revision. */
  revised: boolean;
  consultationId: string | null;
  reasonWithoutConsultation: string | null;
  decided: string;
  settled: string | null;
  difference: string | null;
  events: LedgerEventRef[];
  /** The project, its decision or its settlement records invented facts (the shipped demo); absent otherwise. */
  illustrative?: true;
}

/**
 * Totals of a municipality or a measure. `decided` sums every decision in force; `settled` and
 * `difference` (settled − decided) cover only the projects already settled, so a difference never
 * compares a settled year with an unsettled one.
 */
export interface CostShareTotal {
  decided: string;
  settled: string | null;
  difference: string | null;
  projects: number;
  settledProjects: number;
}

export interface RegionCostShareSummary {
  regionId: string;
  fiscalYear: number;
  period: FiscalYearPeriod;
  projects: RegionCostShareLine[];
  byMunicipality: (CostShareTotal & { municipalityCode: string; name: string })[];
  byMeasure: (CostShareTotal & MeasureRef)[];
  totals: CostShareTotal;
}

export class GetRegionCostSharesQuery extends Query<RegionCostShareSummary> {
  constructor(
    readonly regionId: string,
    readonly fiscalYear: number,
  ) {
    super();
  }
}

class Tally {
  decided = 0n;
  settled = 0n;
  decidedOfSettled = 0n;
  projects = new Set<string>();
  settledProjects = new Set<string>();

  add(projectId: string, decided: bigint, settled: bigint | null): void {
    this.decided += decided;
    this.projects.add(projectId);
    if (settled === null) return;
    this.settled += settled;
    this.decidedOfSettled += decided;
    this.settledProjects.add(projectId);
  }

  total(): CostShareTotal {
    const anySettled = this.settledProjects.size > 0;
    return {
      decided: this.decided.toString(),
      settled: anySettled ? this.settled.toString() : null,
      difference: anySettled ? (this.settled - this.decidedOfSettled).toString() : null,
      projects: this.projects.size,
      settledProjects: this.settledProjects.size,
    };
  }
}

/** The region's cost shares of a fiscal year: per project, per municipality and per measure; decided versus settled. */
@QueryHandler(GetRegionCostSharesQuery)
export class GetRegionCostSharesHandler implements IQueryHandler<
  GetRegionCostSharesQuery,
  RegionCostShareSummary
> {
  constructor(private readonly readModels: ProjectReadModels) {}

  execute({ regionId, fiscalYear }: GetRegionCostSharesQuery): Promise<RegionCostShareSummary> {
    this.readModels.region(regionId);
    const lines: RegionCostShareLine[] = [];
    const byMunicipality = new Map<string, { name: string; tally: Tally }>();
    const byMeasure = new Map<string, { measure: MeasureRef; tally: Tally }>();
    const totals = new Tally();
    for (const project of this.readModels.regionProjects(regionId)) {
      const decision = this.readModels
        .decisions(project.projectId)
        .find((d) => d.fiscalYear === fiscalYear && d.status === 'in-force');
      if (decision === undefined) continue;
      const settlement = this.readModels
        .settlements(project.projectId)
        .find((s) => s.fiscalYear === fiscalYear);
      const settledAmount = new Map(
        settlement?.allocations.map((a) => [a.municipalityCode, BigInt(a.amount)]),
      );
      lines.push({
        projectId: project.projectId,
        projectName: project.name,
        measure: project.measure,
        decisionId: decision.decisionId,
        decidedOn: decision.decidedOn,
        revised: decision.kind === 'revision',
        consultationId: decision.consultationId,
        reasonWithoutConsultation: decision.reasonWithoutConsultation,
        decided: decision.total,
        settled: settlement?.total ?? null,
        difference: settlement?.difference ?? null,
        events: [decision.event, ...(settlement === undefined ? [] : [settlement.event])],
        ...(project.illustrative === true ||
        decision.illustrative === true ||
        settlement?.illustrative === true
          ? { illustrative: true }
          : {}),
      });
      totals.add(
        project.projectId,
        BigInt(decision.total),
        settlement === undefined ? null : BigInt(settlement.total),
      );
      const measure = byMeasure.get(project.measure.measureId) ?? {
        measure: project.measure,
        tally: new Tally(),
      };
      measure.tally.add(
        project.projectId,
        BigInt(decision.total),
        settlement === undefined ? null : BigInt(settlement.total),
      );
      byMeasure.set(project.measure.measureId, measure);
      for (const allocation of decision.allocations) {
        const entry = byMunicipality.get(allocation.municipalityCode) ?? {
          name: allocation.name,
          tally: new Tally(),
        };
        entry.tally.add(
          project.projectId,
          BigInt(allocation.amount),
          settlement === undefined ? null : (settledAmount.get(allocation.municipalityCode) ?? 0n),
        );
        byMunicipality.set(allocation.municipalityCode, entry);
      }
    }
    const coreCity = this.readModels.region(regionId).coreCity.code;
    return Promise.resolve({
      regionId,
      fiscalYear,
      period: fiscalYearPeriod(fiscalYear),
      projects: lines,
      byMunicipality: [...byMunicipality.entries()]
        .sort(([a], [b]) => (a === coreCity ? -1 : b === coreCity ? 1 : a < b ? -1 : 1))
        .map(([municipalityCode, { name, tally }]) => ({ municipalityCode, name, ...tally.total() })),
      byMeasure: [...byMeasure.values()]
        .sort((a, b) => (a.measure.measureId < b.measure.measureId ? -1 : 1))
        .map(({ measure, tally }) => ({ ...measure, ...tally.total() })),
      totals: totals.total(),
    });
  }
}
