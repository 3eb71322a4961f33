import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import {
  consultationName,
  type ConsultationKind,
  type FiscalYearPeriod,
  fiscalYearPeriod,
  formatYen,
  isInForceDuring,
  type MeasureRef,
  type MissingStep,
  type Party,
  type ProceedingKind,
  proceedingName,
} from '@kyoyaku/domain';
import { toWareki } from '@kyoyaku/legal-text';
import {
  type StoredAgreementEvent,
  COLLECTIONS,
  CONSULTATION_COLLECTIONS,
  type ConsultationView,
  type LedgerEventRef,
  type ProceedingDoc,
} from '@kyoyaku/projections';
import { AgreementReadModels } from '../agreements/agreement-read-model.service';
import { CLOCK, type Clock, japanToday } from '@kyoyaku/runtime';
import { ProjectReadModels } from '../projects/project-read-models.service';

export interface HeldConsultationItem {
  consultationId: string;
  kind: ConsultationKind;
  heldOn: string;
  heldOnWareki: string;
  /** Attendees of the two parties. */
  attendees: { municipalityCode: string; municipalityName: string; title: string }[];
  outcomes: number;
  events: LedgerEventRef[];
}

export interface NotHeldConsultationItem {
  consultationId: string;
  kind: ConsultationKind;
  status: 'scheduled' | 'postponed' | 'cancelled';
  scheduledOn: string;
  /** The postponements' and the cancellation's reasons. */
  reasons: string[];
  events: LedgerEventRef[];
}

export interface CostShareItem {
  projectId: string;
  projectName: string;
  measure: MeasureRef;
  decisionId: string;
  kind: 'decision' | 'revision';
  status: 'in-force' | 'superseded';
  decidedOn: string;
  consultationId: string | null;
  reasonWithoutConsultation: string | null;
  total: string;
  /** The two parties' shares (null when one does not share this cost). */
  coreAmount: string | null;
  partnerAmount: string | null;
  events: LedgerEventRef[];
}

export interface ProceedingItem {
  proceedingId: string;
  kind: ProceedingKind;
  concludedOn: string;
  missingSteps: MissingStep[];
  events: LedgerEventRef[];
}

export type FindingCode =
  'NoPeriodicConsultationHeld' | 'CostShareDecidedWithoutConsultation' | 'ProceedingMissingSteps';

export interface ComplianceFinding {
  code: FindingCode;
  /** violation: a duty not met in a year that has ended; notice: worth a look (a reason was given, or the year is not over). */
  severity: 'violation' | 'notice';
  message: string;
  events: LedgerEventRef[];
}

export interface AgreementCompliance {
  agreementId: string;
  regionId: string;
  coreCity: Party;
  partner: Party;
  fiscalYear: number;
  period: FiscalYearPeriod;
  /** Today in Japan; whether the year has ended decides a finding's severity. */
  today: string;
  yearEnded: boolean;
  /** The versions in force at some time in the year. */
  inForce: {
    duringYear: boolean;
    versions: { number: number; effectiveFrom: string; effectiveTo: string | null }[];
  };
  consultations: {
    /** Held in the year, attended by both parties. */
    held: HeldConsultationItem[];
    periodicHeld: boolean;
    /** Set for the year with both parties taking part, but not held (scheduled, postponed or cancelled). */
    notHeld: NotHeldConsultationItem[];
  };
  /** Cost-share decisions and revisions of the year that allocate to the partner. */
  costShares: { withConsultation: CostShareItem[]; withoutConsultation: CostShareItem[] };
  /** Proceedings concluded in the year and still missing a 告示 or the 届出. */
  proceedings: { missingSteps: ProceedingItem[] };
  findings: ComplianceFinding[];
  /** No violation. */
  compliant: boolean;
}

export class GetComplianceQuery extends Query<AgreementCompliance> {
  constructor(
    readonly agreementId: string,
    readonly fiscalYear: number,
  ) {
    super();
  }
}

/**
 * For one agreement and fiscal year: the consultations both parties held (第5条), the cost shares decided
 * with or without a consultation (第4条), and the proceedings concluded but missing a 告示 or the 届出
 * (第252条の2第2項) — each with the events behind it.
 */
