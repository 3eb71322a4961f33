import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type Actor,
  type AgreementCommand,
  agreementStreamId,
  assertAgreementFitsRegion,
  regionStreamId,
} from '@kyoyaku/domain';
import { EVENT_STORE, type EventStore } from '@kyoyaku/event-store';
import {
  type CommandContext,
  type CommandResult,
  AGREEMENT,
  REGION,
  CommandExecutor,
  CLOCK,
  type Clock,
  japanToday,
} from '@kyoyaku/runtime';
import type { InputOf } from '../../application/command-input';
import { ProblemException } from '../../http/problem';

/** An agreement command as the client states it: a correction names its event by eventId. */
export type AgreementInput = InputOf<AgreementCommand, 'actor' | 'correctsRevision' | 'today'>;

/** Any agreement command (open, drafts, resolutions, conclusion, notices, proceedings, corrections). */
export class RecordAgreementCommand extends Command<CommandResult> {
  constructor(
    readonly input: AgreementInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Completes the command — today in Japan from the clock (no recorded step is dated after it); an
 * opening is checked against its region first (declared, its core city is 甲); a correction's eventId
 * becomes that event's stream revision — then reads the agreement's stream, decides and appends
 * (CommandExecutor).
 */
@CommandHandler(RecordAgreementCommand)
export class AgreementCommandHandler implements ICommandHandler<RecordAgreementCommand, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, context }: RecordAgreementCommand): Promise<CommandResult> {
    const streamId = agreementStreamId(input.agreementId);
    const command = await this.complete(input, context.actor, japanToday(this.clock), streamId);
    return this.executor.execute(streamId, AGREEMENT, command, context);
  }

  private async complete(
    input: AgreementInput,
    actor: Actor,
    today: string,
    streamId: string,
  ): Promise<AgreementCommand> {
    switch (input.type) {
      case 'OpenAgreement': {
        const region = await this.executor.load(regionStreamId(input.regionId), REGION);
        assertAgreementFitsRegion(region.state, input);
        return { ...input, actor, today };
      }
      case 'RecordCorrection':
        return { ...input, actor, today, correctsRevision: await this.revisionOf(input, streamId) };
      case 'ReviseDraft':
      case 'RecordCouncilResolution':
      case 'ConcludeProceeding':
      case 'RecordPublicNotice':
      case 'RecordGovernorNotification':
      case 'ProposeAmendment':
      case 'ProposeAbolition':
      case 'WithdrawProceeding':
        return { ...input, actor, today };
    }
  }

  /** The stream revision of the event a correction names (404 when the agreement has no such event). */
  private async revisionOf(
    input: { agreementId: string; correctsEventId: string },
    streamId: string,
  ): Promise<number> {
    const events = await this.store.readStream(streamId);
    const corrected = events.find((e) => e.eventId === input.correctsEventId);
    if (corrected === undefined) {
      throw new ProblemException({
        status: 404,
        title: 'Not Found',
        code: 'CorrectedEventNotFound',
        detail: `訂正する記録「${input.correctsEventId}」はこの連携協約の沿革にありません。訂正できる記録は協約の「沿革」の一覧にあります。`,
        errors: [{ field: 'correctsEventId', rule: 'exists', message: 'must be an event of this agreement' }],
      });
    }
    return Number(corrected.revision);
  }
}
