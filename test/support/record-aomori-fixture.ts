import {
  agreementDecider,
  type DomainEvent,
  regionDecider,
  toAgreementEvent,
  toRegionEvent,
} from '@kyoyaku/domain';
import type { EventStore, JsonObject, RecordedEvent } from '@kyoyaku/event-store';
import { AOMORI_FIXTURE_STEPS, resolveFixtureCommand } from '../fixtures/aomori';

/** Records the 青森圏域 fixture history into a real store, through the real deciders. */
export async function recordAomoriFixture(store: EventStore): Promise<void> {
  for (const step of AOMORI_FIXTURE_STEPS) {
    const stream = await store.readStream(step.streamId).catch((): RecordedEvent[] => []);
    const revision = stream.at(-1)?.revision ?? null;
    const metadata = {
      actor: step.actor,
      correlationId: `fixture-${step.seq}`,
      source: 'import' as const,
      ...(step.illustrative ? { illustrative: true as const } : {}),
    };
    const events =
      step.aggregate === 'region'
        ? regionDecider.decide(
            step.command,
            stream.reduce((s, e) => regionDecider.evolve(s, toRegionEvent(e)), regionDecider.initialState()),
          )
        : agreementDecider.decide(
            resolveFixtureCommand(
              step,
              (_s, r) => stream.find((e) => e.revision === BigInt(r))?.eventId ?? '',
            ),
            stream.reduce(
              (s, e) => agreementDecider.evolve(s, toAgreementEvent(e)),
              agreementDecider.initialState(),
            ),
          );
    await store.append(
      step.streamId,
      events.map((e: DomainEvent) => ({
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: e.data as JsonObject,
        metadata,
      })),
      { expectedRevision: revision ?? 'no_stream' },
    );
  }
}
