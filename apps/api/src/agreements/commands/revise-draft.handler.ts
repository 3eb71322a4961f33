import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { agreementStreamId, type ReviseDraft } from '@kyoyaku/domain';
import { type CommandContext, type CommandResult, AGREEMENT, CommandExecutor } from '@kyoyaku/runtime';

export class ReviseDraftCommand extends Command<CommandResult> {
  constructor(
    readonly input: Omit<ReviseDraft, 'type' | 'actor'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ReviseDraftCommand)
export class ReviseDraftHandler implements ICommandHandler<ReviseDraftCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ input, context }: ReviseDraftCommand): Promise<CommandResult> {
    return this.executor.execute(
      agreementStreamId(input.agreementId),
      AGREEMENT,
      { type: 'ReviseDraft', actor: context.actor, ...input },
      context,
    );
  }
}
