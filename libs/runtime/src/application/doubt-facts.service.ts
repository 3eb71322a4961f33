import { Inject, Injectable } from '@nestjs/common';
import {
  type Actor,
  type AgreementFacts,
  agreementHistory,
  agreementStatusOn,
  agreementStreamId,
  type ConsultationFacts,
  type DoubtCommand,
  type DoubtInput,
  doubtStreamId,
  type ProceedingFacts,
  toAgreementEvent,
  toDoubtEvent,
  versionAsOf,
} from '@kyoyaku/domain';
import { regionNameOf } from './cooperation-facts.service';
import { EVENT_STORE, type EventStore, StreamNotFoundError } from '@kyoyaku/event-store';
import {
  COLLECTIONS,
  CONSULTATION_COLLECTIONS,
  type ConsultationView,
  type ProceedingDoc,
  type ReadModelSource,
  SqliteReadModels,
} from '@kyoyaku/projections';

/**
 * The facts of other aggregates a doubt command needs, read by the application and handed to the
 * pure decider as command input (the agreement at the ledger's head, a consultation, a proceeding).
 */
@Injectable()
export class DoubtFacts {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SqliteReadModels) private readonly readModels: ReadModelSource,
  ) {}

  /**
   * The command with the facts the decider judges: today in Japan (no step is dated after it); for a
   * raise, the agreement at the ledger's head (and that head); for a discussion or a resolution, the
   * consultation; for a resolution that names a follow-up, that proceeding of the doubt's agreement.
   */
  async withFacts(input: DoubtInput, actor: Actor, today: string): Promise<DoubtCommand> {
    switch (input.type) {
      case 'RaiseDoubt': {
        const { agreement, ledgerPosition } = await this.agreementOn(input.agreementId, input.raisedOn);
        return { ...input, actor, agreement, ledgerPosition: ledgerPosition.toString(), today };
      }
      case 'DiscussDoubt':
        return { ...input, actor, today, consultation: this.consultation(input.consultationId) };
      case 'ResolveDoubt': {
        const followUp = input.followUpProceedingId;
        const agreementId = followUp === undefined ? undefined : await this.agreementOfDoubt(input.doubtId);
        return {
          ...input,
          actor,
          today,
          consultation: this.consultation(input.consultationId),
          ...(followUp === undefined
            ? {}
            : {
                followUpProceeding: agreementId === undefined ? null : this.proceeding(agreementId, followUp),
              }),
        };
      }
      case 'WithdrawDoubt':
      case 'FileDisputeApplication':
      case 'AppointDisputeCommissioners':
      case 'WithdrawDisputeApplication':
      case 'PresentSettlementProposal':
      case 'NotifySettlementProposal':
      case 'PublishSettlementProposal':
      case 'RespondToSettlementProposal':
        return { ...input, actor, today };
    }
  }

  /** The agreement a doubt is about, from its first event; undefined when the doubt is not raised. */
  private async agreementOfDoubt(doubtId: string): Promise<string | undefined> {
    try {
      const [first] = await this.store.readStream(doubtStreamId(doubtId), { maxCount: 1 });
      const event = first === undefined ? undefined : toDoubtEvent(first);
      return event?.type === 'DoubtRaised' ? event.data.agreementId : undefined;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * The agreement as the ledger stands now: its parties and the version in force on `raisedOn`,
   * with the head position they were read at (the position the doubt pins).
   */
  async agreementOn(
    agreementId: string,
    raisedOn: string,
  ): Promise<{ agreement: AgreementFacts | null; ledgerPosition: bigint }> {
    const head = await this.store.headPosition();
    let events;
    try {
      events = await this.store.readStream(agreementStreamId(agreementId), { upToPosition: head });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return { agreement: null, ledgerPosition: head };
      throw error;
    }
    const history = agreementHistory(
      events.map((e) => ({ position: e.position, eventId: e.eventId, event: toAgreementEvent(e) })),
    );
    if (history === undefined) return { agreement: null, ledgerPosition: head };
    const version = versionAsOf(history, raisedOn);
    return {
      ledgerPosition: head,
      agreement: {
        agreementId: history.agreementId,
        regionId: history.regionId,
        coreCity: history.coreCity,
        partner: history.partner,
        statusOnRaisedDate: agreementStatusOn(history, raisedOn),
        ...(version === undefined
          ? {}
          : {
              versionInForce: {
                number: version.number,
                proceedingId: version.proceedingId,
                effectiveFrom: version.effectiveFrom,
                document: version.document,
              },
            }),
      },
    };
  }

  /** A consultation as the consultation register states it; null when there is none. */
  consultation(consultationId: string): ConsultationFacts | null {
    const reader = this.readModels.reader();
    const view = reader.get<ConsultationView>(CONSULTATION_COLLECTIONS.consultations, consultationId);
    if (view === null) return null;
    return {
      consultationId: view.consultationId,
      kind: view.kind,
      regionId: view.regionId,
      regionName: regionNameOf(reader, view.regionId),
      status: view.status,
      scheduledOn: view.scheduledOn,
      heldOn: view.heldOn,
      participants: view.participants,
    };
  }

  /** A proceeding of the agreement; null when the agreement has none of that id. */
  proceeding(agreementId: string, proceedingId: string): ProceedingFacts | null {
    const doc = this.readModels
      .reader()
      .get<ProceedingDoc>(COLLECTIONS.proceedings(agreementId), proceedingId);
    if (doc === null) return null;
    return { proceedingId: doc.proceedingId, kind: doc.kind, status: doc.status, openedOn: doc.openedOn };
  }
}
