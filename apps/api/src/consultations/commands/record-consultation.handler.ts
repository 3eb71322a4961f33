import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { consultationStreamId, type RecordConsultation } from '@kyoyaku/domain';
import {
  CONSULTATION,
  type CommandContext,
  type CommandResult,
  CommandExecutor,
  CooperationFacts,
} from '@kyoyaku/runtime';

type Input<C> = Omit<C, 'type' | 'actor' | 'facts'>;

export class RecordConsultationCommand extends Command<CommandResult> {
  constructor(
    readonly input: Input<RecordConsultation>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** 開催の記録: the events the outcomes cite are looked up in the store, then decided. */
@CommandHandler(RecordConsultationCommand)
export class RecordConsultationHandler implements ICommandHandler<RecordConsultationCommand, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: CooperationFacts,
  ) {}

  async execute({ input, context }: RecordConsultationCommand): Promise<CommandResult> {
    const command = await this.facts.recordConsultation(input, context.actor);
    return this.executor.execute(consultationStreamId(input.consultationId), CONSULTATION, command, context);
  }
}
