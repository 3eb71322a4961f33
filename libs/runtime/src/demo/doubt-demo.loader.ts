import type { EventStore } from '@kyoyaku/event-store';
import type { ReadModelSource } from '@kyoyaku/projections';
import type { DoubtFixtureStep } from './aomori';
import { DOUBT } from '../application/aggregates';
import type { CommandContext } from '../application/command-context';
import type { CommandExecutor } from '../application/command-executor';
import { japanToday } from '../open-ledger/clock';
import { DoubtFacts } from '../application/doubt-facts.service';

/** Runs the demo's doubt steps with the facts the API would read at that moment. */
export class DoubtDemoLoader {
  private readonly facts: DoubtFacts;

  constructor(
    store: EventStore,
    readModels: ReadModelSource,
    private readonly executor: CommandExecutor,
  ) {
    this.facts = new DoubtFacts(store, readModels);
  }

  async run(step: DoubtFixtureStep): Promise<void> {
    const context: CommandContext = {
      actor: step.actor,
      correlationId: `demo-doubt-${step.seq}`,
      source: 'import',
      illustrative: step.illustrative,
    };
    const today = japanToday({ now: () => new Date(step.recordedAt) });
    const command = await this.facts.withFacts(step.command, step.actor, today);
    await this.executor.execute(step.streamId, DOUBT, command, context);
  }
}
