import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { agreementStreamId, type RecordPublicNotice } from '@kyoyaku/domain';
import { type CommandContext, type CommandResult, AGREEMENT, CommandExecutor } from '@kyoyaku/runtime';

export class RecordPublicNoticeCommand extends Command<CommandResult> {
  constructor(
    readonly input: Omit<RecordPublicNotice, 'type' | 'actor'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RecordPublicNoticeCommand)
export class RecordPublicNoticeHandler implements ICommandHandler<RecordPublicNoticeCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ input, context }: RecordPublicNoticeCommand): Promise<CommandResult> {
    return this.executor.execute(
      agreementStreamId(input.agreementId),
      AGREEMENT,
      { type: 'RecordPublicNotice', actor: context.actor, ...input },
      context,
    );
  }
}
