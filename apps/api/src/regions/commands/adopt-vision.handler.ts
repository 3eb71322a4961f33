import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type AdoptVision, regionStreamId } from '@kyoyaku/domain';
import { type CommandContext, type CommandResult, REGION, CommandExecutor } from '@kyoyaku/runtime';

export class AdoptVisionCommand extends Command<CommandResult> {
  constructor(
    readonly input: Omit<AdoptVision, 'type' | 'actor'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(AdoptVisionCommand)
export class AdoptVisionHandler implements ICommandHandler<AdoptVisionCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ input, context }: AdoptVisionCommand): Promise<CommandResult> {
    return this.executor.execute(
      regionStreamId(input.regionId),
      REGION,
      { type: 'AdoptVision', actor: context.actor, ...input },
      context,
    );
  }
}
