import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type RegionCommand, regionStreamId } from '@kyoyaku/domain';
import {
  CLOCK,
  type Clock,
  type CommandContext,
  type CommandResult,
  REGION,
  CommandExecutor,
  japanToday,
} from '@kyoyaku/runtime';
import type { InputOf } from '../../application/command-input';

/** A region command as the client states it (`today` is the server's). */
export type RegionInput = InputOf<RegionCommand, 'actor' | 'today'>;

/** Any region command (連携中枢都市宣言, 都市圏ビジョンの策定, 勧告). */
export class RecordRegionCommand extends Command<CommandResult> {
  constructor(
    readonly input: RegionInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Reads the region's stream, decides and appends (CommandExecutor); every command gets today's date in Japan
 * from the injected clock (what it records may not be dated after it).
 */
@CommandHandler(RecordRegionCommand)
export class RegionCommandHandler implements ICommandHandler<RecordRegionCommand, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ input, context }: RecordRegionCommand): Promise<CommandResult> {
    const command: RegionCommand = { ...input, actor: context.actor, today: japanToday(this.clock) };
    return this.executor.execute(regionStreamId(input.regionId), REGION, command, context);
  }
}
