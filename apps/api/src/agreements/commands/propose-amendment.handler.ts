import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { agreementStreamId, type ProposeAmendment } from '@kyoyaku/domain';
import { type CommandContext, type CommandResult, AGREEMENT, CommandExecutor } from '@kyoyaku/runtime';

export class ProposeAmendmentCommand extends Command<CommandResult> {
  constructor(
    readonly input: Omit<ProposeAmendment, 'type' | 'actor'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ProposeAmendmentCommand)
export class ProposeAmendmentHandler implements ICommandHandler<ProposeAmendmentCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ input, context }: ProposeAmendmentCommand): Promise<CommandResult> {
    return this.executor.execute(
      agreementStreamId(input.agreementId),
      AGREEMENT,
      { type: 'ProposeAmendment', actor: context.actor, ...input },
      context,
    );
  }
}
