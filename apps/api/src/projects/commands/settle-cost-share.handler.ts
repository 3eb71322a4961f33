import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { projectStreamId, type SettleCostShare } from '@kyoyaku/domain';
import { PROJECT, type CommandContext, type CommandResult, CommandExecutor } from '@kyoyaku/runtime';

export class SettleCostShareCommand extends Command<CommandResult> {
  constructor(
    readonly input: Omit<SettleCostShare, 'type' | 'actor'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** 決算: the actual cost of a fiscal year, allocated against the decision in force. */
@CommandHandler(SettleCostShareCommand)
export class SettleCostShareHandler implements ICommandHandler<SettleCostShareCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ input, context }: SettleCostShareCommand): Promise<CommandResult> {
    return this.executor.execute(
      projectStreamId(input.projectId),
      PROJECT,
      { type: 'SettleCostShare', actor: context.actor, ...input },
      context,
    );
  }
}
