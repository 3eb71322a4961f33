import type { ApiStateDatabase } from './api-state.database';

export interface StoredResponse {
  requestDigest: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A row of `idempotency_records`, as both stores hold it. */
export interface IdempotencyRow {
  request_digest: string;
  status: number;
  headers: string;
  body: string;
}

export function toStoredResponse(row: IdempotencyRow): StoredResponse {
  return {
    requestDigest: row.request_digest,
    status: row.status,
    headers: JSON.parse(row.headers) as Record<string, string>,
    body: row.body,
  };
}

/** Expired records are deleted at most this often (a scan of the table), by the next save. */
const PURGE_INTERVAL_MS = 3_600_000;

/**
 * The first response to each (actor, Idempotency-Key), replayed to retries for `retentionHours`.
 * A record is a cache: the events a key recorded carry the key and the request's fingerprint for
 * good, and the store indexes them in the transaction that writes the events, so a retry after a
 * record expired (or was never saved: the process died after the commit) is answered from them, by
 * any process. The record itself cannot join that transaction: the answer is complete only after the
 * commit (the read-your-writes wait, the Location the route sets).
 */
export abstract class IdempotencyRepository {
  private readonly retentionMs: number;
  private nextPurge = 0;

  constructor(retentionHours: number) {
    this.retentionMs = retentionHours * 3_600_000;
  }

  /** The record, unless it is older than the retention period. */
  find(scope: string, key: string, now: Date): Promise<StoredResponse | null> {
    return this.findNewerThan(scope, key, this.expiredBefore(now));
  }

  /** Keeps the first response when two retries race (in any process); an expired one is replaced. */
  async save(scope: string, key: string, response: StoredResponse, now: Date): Promise<void> {
    if (now.getTime() >= this.nextPurge) {
      this.nextPurge = now.getTime() + PURGE_INTERVAL_MS;
      await this.deleteExpired(now);
    }
    await this.insertUnlessCurrent(scope, key, response, now.toISOString(), this.expiredBefore(now));
  }

  /** Deletes every record older than the retention period; returns how many. */
  deleteExpired(now: Date): Promise<number> {
    return this.deleteOlderThan(this.expiredBefore(now));
  }

  protected abstract findNewerThan(scope: string, key: string, since: string): Promise<StoredResponse | null>;
  /** Replaces a record of the key created before `expiredBefore`, else keeps the one there. */
  protected abstract insertUnlessCurrent(
    scope: string,
    key: string,
    response: StoredResponse,
    createdAt: string,
    expiredBefore: string,
  ): Promise<void>;
  protected abstract deleteOlderThan(instant: string): Promise<number>;

  private expiredBefore(now: Date): string {
    return new Date(now.getTime() - this.retentionMs).toISOString();
  }
}

/** The records in api.sqlite. */
export class SqliteIdempotencyRepository extends IdempotencyRepository {
  constructor(
    private readonly state: ApiStateDatabase,
    retentionHours: number,
  ) {
    super(retentionHours);
  }

  protected findNewerThan(scope: string, key: string, since: string): Promise<StoredResponse | null> {
    const row = this.state.db
      .prepare(
        `SELECT request_digest, status, headers, body FROM idempotency_records
          WHERE scope = ? AND key = ? AND created_at >= ?`,
      )
      .get(scope, key, since) as IdempotencyRow | undefined;
    return Promise.resolve(row === undefined ? null : toStoredResponse(row));
  }

  protected insertUnlessCurrent(
    scope: string,
    key: string,
    response: StoredResponse,
    createdAt: string,
    expiredBefore: string,
  ): Promise<void> {
    this.state.db
      .prepare(`DELETE FROM idempotency_records WHERE scope = ? AND key = ? AND created_at < ?`)
      .run(scope, key, expiredBefore);
    this.state.db
      .prepare(
        `INSERT OR IGNORE INTO idempotency_records (scope, key, request_digest, status, headers, body, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        scope,
        key,
        response.requestDigest,
        response.status,
        JSON.stringify(response.headers),
        response.body,
        createdAt,
      );
    return Promise.resolve();
  }

  protected deleteOlderThan(instant: string): Promise<number> {
    return Promise.resolve(
      this.state.db.prepare(`DELETE FROM idempotency_records WHERE created_at < ?`).run(instant).changes,
    );
  }
}
