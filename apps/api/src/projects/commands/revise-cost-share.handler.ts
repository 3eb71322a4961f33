import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { projectStreamId, type ReviseCostShare } from '@kyoyaku/domain';
import {
  PROJECT,
  type CommandContext,
  type CommandResult,
  CommandExecutor,
  CooperationFacts,
} from '@kyoyaku/runtime';

export class ReviseCostShareCommand extends Command<CommandResult> {
  constructor(
    readonly input: Omit<ReviseCostShare, 'type' | 'actor' | 'facts'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** 費用分担の変更: a new decision superseding the one in force (both stay in the history). */
@CommandHandler(ReviseCostShareCommand)
export class ReviseCostShareHandler implements ICommandHandler<ReviseCostShareCommand, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: CooperationFacts,
  ) {}

  async execute({ input, context }: ReviseCostShareCommand): Promise<CommandResult> {
    const command = await this.facts.reviseCostShare(input, context.actor);
    return this.executor.execute(projectStreamId(input.projectId), PROJECT, command, context);
  }
}
