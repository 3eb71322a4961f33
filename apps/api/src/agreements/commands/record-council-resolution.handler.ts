import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { agreementStreamId, type RecordCouncilResolution } from '@kyoyaku/domain';
import { type CommandContext, type CommandResult, AGREEMENT, CommandExecutor } from '@kyoyaku/runtime';

export class RecordCouncilResolutionCommand extends Command<CommandResult> {
  constructor(
    readonly input: Omit<RecordCouncilResolution, 'type' | 'actor'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RecordCouncilResolutionCommand)
export class RecordCouncilResolutionHandler implements ICommandHandler<
  RecordCouncilResolutionCommand,
  CommandResult
> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ input, context }: RecordCouncilResolutionCommand): Promise<CommandResult> {
    return this.executor.execute(
      agreementStreamId(input.agreementId),
      AGREEMENT,
      { type: 'RecordCouncilResolution', actor: context.actor, ...input },
      context,
    );
  }
}
