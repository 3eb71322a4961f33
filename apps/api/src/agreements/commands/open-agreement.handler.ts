import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  agreementStreamId,
  assertAgreementFitsRegion,
  type OpenAgreement,
  regionStreamId,
} from '@kyoyaku/domain';
import {
  type CommandContext,
  type CommandResult,
  AGREEMENT,
  REGION,
  CommandExecutor,
} from '@kyoyaku/runtime';

export class OpenAgreementCommand extends Command<CommandResult> {
  constructor(
    readonly input: Omit<OpenAgreement, 'type' | 'actor'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The region must be declared and its core city must be 甲 (a rule of the region, checked first). */
@CommandHandler(OpenAgreementCommand)
export class OpenAgreementHandler implements ICommandHandler<OpenAgreementCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ input, context }: OpenAgreementCommand): Promise<CommandResult> {
    const region = await this.executor.load(regionStreamId(input.regionId), REGION);
    assertAgreementFitsRegion(region.state, input);
    return this.executor.execute(
      agreementStreamId(input.agreementId),
      AGREEMENT,
      { type: 'OpenAgreement', actor: context.actor, ...input },
      context,
    );
  }
}
