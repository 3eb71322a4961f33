import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { agreementDecider, agreementStreamId, type OpenAgreement } from '@kyoyaku/domain';
import type { CommandContext, CommandResult } from '../../application/command-context';
import { CommandExecutor } from '../../application/command-executor';

export class OpenAgreementCommand extends Command<CommandResult> {
  constructor(
    readonly input: Omit<OpenAgreement, 'type' | 'actor'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(OpenAgreementCommand)
export class OpenAgreementHandler implements ICommandHandler<OpenAgreementCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ input, context }: OpenAgreementCommand): Promise<CommandResult> {
    return this.executor.execute(
      agreementStreamId(input.agreementId),
      agreementDecider,
      { type: 'OpenAgreement', actor: context.actor, ...input },
      context,
    );
  }
}
