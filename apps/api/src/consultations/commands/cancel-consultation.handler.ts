import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { consultationStreamId, type CancelConsultation } from '@kyoyaku/domain';
import { CONSULTATION, type CommandContext, type CommandResult, CommandExecutor } from '@kyoyaku/runtime';

type Input<C> = Omit<C, 'type' | 'actor' | 'facts'>;

export class CancelConsultationCommand extends Command<CommandResult> {
  constructor(
    readonly input: Input<CancelConsultation>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CancelConsultationCommand)
export class CancelConsultationHandler implements ICommandHandler<CancelConsultationCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ input, context }: CancelConsultationCommand): Promise<CommandResult> {
    return this.executor.execute(
      consultationStreamId(input.consultationId),
      CONSULTATION,
      { type: 'CancelConsultation', actor: context.actor, ...input },
      context,
    );
  }
}
