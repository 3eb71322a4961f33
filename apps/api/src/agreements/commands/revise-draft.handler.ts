import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { agreementStreamId, type ReviseDraft } from '@kyoyaku/domain';
import type { CommandContext, CommandResult } from '../../application/command-context';
import { AGREEMENT } from '../../application/aggregates';
import { CommandExecutor } from '../../application/command-executor';

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
