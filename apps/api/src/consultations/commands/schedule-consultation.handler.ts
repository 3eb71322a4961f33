import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { consultationStreamId, type ScheduleConsultation } from '@kyoyaku/domain';
import {
  CONSULTATION,
  type CommandContext,
  type CommandResult,
  CommandExecutor,
  CooperationFacts,
} from '@kyoyaku/runtime';

type Input<C> = Omit<C, 'type' | 'actor' | 'facts'>;

export class ScheduleConsultationCommand extends Command<CommandResult> {
  constructor(
    readonly input: Input<ScheduleConsultation>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** 協議の予定: the region's members on the date are read, then decided. */
@CommandHandler(ScheduleConsultationCommand)
export class ScheduleConsultationHandler implements ICommandHandler<
  ScheduleConsultationCommand,
  CommandResult
> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: CooperationFacts,
  ) {}

  execute({ input, context }: ScheduleConsultationCommand): Promise<CommandResult> {
    return this.executor.execute(
      consultationStreamId(input.consultationId),
      CONSULTATION,
      this.facts.scheduleConsultation(input, context.actor),
      context,
    );
  }
}
