import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { projectStreamId, type RegisterProject } from '@kyoyaku/domain';
import {
  PROJECT,
  type CommandContext,
  type CommandResult,
  CommandExecutor,
  CooperationFacts,
} from '@kyoyaku/runtime';

export class RegisterProjectCommand extends Command<CommandResult> {
  constructor(
    readonly input: Omit<RegisterProject, 'type' | 'actor' | 'facts'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** 事業の登録: the region and who is in force under the measure on the date are read, then decided. */
@CommandHandler(RegisterProjectCommand)
export class RegisterProjectHandler implements ICommandHandler<RegisterProjectCommand, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: CooperationFacts,
  ) {}

  execute({ input, context }: RegisterProjectCommand): Promise<CommandResult> {
    return this.executor.execute(
      projectStreamId(input.projectId),
      PROJECT,
      this.facts.registerProject(input, context.actor),
      context,
    );
  }
}
