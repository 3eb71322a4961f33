import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { agreementStreamId, type RecordCorrection } from '@kyoyaku/domain';
import { EVENT_STORE, type EventStore } from '@kyoyaku/event-store';
import { type CommandContext, type CommandResult, AGREEMENT, CommandExecutor } from '@kyoyaku/runtime';
import { ProblemException } from '../../http/problem';

export class RecordCorrectionCommand extends Command<CommandResult> {
  constructor(
    readonly input: Omit<RecordCorrection, 'type' | 'actor' | 'correctsRevision'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The client names the corrected event by its eventId; the domain works with its stream revision. */
@CommandHandler(RecordCorrectionCommand)
export class RecordCorrectionHandler implements ICommandHandler<RecordCorrectionCommand, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ input, context }: RecordCorrectionCommand): Promise<CommandResult> {
    const streamId = agreementStreamId(input.agreementId);
    const events = await this.store.readStream(streamId);
    const corrected = events.find((e) => e.eventId === input.correctsEventId);
    if (corrected === undefined) {
      throw new ProblemException({
        status: 404,
        title: 'Not Found',
        code: 'CorrectedEventNotFound',
        detail: `No event ${input.correctsEventId} is recorded for agreement ${input.agreementId}; name an eventId from its history.`,
        errors: [{ field: 'correctsEventId', rule: 'exists', message: 'must be an event of this agreement' }],
      });
    }
    return this.executor.execute(
      streamId,
      AGREEMENT,
      {
        type: 'RecordCorrection',
        actor: context.actor,
        ...input,
        correctsRevision: Number(corrected.revision),
      },
      context,
    );
  }
}
