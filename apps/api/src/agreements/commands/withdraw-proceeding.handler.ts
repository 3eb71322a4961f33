import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { agreementStreamId, type WithdrawProceeding } from '@kyoyaku/domain';
import { type CommandContext, type CommandResult, AGREEMENT, CommandExecutor } from '@kyoyaku/runtime';

export class WithdrawProceedingCommand extends Command<CommandResult> {
  constructor(
    readonly input: Omit<WithdrawProceeding, 'type' | 'actor'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(WithdrawProceedingCommand)
export class WithdrawProceedingHandler implements ICommandHandler<WithdrawProceedingCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ input, context }: WithdrawProceedingCommand): Promise<CommandResult> {
    return this.executor.execute(
      agreementStreamId(input.agreementId),
      AGREEMENT,
      { type: 'WithdrawProceeding', actor: context.actor, ...input },
      context,
    );
  }
}
