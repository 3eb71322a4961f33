import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { consultationStreamId, type PostponeConsultation } from '@kyoyaku/domain';
import { CONSULTATION, type CommandContext, type CommandResult, CommandExecutor } from '@kyoyaku/runtime';

type Input<C> = Omit<C, 'type' | 'actor' | 'facts'>;

export class PostponeConsultationCommand extends Command<CommandResult> {
  constructor(
    readonly input: Input<PostponeConsultation>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(PostponeConsultationCommand)
export class PostponeConsultationHandler implements ICommandHandler<
  PostponeConsultationCommand,
  CommandResult
> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ input, context }: PostponeConsultationCommand): Promise<CommandResult> {
    return this.executor.execute(
      consultationStreamId(input.consultationId),
      CONSULTATION,
      { type: 'PostponeConsultation', actor: context.actor, ...input },
      context,
    );
  }
}
