import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { agreementStreamId, type ConcludeProceeding } from '@kyoyaku/domain';
import { type CommandContext, type CommandResult, AGREEMENT, CommandExecutor } from '@kyoyaku/runtime';

export class ConcludeProceedingCommand extends Command<CommandResult> {
  constructor(
    readonly input: Omit<ConcludeProceeding, 'type' | 'actor'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ConcludeProceedingCommand)
export class ConcludeProceedingHandler implements ICommandHandler<ConcludeProceedingCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ input, context }: ConcludeProceedingCommand): Promise<CommandResult> {
    return this.executor.execute(
      agreementStreamId(input.agreementId),
      AGREEMENT,
      { type: 'ConcludeProceeding', actor: context.actor, ...input },
      context,
    );
  }
}
