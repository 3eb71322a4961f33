import {
  fiscalYearLabel,
  formatYen,
  PROJECT_STREAM_PREFIX,
  type CostShareDecisionData,
  toProjectEvent,
} from '@kyoyaku/domain';
import type { RecordedEvent } from '@kyoyaku/event-store';
import { padded } from '../agreement/agreement-read-models';
import { eventRefOf, illustrativeOf, type LedgerEventRef } from '../compliance/event-ref';
import { recordConsultationCitation } from '../consultation/consultation-read-models';
import type { Projection, ReadModelWriter } from '../read-model';
import {
  type CostShareDecisionView,
  type CostShareSettlementView,
  PROJECT_COLLECTIONS as P,
  type ProjectView,
} from './project-read-models';

function saveProject(tx: ReadModelWriter, view: ProjectView): void {
  tx.put(P.projects, view.projectId, view);
  tx.put(P.regionProjects(view.regionId), view.projectId, view);
}

function decisionView(
  data: CostShareDecisionData,
  ref: LedgerEventRef,
  illustrative: { illustrative?: true },
  revision?: { supersedes: string; reason: string },
): CostShareDecisionView {
  return {
    projectId: data.projectId,
    decisionId: data.decisionId,
    fiscalYear: data.fiscalYear,
    kind: revision === undefined ? 'decision' : 'revision',
    status: 'in-force',
    decidedOn: data.decidedOn,
    total: data.total,
    basis: data.basis,
    allocations: data.allocations,
    consultationId: data.consultationId ?? null,
    reasonWithoutConsultation: data.reasonWithoutConsultation ?? null,
    supersedes: revision?.supersedes ?? null,
    revisionReason: revision?.reason ?? null,
    supersededBy: null,
    event: ref,
    ...illustrative,
  };
}

/**
 * Projects and their cost shares: the project, each decision and revision (the superseded ones stay,
 * marked), each settlement with its differences from the decision — and, for a decision that names its
 * consultation, a citation on that consultation.
 */
export const projectProjection: Projection = {
  name: 'projects',
  apply(recorded: RecordedEvent, tx: ReadModelWriter): void {
    if (!recorded.streamId.startsWith(PROJECT_STREAM_PREFIX)) return;
    const event = toProjectEvent(recorded);
    const ref = eventRefOf(recorded);
    const track = { revision: Number(recorded.revision), lastPosition: ref.position };
    if (event.type === 'ProjectRegistered') {
      const d = event.data;
      saveProject(tx, {
        projectId: d.projectId,
        regionId: d.regionId,
        coreCity: d.coreCity,
        name: d.name,
        measure: d.measure,
        participants: d.participants,
        description: d.description,
        registeredOn: d.registeredOn,
        fiscalYears: [],
        registration: ref,
        ...track,
        ...illustrativeOf(recorded),
      });
      return;
    }
    const project = tx.get<ProjectView>(P.projects, event.data.projectId);
    if (project === null) return;
    const next: ProjectView = { ...project, ...track, ...illustrativeOf(recorded) };
    switch (event.type) {
      case 'CostShareDecided':
      case 'CostShareRevised': {
        const d = event.data;
        const revision =
          event.type === 'CostShareRevised'
            ? { supersedes: event.data.supersedes, reason: event.data.reason }
            : undefined;
        if (revision !== undefined) {
          const superseded = tx.get<CostShareDecisionView>(P.costShares(d.projectId), revision.supersedes);
          if (superseded !== null) {
            tx.put(
              P.costShares(d.projectId),
              superseded.decisionId,
              { ...superseded, status: 'superseded', supersededBy: d.decisionId },
              padded(superseded.event.position),
            );
          }
        }
        tx.put(
          P.costShares(d.projectId),
          d.decisionId,
          decisionView(d, ref, illustrativeOf(recorded), revision),
          padded(ref.position),
        );
        next.fiscalYears = [...new Set([...project.fiscalYears, d.fiscalYear])].sort((a, b) => a - b);
        if (d.consultationId !== undefined) {
          const what = revision === undefined ? '決定' : '変更';
          recordConsultationCitation(tx, d.consultationId, {
            kind: revision === undefined ? 'cost-share-decision' : 'cost-share-revision',
            streamId: ref.streamId,
            eventId: ref.eventId,
            position: ref.position,
            summary: `${fiscalYearLabel(d.fiscalYear)}「${project.name}」の費用分担の${what}（総額${formatYen(d.total)}、${d.decidedOn}）`,
            ref: { projectId: d.projectId, decisionId: d.decisionId, fiscalYear: d.fiscalYear },
          });
        }
        break;
      }
      case 'CostShareSettled': {
        const d = event.data;
        const decision = tx.get<CostShareDecisionView>(P.costShares(d.projectId), d.decisionId);
        const decided = new Map((decision?.allocations ?? []).map((a) => [a.municipalityCode, a.amount]));
        const decidedTotal = decision?.total ?? '0';
        const view: CostShareSettlementView = {
          projectId: d.projectId,
          fiscalYear: d.fiscalYear,
          settledOn: d.settledOn,
          decisionId: d.decisionId,
          total: d.total,
          decidedTotal,
          difference: (BigInt(d.total) - BigInt(decidedTotal)).toString(),
          basis: d.basis,
          basisFromDecision: d.basisFromDecision,
          allocations: d.allocations,
          differences: d.allocations.map((a) => {
            const before = decided.get(a.municipalityCode) ?? '0';
            return {
              municipalityCode: a.municipalityCode,
              name: a.name,
              decided: before,
              settled: a.amount,
              difference: (BigInt(a.amount) - BigInt(before)).toString(),
            };
          }),
          note: d.note ?? null,
          event: ref,
          ...illustrativeOf(recorded),
        };
        tx.put(P.settlements(d.projectId), String(d.fiscalYear), view, padded(d.fiscalYear));
        break;
      }
    }
    saveProject(tx, next);
  },
};
