import { Inject, Injectable } from '@nestjs/common';
import {
  type AgreementHistory,
  type AgreementVersion,
  agreementHistory,
  agreementStreamId,
  baseVersion,
  type Citation,
  type CitationInput,
  citedTextIn,
  CONSULTATION_KIND_NAMES,
  consultationStreamId,
  type DisputeApplicationState,
  type DoubtEvent,
  doubtStreamId,
  NOTIFICATION_RECIPIENT_NAMES,
  operationTouchesCitation,
  type PositionedAgreementEvent,
  toAgreementEvent,
  toConsultationEvent,
  toDoubtEvent,
  versionAsOf,
} from '@kyoyaku/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent, StreamNotFoundError } from '@kyoyaku/event-store';
import { toExportedEvent } from '@kyoyaku/ledger';
import { diffTexts, eventTypeName, toWareki } from '@kyoyaku/legal-text';
import {
  COLLECTIONS,
  CONSULTATION_COLLECTIONS,
  type ConsultationCitation,
  consultationCitationsCollection,
  type ConsultationView,
  type DoubtView,
  padded,
  type ProceedingDoc,
  type TimelineEntryDoc,
  type ReadModelReader,
  type ReadModelSource,
  SqliteReadModels,
} from '@kyoyaku/projections';
import { AgreementReadModels } from '../../agreements/agreement-read-model.service';
import { type AuthenticatedActor, CLOCK, type Clock, LedgerIntegrity } from '@kyoyaku/runtime';
import { EventVisibilityService } from '../../events/event-visibility.service';
import type {
  CitedTextAt,
  Dossier,
  DossierApplication,
  DossierConsultation,
  DossierEventRef,
  DossierStepOutsideTheParties,
  InclusionProof,
  LaterEvent,
} from './dossier.types';

/** The provisions of the statutory procedure the dossier records. */
export const DISPUTE_LEGAL_BASIS = ['地方自治法第252条の2第7項', '地方自治法第251条の3の2'];

const COMMISSIONERS = '自治紛争処理委員';

type StepFacts = Omit<DossierStepOutsideTheParties, 'recordedBy' | 'event'> & { applicationNumber: number };

/** The step an event of the doubt records, when it is one taken outside the parties. */
function stepOf(event: DoubtEvent, recipient: (applicationNumber: number) => string): StepFacts | undefined {
  switch (event.type) {
    case 'DisputeCommissionersAppointed':
      return {
        applicationNumber: event.data.applicationNumber,
        step: 'appointment',
        takenBy: recipient(event.data.applicationNumber),
        on: event.data.appointedOn,
        evidence: event.data.evidence,
      };
    case 'SettlementProposalPresented':
      return {
        applicationNumber: event.data.applicationNumber,
        step: 'proposal-presented',
        takenBy: COMMISSIONERS,
        on: event.data.presentedOn,
        evidence: event.data.evidence,
      };
    case 'SettlementProposalNotified':
      return {
        applicationNumber: event.data.applicationNumber,
        step: 'proposal-notified',
        takenBy: COMMISSIONERS,
        on: event.data.notifiedOn,
        evidence: event.data.evidence,
      };
    case 'SettlementProposalPublished':
      return {
        applicationNumber: event.data.applicationNumber,
        step: 'proposal-published',
        takenBy: COMMISSIONERS,
        on: event.data.publishedOn,
        evidence: event.data.evidence,
      };
    case 'DoubtRaised':
    case 'DoubtDiscussedAtConsultation':
    case 'DoubtResolved':
    case 'DoubtWithdrawn':
    case 'DisputeApplicationFiled':
    case 'DisputeApplicationWithdrawn':
    case 'SettlementProposalResponded':
    case 'DisputeConcluded':
      return undefined;
  }
}

/**
 * Each application with the steps taken outside the parties — the 知事's (総務大臣's) appointment,
 * the commissioners' 処理方策 presented, notified and published — as the doubt's events record them:
 * the document that proves each, and who recorded it (the event's metadata).
 */
