import { Inject, Injectable } from '@nestjs/common';
import { DOUBT_STREAM_PREFIX, eventVisibility, mayReadEvent, toDoubtEvent } from '@kyoyaku/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent, StreamNotFoundError } from '@kyoyaku/event-store';
import { toWithheldEvent, type WithheldEvent } from '@kyoyaku/ledger';
import type { AuthenticatedActor } from '@kyoyaku/runtime';
import { type EventResource, toEventResource } from './event.resource';

/** Streams whose parties are remembered; a doubt's parties never change, so entries never go stale. */
const MAX_REMEMBERED_STREAMS = 10_000;

/**
 * The one visibility rule (libs/domain event-visibility) applied to stored events for a caller
 * (null: anonymous): every read path that could quote an event asks here. A party-only event's
 * parties are those of its doubt, read from the stream's first event (DoubtRaised).
 */
@Injectable()
export class EventVisibilityService {
  private readonly parties = new Map<string, readonly string[]>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** May this caller read this event in full? */
  async mayRead(actor: AuthenticatedActor | null, event: RecordedEvent): Promise<boolean> {
    const visibility = eventVisibility(event.type);
    if (visibility !== 'party-only' || actor === null || actor.role !== 'clerk') {
      // Only a clerk's answer depends on the parties.
      return mayReadEvent(actor, visibility, null);
    }
    return mayReadEvent(actor, visibility, await this.partyCodesOf(event));
  }

  /**
   * The items this caller may see of a list that quotes events by position (a consultation's
   * citedBy, a dossier's citations): each is judged by the event it quotes, read from the store.
   */
  async visibleOf<T extends { position: string }>(
    actor: AuthenticatedActor | null,
    items: readonly T[],
  ): Promise<T[]> {
    if (actor?.role === 'admin') return [...items];
    const visible: T[] = [];
    for (const item of items) {
      const position = BigInt(item.position);
      const [event] = await this.store.readAll({ after: position - 1n, limit: 1 });
      // An item whose event cannot be read is not shown: nothing unknown is quoted.
      if (event?.position === position && (await this.mayRead(actor, event))) visible.push(item);
    }
    return visible;
  }

  /** The event as this caller may see it: whole, or its stub. */
  async resourceFor(
    actor: AuthenticatedActor | null,
    event: RecordedEvent,
  ): Promise<EventResource | WithheldEvent> {
    return (await this.mayRead(actor, event)) ? toEventResource(event) : toWithheldEvent(event);
  }

  /** The codes of the parties a party-only event concerns, or null when they cannot be told. */
  private async partyCodesOf(event: RecordedEvent): Promise<readonly string[] | null> {
    if (!event.streamId.startsWith(DOUBT_STREAM_PREFIX)) return null;
    const known = this.parties.get(event.streamId);
    if (known !== undefined) return known;
    const first = event.revision === 0n ? event : await this.firstOf(event.streamId);
    if (first === null || first.type !== 'DoubtRaised') return null;
    const raised = toDoubtEvent(first);
    if (raised.type !== 'DoubtRaised') return null;
    const codes = [raised.data.parties.core.code, raised.data.parties.partner.code];
    if (this.parties.size >= MAX_REMEMBERED_STREAMS) this.parties.clear();
    this.parties.set(event.streamId, codes);
    return codes;
  }

  private async firstOf(streamId: string): Promise<RecordedEvent | null> {
    try {
      const [first] = await this.store.readStream(streamId, { maxCount: 1 });
      return first ?? null;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
  }
}
