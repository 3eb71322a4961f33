import type { Pool } from 'pg';
import { checkImportedEvents, committedEnvelope } from '../event-import';
import { EventStoreError } from '../event-store.errors';
import type { RecordedEvent } from '../event-store.port';
import { batchStatements, emptyBatchState } from './postgres-batch-state';
import type { PostgresCommitParticipant, PostgresParticipantRows } from './postgres-commit-participant';
import { inTransaction, unavailable } from './postgres-connection';

/**
 * Writes recorded events verbatim (EventImporter), in one transaction under the append lock:
 * each must verify (its hash recomputes from the envelope), continue its stream (next revision,
 * prevHash = the stream's last hash) and take the next global position, with an event id not yet
 * recorded. Anything else is refused with InvalidEvent and nothing of the call is written.
 * Idempotency keys in the events' metadata are kept there but are not made answerable again.
 */
export async function importIntoPostgres(
  pool: Pool,
  appendLock: string,
  participants: readonly PostgresCommitParticipant[],
  events: readonly RecordedEvent[],
  { streamIds, eventIds }: { streamIds: string[]; eventIds: string[] },
): Promise<void> {
  try {
    await inTransaction(pool, async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(${appendLock})`);
      const head = await client.query<{ head: string }>(
        'SELECT coalesce(max(position), 0) AS head FROM events',
      );
      const heads = await client.query<{ stream_id: string; revision: string; hash: string }>(
        `SELECT s.stream_id, e.revision, e.hash FROM unnest($1::text[]) AS s (stream_id)
           CROSS JOIN LATERAL (SELECT revision, hash FROM events WHERE events.stream_id = s.stream_id
                               ORDER BY revision DESC LIMIT 1) e`,
        [streamIds],
      );
      const taken = await client.query<{ event_id: string }>(
        'SELECT event_id FROM events WHERE event_id = ANY($1::text[])',
        [eventIds],
      );
      const plan = checkImportedEvents(
        events,
        BigInt(head.rows[0]?.head ?? '0'),
        new Map(heads.rows.map((r) => [r.stream_id, { revision: BigInt(r.revision), hash: r.hash }])),
        new Set(taken.rows.map((r) => r.event_id)),
      );
      const state = emptyBatchState(0n, undefined, '');
      for (const { event, envelope } of plan) {
        state.rows.push(event, envelope);
        state.written.push(committedEnvelope(event.position, envelope));
      }
      const rows: PostgresParticipantRows[] = [];
      for (const participant of participants) {
        const mine = await participant.onCommit(client, state.written);
        if (mine !== null) rows.push(mine);
      }
      for (const statement of batchStatements(state, rows, null)) await client.query(statement);
    });
  } catch (error) {
    if (error instanceof EventStoreError) throw error;
    throw unavailable('the import could not be committed; none of it was kept', error);
  }
  for (const participant of participants) participant.afterCommit?.();
}