@QueryHandler(GetComplianceQuery)
export class GetComplianceHandler implements IQueryHandler<GetComplianceQuery, AgreementCompliance> {
  constructor(
    private readonly agreements: AgreementReadModels,
    private readonly projects: ProjectReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ agreementId, fiscalYear }: GetComplianceQuery): Promise<AgreementCompliance> {
    const summary = this.agreements.summary(agreementId);
    const { history } = this.agreements.history(agreementId);
    const period = fiscalYearPeriod(fiscalYear);
    const today = japanToday(this.clock);
    const yearEnded = period.end < today;
    const core = summary.coreCity.code;
    const partner = summary.partner.code;
    const reader = this.agreements.reader();

    const versions = history.versions
      .filter((v) => isInForceDuring(v, period.start, period.end))
      .map((v) => ({ number: v.number, effectiveFrom: v.effectiveFrom, effectiveTo: v.effectiveTo ?? null }));

    // Consultations of the region in the year in which both parties take part.
    const consultations = reader
      .all<ConsultationView>(CONSULTATION_COLLECTIONS.regionConsultations(summary.regionId))
      .map((d) => d.doc)
      .filter((c) => c.fiscalYear === fiscalYear);
    const held = consultations
      .filter(
        (c) =>
          c.status === 'held' &&
          c.attendees.some((a) => a.municipalityCode === core) &&
          c.attendees.some((a) => a.municipalityCode === partner),
      )
      .map((c): HeldConsultationItem => ({
        consultationId: c.consultationId,
        kind: c.kind,
        heldOn: c.heldOn ?? '',
        heldOnWareki: toWareki(c.heldOn ?? c.scheduledOn),
        attendees: c.attendees
          .filter((a) => a.municipalityCode === core || a.municipalityCode === partner)
          .map((a) => ({
            municipalityCode: a.municipalityCode,
            municipalityName: a.municipalityName,
            title: a.title,
          })),
        outcomes: c.outcomes.length,
        events: c.events,
      }));
    const notHeld = consultations
      .filter((c) => c.status !== 'held' && c.participants.includes(core) && c.participants.includes(partner))
      .map((c): NotHeldConsultationItem => ({
        consultationId: c.consultationId,
        kind: c.kind,
        status: c.status as NotHeldConsultationItem['status'],
        scheduledOn: c.scheduledOn,
        reasons: [
          ...c.postponements.map((p) => `延期: ${p.reason}`),
          ...(c.cancellation === null ? [] : [`中止: ${c.cancellation.reason}`]),
        ],
        events: c.events,
      }));
    const periodicHeld = held.some((c) => c.kind === 'periodic');

    // Cost shares of the year that allocate to the partner.
    const costShares: CostShareItem[] = [];
    for (const project of this.projects.regionProjects(summary.regionId)) {
      for (const d of this.projects.decisions(project.projectId)) {
        if (d.fiscalYear !== fiscalYear) continue;
        const partnerShare = d.allocations.find((a) => a.municipalityCode === partner);
        if (partnerShare === undefined) continue;
        costShares.push({
          projectId: project.projectId,
          projectName: project.name,
          measure: project.measure,
          decisionId: d.decisionId,
          kind: d.kind,
          status: d.status,
          decidedOn: d.decidedOn,
          consultationId: d.consultationId,
          reasonWithoutConsultation: d.reasonWithoutConsultation,
          total: d.total,
          coreAmount: d.allocations.find((a) => a.municipalityCode === core)?.amount ?? null,
          partnerAmount: partnerShare.amount,
          events: [d.event],
        });
      }
    }

    // Proceedings concluded in the year, still missing a notice or the notification.
    const stream = reader.all<StoredAgreementEvent>(COLLECTIONS.events(agreementId)).map((d) => d.doc);
    const proceedingDocs = reader.all<ProceedingDoc>(COLLECTIONS.proceedings(agreementId)).map((d) => d.doc);
    const openedOn = new Map(proceedingDocs.map((p) => [p.proceedingId, p.openedOn]));
    const proceedings = proceedingDocs
      .filter(
        (p) =>
          p.status === 'concluded' &&
          p.conclusion !== undefined &&
          p.conclusion.concludedOn >= period.start &&
          p.conclusion.concludedOn <= period.end &&
          p.missingSteps.length > 0,
      )
      .map((p): ProceedingItem => ({
        proceedingId: p.proceedingId,
        kind: p.kind,
        concludedOn: p.conclusion?.concludedOn ?? '',
        missingSteps: p.missingSteps,
        events: stream
          .filter((e) => 'proceedingId' in e.event.data && e.event.data.proceedingId === p.proceedingId)
          .map((e) => ({
            streamId: `agreement-${agreementId}`,
            eventId: e.eventId,
            position: e.position,
            type: e.event.type,
            recordedAt: e.recordedAt,
          })),
      }));

    const findings: ComplianceFinding[] = [];
    if (versions.length > 0 && !periodicHeld) {
      findings.push({
        code: 'NoPeriodicConsultationHeld',
        severity: yearEnded ? 'violation' : 'notice',
        message: `${period.label}（${period.startWareki}〜${period.endWareki}）に、${summary.coreCity.name}と${summary.partner.name}がともに出席した定期的な協議（第5条）の開催が記録されていません${yearEnded ? '' : '（年度途中）'}。${notHeld.length === 0 ? '' : `予定されていた協議: ${notHeld.map((c) => `${consultationName(c)}（${c.status === 'cancelled' ? '中止' : c.status === 'postponed' ? '延期' : '未開催'}）`).join('、')}。`}`,
        events: notHeld.flatMap((c) => c.events),
      });
    }
    for (const c of costShares.filter((item) => item.consultationId === null)) {
      findings.push({
        code: 'CostShareDecidedWithoutConsultation',
        severity: 'notice',
        message: `「${c.projectName}」の${period.label}の費用分担（${toWareki(c.decidedOn)}の${c.kind === 'revision' ? '決定の見直し' : '決定'}、${summary.partner.name}の負担${formatYen(c.partnerAmount ?? '0')}）は協議によらずに決定されています。理由: ${c.reasonWithoutConsultation ?? ''}`,
        events: c.events,
      });
    }
    for (const p of proceedings) {
      findings.push({
        code: 'ProceedingMissingSteps',
        severity: 'violation',
        message: `${p.concludedOn}に締結された${proceedingName({ kind: p.kind, openedOn: openedOn.get(p.proceedingId) ?? p.concludedOn })}に、${p.missingSteps.map((s) => s.label).join('・')}が記録されていません（地方自治法第252条の2第2項）。`,
        events: p.events,
      });
    }

    return Promise.resolve({
      agreementId,
      regionId: summary.regionId,
      coreCity: summary.coreCity,
      partner: summary.partner,
      fiscalYear,
      period,
      today,
      yearEnded,
      inForce: { duringYear: versions.length > 0, versions },
      consultations: { held, periodicHeld, notHeld },
      costShares: {
        withConsultation: costShares.filter((c) => c.consultationId !== null),
        withoutConsultation: costShares.filter((c) => c.consultationId === null),
      },
      proceedings: { missingSteps: proceedings },
      findings,
      compliant: findings.every((f) => f.severity !== 'violation'),
    });
  }
}
