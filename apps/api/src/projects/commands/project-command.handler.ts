import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Actor, type ProjectCommand, projectStreamId } from '@kyoyaku/domain';
import {
  PROJECT,
  type CommandContext,
  type CommandResult,
  CommandExecutor,
  CooperationFacts,
  CLOCK,
  type Clock,
  japanToday,
} from '@kyoyaku/runtime';
import type { InputOf } from '../../application/command-input';

/** A project command as the client states it, before the application reads its facts. */
export type ProjectInput = InputOf<ProjectCommand, 'actor' | 'facts'>;

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
 * Adds the facts the decider judges — for 事業の登録 the region and who is in force under the
 * measure on the date; for 費用分担の決定・変更 eligibility on the decision date, the cited
 * consultation and today in Japan; for 決算 today (it is allocated against the decision in force) —
 * then reads the project's stream, decides and appends (CommandExecutor).
 */
@CommandHandler(RecordProjectCommand)
export class ProjectCommandHandler implements ICommandHandler<RecordProjectCommand, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: CooperationFacts,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, context }: RecordProjectCommand): Promise<CommandResult> {
    const command = await this.withFacts(input, context.actor);
    return this.executor.execute(projectStreamId(input.projectId), PROJECT, command, context);
  }

  private withFacts(input: ProjectInput, actor: Actor): ProjectCommand | Promise<ProjectCommand> {
    const today = japanToday(this.clock);
    switch (input.type) {
      case 'RegisterProject':
        return this.facts.registerProject(input, actor, today);
      case 'DecideCostShare':
        return this.facts.decideCostShare(input, actor, today);
      case 'ReviseCostShare':
        return this.facts.reviseCostShare(input, actor, today);
      case 'SettleCostShare':
        return { ...input, actor, facts: { today } };
    }
  }
}
