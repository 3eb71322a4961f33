import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Actor, type ConsultationCommand, consultationStreamId } from '@kyoyaku/domain';
import {
  CONSULTATION,
  type CommandContext,
  type CommandResult,
  CommandExecutor,
  CooperationFacts,
  CLOCK,
  type Clock,
  japanToday,
} from '@kyoyaku/runtime';
import type { InputOf } from '../../application/command-input';

/** A consultation command as the client states it, before the application reads its facts. */
export type ConsultationInput = InputOf<ConsultationCommand, 'actor' | 'facts'>;

/** Any consultation command (schedule, record the meeting held, postpone, cancel). */
export class RecordConsultationCommand extends Command<CommandResult> {
  constructor(
    readonly input: ConsultationInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Adds the facts the decider judges — for 協議の予定 the region's members on the date; for 開催の記録
 * the events the outcomes cite as the store holds them, and today in Japan; for 延期 and 中止 today —
 * then reads the consultation's stream, decides and appends (CommandExecutor).
 */
@CommandHandler(RecordConsultationCommand)
export class ConsultationCommandHandler implements ICommandHandler<RecordConsultationCommand, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: CooperationFacts,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, context }: RecordConsultationCommand): Promise<CommandResult> {
    const command = await this.withFacts(input, context.actor);
    return this.executor.execute(consultationStreamId(input.consultationId), CONSULTATION, command, context);
  }

  private withFacts(
    input: ConsultationInput,
    actor: Actor,
  ): ConsultationCommand | Promise<ConsultationCommand> {
    const today = japanToday(this.clock);
    switch (input.type) {
      case 'ScheduleConsultation':
        return this.facts.scheduleConsultation(input, actor);
      case 'RecordConsultation':
        return this.facts.recordConsultation(input, actor, today);
      case 'PostponeConsultation':
      case 'CancelConsultation':
        return { ...input, actor, facts: { today } };
    }
  }
}
