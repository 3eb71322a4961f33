import type { Pool, PoolClient, QueryResult } from 'pg';
import { recordedEventFromEnvelope } from '../event-hash';
import { type CommittedEnvelope, committedEnvelope } from '../event-import';
import { EventStoreError, StreamNotFoundError } from '../event-store.errors';
import type { AppendResult, ReadAllOptions, ReadStreamOptions, RecordedEvent } from '../event-store.port';
import {
  validateIdempotencyKey,
  validateReadAllOptions,
  validateReadStreamOptions,
  validateStreamId,
} from '../event-store.validation';
import { isConnectionError, unavailable } from './postgres-connection';

export const EVENT_COLUMNS = 'position, hash, envelope';
const MAX_INT64 = 2n ** 63n - 1n;

export function rowsToEvents(result: QueryResult<[string, string, string]>): RecordedEvent[] {
  return result.rows.map(([position, hash, envelope]) =>
    recordedEventFromEnvelope(BigInt(position), hash, envelope),
  );
}

/** Events already stored after a position, in order, at most `limit` (a participant's catch-up). */
export async function envelopesAfter(
  client: PoolClient,
  position: bigint,
  limit: number,
): Promise<CommittedEnvelope[]> {
  const result = await client.query<[string, string]>({
    text: 'SELECT position, envelope FROM events WHERE position > $1 ORDER BY position LIMIT $2',
    values: [position.toString(), limit],
    rowMode: 'array',
  });
  return result.rows.map(([p, envelope]) => committedEnvelope(BigInt(p), envelope));
}

/**
 * The reads of the PostgreSQL event store, on its pool: they take no lock and see whole, ordered
 * prefixes of the log.
 */
export class PostgresEventReader {
  constructor(
    private readonly pool: Pool,
    /** Throws once the store is closed. */
    private readonly assertOpen: () => void,
    private readonly isClosed: () => boolean,
  ) {}

  /** A read on the pool; a pooled connection the server closed while idle is replaced once. */
  private async read<T>(what: string, work: (pool: Pool) => Promise<T>): Promise<T> {
    this.assertOpen();
    try {
      return await work(this.pool);
    } catch (error) {
      if (error instanceof EventStoreError) throw error;
      if (!isConnectionError(error) || this.isClosed()) throw unavailable(`${what} failed`, error);
      try {
        return await work(this.pool);
      } catch (retryError) {
        if (retryError instanceof EventStoreError) throw retryError;
        throw unavailable(`${what} failed`, retryError);
      }
    }
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const stream = validateStreamId(streamId);
    const o = validateReadStreamOptions(options);
    const upTo = o.upToPosition ?? MAX_INT64;
    const forward = o.direction === 'forward';
    return this.read('readStream', async (pool) => {
      const rows = await pool.query<[string, string, string]>({
        text: `SELECT ${EVENT_COLUMNS} FROM events
                WHERE stream_id = $1 AND revision ${forward ? '>=' : '<='} $2 AND position <= $3
                ORDER BY revision ${forward ? 'ASC' : 'DESC'} LIMIT $4`,
        values: [
          stream,
          (o.fromRevision ?? (forward ? 0n : MAX_INT64)).toString(),
          upTo.toString(),
          o.maxCount,
        ],
        rowMode: 'array',
      });
      if (rows.rows.length === 0) {
        const start = await pool.query<{ position: string }>(
          'SELECT position FROM events WHERE stream_id = $1 AND revision = 0',
          [stream],
        );
        const first = start.rows[0]?.position;
        if (first === undefined || BigInt(first) > upTo) throw new StreamNotFoundError(stream);
      }
      return rowsToEvents(rows);
    });
  }

  async streamRevision(streamId: string): Promise<bigint | null> {
    const stream = validateStreamId(streamId);
    return this.read('streamRevision', async (pool) => {
      const result = await pool.query<{ revision: string }>(
        'SELECT revision FROM events WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1',
        [stream],
      );
      const revision = result.rows[0]?.revision;
      return revision === undefined ? null : BigInt(revision);
    });
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const { after, limit } = validateReadAllOptions(options);
    return this.read('readAll', async (pool) =>
      rowsToEvents(
        await pool.query<[string, string, string]>({
          text: `SELECT ${EVENT_COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2`,
          values: [after.toString(), limit],
          rowMode: 'array',
        }),
      ),
    );
  }

  async findIdempotentAppend(idempotencyKey: string): Promise<AppendResult | null> {
    const key = validateIdempotencyKey(idempotencyKey);
    return this.read('findIdempotentAppend', async (pool) => {
      // One statement: the key and its events are read from the same snapshot.
      const events = rowsToEvents(
        await pool.query<[string, string, string]>({
          text: `SELECT ${EVENT_COLUMNS} FROM events e
                   JOIN idempotency_keys k ON e.position BETWEEN k.first_position AND k.last_position
                  WHERE k.idempotency_key = $1 ORDER BY e.position`,
          values: [key],
          rowMode: 'array',
        }),
      );
      const last = events.at(-1);
      if (last === undefined) return null;
      return {
        streamId: last.streamId,
        nextExpectedRevision: last.revision,
        position: last.position,
        events,
        replayed: true,
      };
    });
  }

  async headPosition(): Promise<bigint> {
    return this.read('headPosition', async (pool) => {
      const result = await pool.query<{ head: string }>(
        'SELECT coalesce(max(position), 0) AS head FROM events',
      );
      return BigInt(result.rows[0]?.head ?? '0');
    });
  }
}
