import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type DecideCostShare, projectStreamId } from '@kyoyaku/domain';
import {
  PROJECT,
  type CommandContext,
  type CommandResult,
  CommandExecutor,
  CooperationFacts,
} from '@kyoyaku/runtime';

export class DecideCostShareCommand extends Command<CommandResult> {
  constructor(
    readonly input: Omit<DecideCostShare, 'type' | 'actor' | 'facts'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** 費用分担の決定: eligibility on the decision date and the cited consultation are read, then decided. */
@CommandHandler(DecideCostShareCommand)
export class DecideCostShareHandler implements ICommandHandler<DecideCostShareCommand, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: CooperationFacts,
  ) {}

  async execute({ input, context }: DecideCostShareCommand): Promise<CommandResult> {
    const command = await this.facts.decideCostShare(input, context.actor);
    return this.executor.execute(projectStreamId(input.projectId), PROJECT, command, context);
  }
}
