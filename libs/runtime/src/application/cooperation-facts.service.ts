import { Inject, Injectable } from '@nestjs/common';
import {
  type Actor,
  type AgreementHistory,
  type CitedEvent,
  type ConsultationCommand,
  consultationRecordFacts,
  consultationStreamId,
  type DecideCostShare,
  type MeasureEligibility,
  measureEligibilityOn,
  type ProjectCommand,
  projectStreamId,
  type RecordConsultation,
  type RegionMembership,
  type RegionRef,
  regionMembersOn,
  type RegisterProject,
  type ReviseCostShare,
  type ScheduleConsultation,
} from '@kyoyaku/domain';
import { EVENT_STORE, type EventStore, StreamNotFoundError } from '@kyoyaku/event-store';
import {
  COLLECTIONS,
  fromHistoryDoc,
  readHistoryDocs,
  type ReadModelReader,
  type ReadModelSource,
  type RegionDoc,
  SqliteReadModels,
} from '@kyoyaku/projections';
import { CONSULTATION, PROJECT } from './aggregates';
import { CommandExecutor } from './command-executor';

/** A region by its name for a refusal; one not declared (it cannot hold a consultation) by its id. */
export function regionNameOf(reader: ReadModelReader, regionId: string): string {
  return reader.get<RegionDoc>(COLLECTIONS.regions, regionId)?.name ?? `圏域「${regionId}」`;
}

type Input<C> = C extends unknown ? Omit<C, 'type' | 'actor' | 'facts'> : never;

/** A command as its client states it: the actor and the facts are the application's to add. */
export type WithoutFacts<C> = C extends unknown ? Omit<C, 'actor' | 'facts'> : never;

/**
 * The facts the project and consultation deciders take as input, read by the application: the region,
 * who is in force under a measure on a date (from the agreements' histories), the region's members on a
 * date, a consultation as its stream stands, and the events an outcome cites. The deciders stay pure;
 * the demo loader builds its commands with the same functions.
 */
@Injectable()
export class CooperationFacts {
  constructor(
    @Inject(SqliteReadModels) private readonly readModels: ReadModelSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly executor: CommandExecutor,
  ) {}

  private reader(): ReadModelReader {
    return this.readModels.reader();
  }

  region(regionId: string): RegionRef | null {
    const doc = this.reader().get<RegionDoc>(COLLECTIONS.regions, regionId);
    return doc === null ? null : { regionId: doc.regionId, name: doc.name, coreCity: doc.coreCity };
  }

  /** The 沿革 of every agreement of the region (their valid time answers "in force on a date"). */
  histories(regionId: string): AgreementHistory[] {
    return readHistoryDocs(this.reader())
      .map(fromHistoryDoc)
      .filter((h) => h.regionId === regionId);
  }

  eligibility(region: RegionRef | null, measureId: string, on: string): MeasureEligibility {
    if (region === null)
      return { regionId: '', measureId, on, coreCity: { code: '', name: '' }, eligible: [] };
    return measureEligibilityOn(region, this.histories(region.regionId), measureId, on);
  }

  membership(regionId: string, on: string): RegionMembership | null {
    const region = this.region(regionId);
    return region === null ? null : regionMembersOn(region, this.histories(regionId), on);
  }

  /**
   * A project command with the facts its decider judges: for 事業の登録 the region and who is in force
   * under the measure on the date; for 費用分担の決定・変更 eligibility on the decision date and the cited
   * consultation; for every one, today in Japan (what it records may not be dated after it).
   */
  projectCommand(
    input: WithoutFacts<ProjectCommand>,
    actor: Actor,
    today: string,
  ): ProjectCommand | Promise<ProjectCommand> {
    switch (input.type) {
      case 'RegisterProject':
        return this.registerProject(input, actor, today);
      case 'DecideCostShare':
        return this.decideCostShare(input, actor, today);
      case 'ReviseCostShare':
        return this.reviseCostShare(input, actor, today);
      case 'SettleCostShare':
        return { ...input, actor, facts: { today } };
    }
  }

