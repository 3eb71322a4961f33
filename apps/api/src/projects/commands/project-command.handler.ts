import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ProjectCommand, projectStreamId } from '@kyoyaku/domain';
import {
  PROJECT,
  type CommandContext,
  type CommandResult,
  CommandExecutor,
  CooperationFacts,
  CLOCK,
  type Clock,
  japanToday,
  type WithoutFacts,
} from '@kyoyaku/runtime';

/** A project command as the client states it, before the application reads its facts. */
export type ProjectInput = WithoutFacts<ProjectCommand>;

/** Any project command (register, decide or revise a cost share, settle a fiscal year). */
export class RecordProjectCommand extends Command<CommandResult> {
  constructor(
    readonly input: ProjectInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Adds the facts the decider judges (CooperationFacts.projectCommand, with today in Japan from the
 * injected clock), then reads the project's stream, decides and appends (CommandExecutor).
 */
@CommandHandler(RecordProjectCommand)
export class ProjectCommandHandler implements ICommandHandler<RecordProjectCommand, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: CooperationFacts,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, context }: RecordProjectCommand): Promise<CommandResult> {
    const command = await this.facts.projectCommand(input, context.actor, japanToday(this.clock));
    return this.executor.execute(projectStreamId(input.projectId), PROJECT, command, context);
  }
}
