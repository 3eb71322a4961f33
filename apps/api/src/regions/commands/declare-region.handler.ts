import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type DeclareRegion, regionDecider, regionStreamId } from '@kyoyaku/domain';
import type { CommandContext, CommandResult } from '../../application/command-context';
import { CommandExecutor } from '../../application/command-executor';

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
      regionDecider,
      { type: 'DeclareRegion', actor: context.actor, ...input },
      context,
    );
  }
}