  /**
   * A consultation command with the facts its decider judges: for 協議の予定 the region's members on
   * the date; for 開催の記録 the events the outcomes cite, as the store holds them; for the record,
   * 延期 and 中止, today in Japan.
   */
  consultationCommand(
    input: WithoutFacts<ConsultationCommand>,
    actor: Actor,
    today: string,
  ): ConsultationCommand | Promise<ConsultationCommand> {
    switch (input.type) {
      case 'ScheduleConsultation':
        return this.scheduleConsultation(input, actor);
      case 'RecordConsultation':
        return this.recordConsultation(input, actor, today);
      case 'PostponeConsultation':
      case 'CancelConsultation':
        return { ...input, actor, facts: { today } };
    }
  }

  registerProject(input: Input<RegisterProject>, actor: Actor, today: string): RegisterProject {
    const region = this.region(input.regionId);
    return {
      type: 'RegisterProject',
      actor,
      ...input,
      facts: { region, eligibility: this.eligibility(region, input.measureId, input.registeredOn), today },
    };
  }

  async decideCostShare(
    input: Input<DecideCostShare>,
    actor: Actor,
    today: string,
  ): Promise<DecideCostShare> {
    return { type: 'DecideCostShare', actor, ...input, facts: await this.decisionFacts(input, today) };
  }

  async reviseCostShare(
    input: Input<ReviseCostShare>,
    actor: Actor,
    today: string,
  ): Promise<ReviseCostShare> {
    return { type: 'ReviseCostShare', actor, ...input, facts: await this.decisionFacts(input, today) };
  }

  scheduleConsultation(input: Input<ScheduleConsultation>, actor: Actor): ScheduleConsultation {
    return {
      type: 'ScheduleConsultation',
      actor,
      ...input,
      facts: { membership: this.membership(input.regionId, input.scheduledOn) },
    };
  }

  async recordConsultation(
    input: Input<RecordConsultation>,
    actor: Actor,
    today: string,
  ): Promise<RecordConsultation> {
    const cites = input.outcomes.flatMap((o) => (o.cites === undefined ? [] : [o.cites]));
    return {
      type: 'RecordConsultation',
      actor,
      ...input,
      facts: { citedEvents: await this.citedEvents(cites), today },
    };
  }

  /** The cited events found in the store (a citation of an unknown event is simply not among them). */
  async citedEvents(cites: readonly { streamId: string; eventId: string }[]): Promise<CitedEvent[]> {
    const found: CitedEvent[] = [];
    for (const streamId of new Set(cites.map((c) => c.streamId))) {
      const events = await this.store.readStream(streamId).catch((error: unknown) => {
        if (error instanceof StreamNotFoundError) return [];
        throw error;
      });
      for (const cite of cites.filter((c) => c.streamId === streamId)) {
        const event = events.find((e) => e.eventId === cite.eventId);
        if (event !== undefined) {
          found.push({
            streamId,
            eventId: event.eventId,
            type: event.type,
            position: event.position.toString(),
          });
        }
      }
    }
    return found;
  }

  /** Eligibility on the decision date under the project's measure, the cited consultation as it stands, today. */
  private async decisionFacts(
    input: {
      projectId: string;
      decidedOn: string;
      consultationId?: string;
    },
    today: string,
  ): Promise<DecideCostShare['facts']> {
    const { state } = await this.executor.load(projectStreamId(input.projectId), PROJECT);
    const eligibility =
      state.status === 'registered'
        ? this.eligibility(this.region(state.regionId), state.measure.measureId, input.decidedOn)
        : this.eligibility(null, '', input.decidedOn);
    if (input.consultationId === undefined) return { eligibility, consultation: null, today };
    const consultation = await this.executor.load(consultationStreamId(input.consultationId), CONSULTATION);
    const named = consultationRecordFacts(consultation.state, (regionId) =>
      regionNameOf(this.reader(), regionId),
    );
    return { eligibility, consultation: named, today };
  }
}
