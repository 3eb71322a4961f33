import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type DoubtInput, doubtStreamId } from '@kyoyaku/domain';
import {
  type CommandContext,
  type CommandResult,
  DOUBT,
  CommandExecutor,
  CLOCK,
  type Clock,
  japanToday,
  DoubtFacts,
} from '@kyoyaku/runtime';

/** Any doubt command as the client states it (raise, discuss, resolve, withdraw, the dispute's steps). */
export class RecordDoubtCommand extends Command<CommandResult> {
  constructor(
    readonly input: DoubtInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Adds what the decider needs from elsewhere as command input — the agreement and the ledger head a
 * raise pins, the consultation a discussion or resolution names, the follow-up proceeding, today —
 * then reads the doubt's stream, decides and appends (CommandExecutor).
 */
@CommandHandler(RecordDoubtCommand)
export class DoubtCommandHandler implements ICommandHandler<RecordDoubtCommand, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: DoubtFacts,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, context }: RecordDoubtCommand): Promise<CommandResult> {
    const command = await this.facts.withFacts(input, context.actor, japanToday(this.clock));
    return this.executor.execute(doubtStreamId(input.doubtId), DOUBT, command, context);
  }
}