function withStepsOutsideTheParties(
  applications: readonly DisputeApplicationState[],
  doubtEvents: readonly RecordedEvent[],
  ref: (e: RecordedEvent, summary: string) => DossierEventRef,
): DossierApplication[] {
  const steps = new Map<number, DossierStepOutsideTheParties[]>();
  const recipient = (n: number) => {
    const application = applications.find((a) => a.applicationNumber === n);
    return application === undefined ? '都道府県知事' : NOTIFICATION_RECIPIENT_NAMES[application.recipient];
  };
  for (const recorded of doubtEvents) {
    const step = stepOf(toDoubtEvent(recorded), recipient);
    if (step === undefined) continue;
    const { applicationNumber, ...rest } = step;
    const actor = recorded.metadata.actor;
    const list = steps.get(applicationNumber) ?? [];
    list.push({
      ...rest,
      recordedBy: {
        id: actor.id,
        role: actor.role,
        ...(actor.municipalityCode === undefined ? {} : { municipalityCode: actor.municipalityCode }),
      },
      event: ref(recorded, eventTypeName(recorded.type)),
    });
    steps.set(applicationNumber, list);
  }
  return applications.map((a) => ({ ...a, stepsOutsideTheParties: steps.get(a.applicationNumber) ?? [] }));
}

const HOW_TO_VERIFY =
  '各イベント（event）の正準形（RFC 8785）から hash を再計算し、葉ハッシュ SHA-256(0x00‖正準形) を包含証明（proof）で' +
  '署名付きチェックポイント（checkpoint.note）の root まで辿り、note の Ed25519 署名を検証鍵（verifierKey、' +
  'GET /ledger/verifier-key でも入手可）で確かめます。@kyoyaku/ledger の verifyInclusionOfEvent がこの手順を行います。';

function citationInput(citation: Citation): CitationInput {
  switch (citation.kind) {
    case 'provision':
      return { kind: 'provision', path: citation.path };
    case 'measure':
      return { kind: 'measure', measureId: citation.measureId };
    case 'unspecified':
      return { kind: 'unspecified' };
  }
}

/** `<name>+<8 hex>` of a verifier key `<name>+<8 hex>+<base64 key>`. */
function keyIdOf(verifierKey: string): string {
  return verifierKey.split('+').slice(0, 2).join('+');
}

/** One line in Japanese for an event of a consultation's stream. */
function summarizeConsultationEvent(recorded: RecordedEvent): string {
  const event = toConsultationEvent(recorded);
  switch (event.type) {
    case 'ConsultationScheduled':
      return `${CONSULTATION_KIND_NAMES[event.data.kind]}を予定（${toWareki(event.data.scheduledOn)}）`;
    case 'ConsultationHeld':
      return `協議を開催（${toWareki(event.data.heldOn)}、出席 ${event.data.attendees.length} 人）`;
    case 'ConsultationPostponed':
      return `協議を延期（${toWareki(event.data.postponedOn)}、理由：${event.data.reason}）`;
    case 'ConsultationCancelled':
      return `協議を中止（${toWareki(event.data.cancelledOn)}、理由：${event.data.reason}）`;
  }
}

/**
 * Builds the dispute dossier of a doubt from the ledger as it stands at one size (the head when the
 * build starts): what the cited provision said on the raised date as the ledger stood when the doubt
 * was raised, and as it stands now; what changed it since and why; the consultations, cost shares and
 * resolution linked to the doubt; its timeline; and an RFC 9162 inclusion proof of every event it
 * cites against one signed checkpoint. It only reads: nothing is written to the ledger.
 */
