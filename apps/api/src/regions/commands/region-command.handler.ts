import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type RegionCommand, regionStreamId } from '@kyoyaku/domain';
import { type CommandContext, type CommandResult, REGION, CommandExecutor } from '@kyoyaku/runtime';
import type { InputOf } from '../../application/command-input';

/** A region command as the client states it. */
export type RegionInput = InputOf<RegionCommand, 'actor'>;

/** Any region command (連携中枢都市宣言, 都市圏ビジョンの策定). */
export class RecordRegionCommand extends Command<CommandResult> {
  constructor(
    readonly input: RegionInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Reads the region's stream, decides and appends (CommandExecutor); a region needs no other facts. */
@CommandHandler(RecordRegionCommand)
export class RegionCommandHandler implements ICommandHandler<RecordRegionCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ input, context }: RecordRegionCommand): Promise<CommandResult> {
    return this.executor.execute(
      regionStreamId(input.regionId),
      REGION,
      { ...input, actor: context.actor },
      context,
    );
  }
}
