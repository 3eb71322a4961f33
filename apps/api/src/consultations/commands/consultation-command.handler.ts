import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ConsultationCommand, consultationStreamId } from '@kyoyaku/domain';
import {
  CONSULTATION,
  type CommandContext,
  type CommandResult,
  CommandExecutor,
  CooperationFacts,
  CLOCK,
  type Clock,
  japanToday,
  type WithoutFacts,
} from '@kyoyaku/runtime';

/** A consultation command as the client states it, before the application reads its facts. */
export type ConsultationInput = WithoutFacts<ConsultationCommand>;

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
 * Adds the facts the decider judges (CooperationFacts.consultationCommand, with today in Japan from
 * the injected clock), then reads the consultation's stream, decides and appends (CommandExecutor).
 */
@CommandHandler(RecordConsultationCommand)
export class ConsultationCommandHandler implements ICommandHandler<RecordConsultationCommand, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: CooperationFacts,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, context }: RecordConsultationCommand): Promise<CommandResult> {
    const command = await this.facts.consultationCommand(input, context.actor, japanToday(this.clock));
    return this.executor.execute(consultationStreamId(input.consultationId), CONSULTATION, command, context);
  }
}