@Injectable()
export class DossierBuilder {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SqliteReadModels) private readonly readModels: ReadModelSource,
    private readonly agreements: AgreementReadModels,
    private readonly integrity: LedgerIntegrity,
    private readonly visibility: EventVisibilityService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The dossier as `caller` may see it: a consultation may have taken up other doubts, whose
   * citations (and their proofs) only their own parties see.
   */
  async build(view: DoubtView, caller: AuthenticatedActor): Promise<Dossier> {
    // The ledger as far as its Merkle tree reaches, so every event cited can be proven: all of it
    // where the tree commits with the events; on EventStoreDB, what the projector has applied.
    const treeSize = await this.integrity.treeSize();
    const head = this.integrity.lastPositionAt(treeSize);
    const reader = this.readModels.reader();
    const recorded = new Map<string, RecordedEvent>();
    const remember = (events: readonly RecordedEvent[]): RecordedEvent[] => {
      for (const e of events) recorded.set(e.position.toString(), e);
      return [...events];
    };
    const readStream = async (streamId: string): Promise<RecordedEvent[]> => {
      try {
        return remember(await this.store.readStream(streamId, { upToPosition: head }));
      } catch (error) {
        if (error instanceof StreamNotFoundError) return [];
        throw error;
      }
    };

    const doubtEvents = await readStream(doubtStreamId(view.doubtId));
    const agreementEvents = await readStream(agreementStreamId(view.agreementId));
    const positioned: PositionedAgreementEvent[] = agreementEvents.map((e) => ({
      position: e.position,
      recordedAt: e.metadata.recordedAt,
      eventId: e.eventId,
      event: toAgreementEvent(e),
    }));
    const agreementRef = (e: RecordedEvent, detail?: string): DossierEventRef => ({
      position: e.position.toString(),
      eventId: e.eventId,
      streamId: e.streamId,
      type: e.type,
      recordedAt: e.metadata.recordedAt,
      summary:
        reader.get<TimelineEntryDoc>(COLLECTIONS.timeline(view.agreementId), padded(e.position))?.summary ??
        eventTypeName(e.type),
      ...(detail === undefined ? {} : { detail }),
    });
    const byPosition = new Map(agreementEvents.map((e) => [e.position, e]));

    const pinned = BigInt(view.pinned.ledgerPosition);
    const citation = citationInput(view.citation);
    const thenHistory = agreementHistory(positioned, { upToPosition: pinned });
    const nowHistory = agreementHistory(positioned);
    if (nowHistory === undefined)
      throw new Error(`agreement ${view.agreementId} of doubt ${view.doubtId} is not recorded`);

    const textAt = async (
      history: AgreementHistory | undefined,
      position: bigint,
    ): Promise<CitedTextAt | null> => {
      const version = history === undefined ? undefined : versionAsOf(history, view.raisedOn);
      if (version === undefined) return null;
      const concluded =
        version.recordedAtPosition === undefined ? undefined : byPosition.get(version.recordedAtPosition);
      return {
        ledgerPosition: position.toString(),
        ledgerRecordedAt: await this.recordedAtOf(position, recorded),
        versionNumber: version.number,
        proceedingId: version.proceedingId,
        effectiveFrom: version.effectiveFrom,
        ...(version.effectiveTo === undefined ? {} : { effectiveTo: version.effectiveTo }),
        ...(version.retroactive === undefined ? {} : { retroactive: version.retroactive }),
        concludedBy: concluded === undefined ? null : agreementRef(concluded, version.retroactive?.reason),
        text: citedTextIn(version.document, citation) ?? null,
      };
    };
    const then = await textAt(thenHistory, pinned);
    const now = await textAt(nowHistory, head);
    const differs = (then?.text ?? null) !== (now?.text ?? null);
    const relevantProceedings = new Set(
      [then?.proceedingId, now?.proceedingId].filter((p) => p !== undefined),
    );

    // Recorded after the pin and changing what is in force on the raised date (遡及), or correcting how.
    const explainedBy: DossierEventRef[] = [];
    for (const e of positioned) {
      if (e.position <= pinned) continue;
      const recordedEvent = byPosition.get(e.position);
      if (recordedEvent === undefined) continue;
      const event = e.event;
      if (event.type === 'ProceedingConcluded' && event.data.effectiveOn <= view.raisedOn) {
        explainedBy.push(agreementRef(recordedEvent, event.data.retroactive?.reason));
      } else if (event.type === 'RecordCorrected' && relevantProceedings.has(event.data.proceedingId)) {
        explainedBy.push(agreementRef(recordedEvent, event.data.reason));
      }
    }

    const laterEvents = this.laterEvents(positioned, nowHistory, pinned, citation, byPosition, agreementRef);

    const consultationIds = [...new Set(view.consultations.map((c) => c.consultationId))];
    const consultations: DossierConsultation[] = [];
    for (const consultationId of consultationIds) {
      const events = await readStream(consultationStreamId(consultationId));
      consultations.push({
        consultationId,
        roles: [
          ...new Set(
            view.consultations.filter((c) => c.consultationId === consultationId).map((c) => c.role),
          ),
        ],
        register: reader.get<ConsultationView>(CONSULTATION_COLLECTIONS.consultations, consultationId),
        events: events.map((e) => ({
          position: e.position.toString(),
          eventId: e.eventId,
          streamId: e.streamId,
          type: e.type,
          recordedAt: e.metadata.recordedAt,
          summary: summarizeConsultationEvent(e),
        })),
        citedBy: await this.visibility.visibleOf(
          caller,
          this.citationsOf(reader, consultationId).filter((c) => BigInt(c.position) <= head),
        ),
      });
    }
    const costShareDecisions = consultations
      .flatMap((c) => c.citedBy)
      .filter((c) => c.kind.startsWith('cost-share'))
      .sort((a, b) => Number(BigInt(a.position) - BigInt(b.position)));

    const followUpId = view.resolution?.followUpProceedingId;
    const followUp =
      followUpId === undefined
        ? null
        : reader.get<ProceedingDoc>(COLLECTIONS.proceedings(view.agreementId), followUpId);
    const followUpEvents = agreementEvents.filter(
      (e) => followUpId !== undefined && e.data.proceedingId === followUpId,
    );

    const timelineSummary = new Map(view.timeline.map((t) => [t.eventId, t.summary]));
    const doubtRef = (e: RecordedEvent, fallback: string): DossierEventRef => ({
      position: e.position.toString(),
      eventId: e.eventId,
      streamId: e.streamId,
      type: e.type,
      recordedAt: e.metadata.recordedAt,
      summary: timelineSummary.get(e.eventId) ?? fallback,
    });

    const timeline: DossierEventRef[] = view.timeline
      .filter((t) => BigInt(t.position) <= head)
      .map((t) => ({
        position: t.position,
        eventId: t.eventId,
        streamId: doubtStreamId(view.doubtId),
        type: t.type,
        recordedAt: t.recordedAt,
        summary: t.summary,
      }));

    const cited = new Set<string>([
      ...doubtEvents.map((e) => e.position.toString()),
      ...[then?.concludedBy, now?.concludedBy].flatMap((r) => (r ? [r.position] : [])),
      ...explainedBy.map((r) => r.position),
      ...laterEvents.map((r) => r.position),
      ...followUpEvents.map((e) => e.position.toString()),
      ...consultations.flatMap((c) => [
        ...c.events.map((e) => e.position),
        ...c.citedBy.map((e) => e.position),
      ]),
    ]);
    const proofs: InclusionProof[] = [];
    for (const position of [...cited].map(BigInt).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const event = recorded.get(position.toString()) ?? (await this.eventAt(position));
      const inclusion = await this.integrity.inclusion(position, treeSize);
      if (inclusion.leafHash === null) throw new Error(`no leaf at position ${position}`);
      proofs.push({
        position: position.toString(),
        leafIndex: inclusion.leafIndex,
        leafHash: inclusion.leafHash,
        proof: inclusion.proof,
        event: toExportedEvent(event),
      });
    }

    const summary = this.agreements.summary(view.agreementId);
    return {
      kind: 'kyoyaku-dispute-dossier',
      version: 1,
      generatedAt: this.clock.now().toISOString(),
      ledgerSize: treeSize.toString(),
      agreement: {
        agreementId: view.agreementId,
        title: summary.title,
        regionId: view.regionId,
        coreCity: view.parties.core,
        partner: view.parties.partner,
      },
      doubt: {
        doubtId: view.doubtId,
        status: view.status,
        statusLabel: view.statusLabel,
        raisedBy: view.raisedBy,
        raisedOn: view.raisedOn,
        question: view.question,
        citation: view.citation,
        pinned: view.pinned,
      },
      citedProvision: {
        asOf: view.raisedOn,
        then,
        now,
        differs,
        versionChanged: then?.versionNumber !== now?.versionNumber,
        difference:
          differs && typeof then?.text === 'string' && typeof now?.text === 'string'
            ? (({ old, new: next }) => ({ then: old, now: next }))(diffTexts(then.text, now.text))
            : null,
        pinnedTextConfirmed: then?.text === view.pinned.citedText,
        explainedBy,
      },
      laterEvents,
      consultations,
      costShareDecisions,
      resolution:
        view.resolution === undefined
          ? null
          : {
              ...view.resolution,
              followUpProceeding:
                followUp === null
                  ? null
                  : {
                      proceedingId: followUp.proceedingId,
                      kind: followUp.kind,
                      status: followUp.status,
                      openedOn: followUp.openedOn,
                      events: followUpEvents.map((e) => agreementRef(e)),
                    },
            },
      withdrawal: view.withdrawal ?? null,
      legalBasis: DISPUTE_LEGAL_BASIS,
      escalation: withStepsOutsideTheParties(view.applications, doubtEvents, doubtRef),
      timeline,
      integrity: {
        treeSize: treeSize.toString(),
        checkpoint: await this.integrity.checkpoint(treeSize),
        verifierKey: this.integrity.verifierKey,
        keyId: keyIdOf(this.integrity.verifierKey),
        howToVerify: HOW_TO_VERIFY,
        proofs,
      },
    };
  }

  /**
   * Events recorded after the pin that touched the cited provision or measure: drafts whose
   * operations touch it, conclusions whose version changed its text (or the abolition), the
   * withdrawal of such a draft, corrections of those proceedings.
   */
  private laterEvents(
    events: readonly PositionedAgreementEvent[],
    history: AgreementHistory,
    pinned: bigint,
    citation: CitationInput,
    byPosition: ReadonlyMap<bigint, RecordedEvent>,
    ref: (e: RecordedEvent, detail?: string) => DossierEventRef,
  ): LaterEvent[] {
    const touching = new Set<string>();
    const versionMadeAt = new Map<bigint, AgreementVersion>();
    for (const v of history.versions)
      if (v.recordedAtPosition !== undefined) versionMadeAt.set(v.recordedAtPosition, v);
    const later: LaterEvent[] = [];
    for (const e of events) {
      const event = e.event;
      if (event.type === 'DraftRecorded' && event.data.draft.kind === 'amendment') {
        if (event.data.draft.operations.some((op) => operationTouchesCitation(op, citation))) {
          touching.add(event.data.proceedingId);
        }
      }
      if (e.position <= pinned) continue;
      const recordedEvent = byPosition.get(e.position);
      if (recordedEvent === undefined) continue;
      switch (event.type) {
        case 'DraftRecorded':
          if (touching.has(event.data.proceedingId) && event.data.draft.kind === 'amendment') {
            later.push({ ...ref(recordedEvent), effect: 'amendment-proposed' });
          }
          break;
        case 'ProceedingConcluded': {
          if (event.data.kind === 'abolition') {
            later.push({ ...ref(recordedEvent), effect: 'abolished' });
            break;
          }
          // Its change is against the version before it in 施行日 order (its base).
          const version = versionMadeAt.get(e.position);
          const previous = version === undefined ? undefined : baseVersion(history, version);
          if (version === undefined || previous === undefined) break;
          const before = citedTextIn(previous.document, citation) ?? null;
          const after = citedTextIn(version.document, citation) ?? null;
          if (before !== after) {
            touching.add(event.data.proceedingId);
            later.push({
              ...ref(recordedEvent, event.data.retroactive?.reason),
              effect: 'text-changed',
              citedTextAfter: after,
            });
          }
          break;
        }
        case 'ProceedingWithdrawn':
          if (touching.has(event.data.proceedingId)) {
            later.push({ ...ref(recordedEvent, event.data.reason), effect: 'proposal-withdrawn' });
          }
          break;
        case 'RecordCorrected':
          if (touching.has(event.data.proceedingId)) {
            later.push({ ...ref(recordedEvent, event.data.reason), effect: 'correction' });
          }
          break;
        // Steps that change no text: they are in the agreement's history, not about the citation.
        case 'AgreementOpened':
        case 'ProceedingOpened':
        case 'CouncilResolutionRecorded':
        case 'PublicNoticeRecorded':
        case 'GovernorNotificationRecorded':
        case 'ProceedingCompleted':
          break;
      }
    }
    return later;
  }

  private citationsOf(reader: ReadModelReader, consultationId: string): ConsultationCitation[] {
    return reader
      .all<ConsultationCitation>(consultationCitationsCollection(consultationId))
      .map((d) => d.doc);
  }

  private async eventAt(position: bigint): Promise<RecordedEvent> {
    const [event] = await this.store.readAll({ after: position - 1n, limit: 1 });
    if (event === undefined || event.position !== position)
      throw new Error(`no event at position ${position}`);
    return event;
  }

  private async recordedAtOf(position: bigint, known: ReadonlyMap<string, RecordedEvent>): Promise<string> {
    const event = known.get(position.toString()) ?? (await this.eventAt(position));
    return event.metadata.recordedAt;
  }
}
