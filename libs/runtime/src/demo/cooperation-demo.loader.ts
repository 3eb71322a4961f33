import type { EventStore, RecordedEvent } from '@kyoyaku/event-store';
import type { ReadModelSource } from '@kyoyaku/projections';
import type { ProjectCommand } from '@kyoyaku/domain';
import { type CooperationInput, type CooperationStep, resolveCooperationCommand } from './aomori';
import { CONSULTATION, PROJECT } from '../application/aggregates';
import type { CommandContext } from '../application/command-context';
import type { CommandExecutor } from '../application/command-executor';
import { CooperationFacts, type WithoutFacts } from '../application/cooperation-facts.service';
import { japanToday } from '../open-ledger/clock';

/** Runs the demo's project, cost-share and consultation steps with the facts the API would read. */
export class CooperationDemoLoader {
  private readonly facts: CooperationFacts;

  constructor(
    private readonly store: EventStore,
    readModels: ReadModelSource,
    private readonly executor: CommandExecutor,
  ) {
    this.facts = new CooperationFacts(readModels, store, executor);
  }

  async run(step: CooperationStep): Promise<void> {
    const context: CommandContext = {
      actor: step.actor,
      correlationId: `demo-cooperation-${step.seq}`,
      source: 'import',
      illustrative: step.illustrative,
    };
    const input = await this.resolve(step.command);
    const { actor } = step;
    // As the API does: today is the date in Japan of the instant the step is recorded at.
    const today = japanToday({ now: () => new Date(step.recordedAt) });
    if (isProjectInput(input)) {
      const command = await this.facts.projectCommand(input, actor, today);
      await this.executor.execute(step.streamId, PROJECT, command, context);
    } else {
      const command = await this.facts.consultationCommand(input, actor, today);
      await this.executor.execute(step.streamId, CONSULTATION, command, context);
    }
  }

  /** Replaces the fixture's placeholder ids of cited events with the ids this store gave them. */
  private async resolve(command: CooperationInput): Promise<CooperationInput> {
    if (command.type !== 'RecordConsultation') return command;
    const streams = new Map<string, RecordedEvent[]>();
    for (const outcome of command.outcomes) {
      const streamId = outcome.cites?.streamId;
      if (streamId !== undefined && !streams.has(streamId))
        streams.set(streamId, await this.store.readStream(streamId));
    }
    return resolveCooperationCommand(command, (streamId, revision) => {
      const event = streams.get(streamId)?.find((e) => e.revision === BigInt(revision));
      if (event === undefined) throw new Error(`demo: no event at revision ${revision} of ${streamId}`);
      return event.eventId;
    });
  }
}

const PROJECT_COMMANDS: ReadonlySet<string> = new Set<ProjectCommand['type']>([
  'RegisterProject',
  'DecideCostShare',
  'ReviseCostShare',
  'SettleCostShare',
]);

function isProjectInput(input: CooperationInput): input is WithoutFacts<ProjectCommand> {
  return PROJECT_COMMANDS.has(input.type);
}
