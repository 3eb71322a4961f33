import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type DeclareRegion, regionStreamId } from '@kyoyaku/domain';
import { type CommandContext, type CommandResult, REGION, CommandExecutor } from '@kyoyaku/runtime';

export class DeclareRegionCommand extends Command<CommandResult> {
  constructor(
    readonly input: Omit<DeclareRegion, 'type' | 'actor'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(DeclareRegionCommand)
export class DeclareRegionHandler implements ICommandHandler<DeclareRegionCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ input, context }: DeclareRegionCommand): Promise<CommandResult> {
    return this.executor.execute(
      regionStreamId(input.regionId),
      REGION,
      { type: 'DeclareRegion', actor: context.actor, ...input },
      context,
    );
  }
}
