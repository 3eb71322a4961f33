import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { agreementStreamId, type ProposeAbolition } from '@kyoyaku/domain';
import { type CommandContext, type CommandResult, AGREEMENT, CommandExecutor } from '@kyoyaku/runtime';

export class ProposeAbolitionCommand extends Command<CommandResult> {
  constructor(
    readonly input: Omit<ProposeAbolition, 'type' | 'actor'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ProposeAbolitionCommand)
export class ProposeAbolitionHandler implements ICommandHandler<ProposeAbolitionCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ input, context }: ProposeAbolitionCommand): Promise<CommandResult> {
    return this.executor.execute(
      agreementStreamId(input.agreementId),
      AGREEMENT,
      { type: 'ProposeAbolition', actor: context.actor, ...input },
      context,
    );
  }
}
