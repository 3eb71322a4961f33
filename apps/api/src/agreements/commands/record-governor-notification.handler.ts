import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { agreementStreamId, type RecordGovernorNotification } from '@kyoyaku/domain';
import { type CommandContext, type CommandResult, AGREEMENT, CommandExecutor } from '@kyoyaku/runtime';

export class RecordGovernorNotificationCommand extends Command<CommandResult> {
  constructor(
    readonly input: Omit<RecordGovernorNotification, 'type' | 'actor'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RecordGovernorNotificationCommand)
export class RecordGovernorNotificationHandler implements ICommandHandler<
  RecordGovernorNotificationCommand,
  CommandResult
> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ input, context }: RecordGovernorNotificationCommand): Promise<CommandResult> {
    return this.executor.execute(
      agreementStreamId(input.agreementId),
      AGREEMENT,
      { type: 'RecordGovernorNotification', actor: context.actor, ...input },
      context,
    );
  }
}
