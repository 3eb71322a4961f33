import type { ApiStateDatabase } from './api-state.database';

export interface StoredResponse {
  requestDigest: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Row {
  request_digest: string;
  status: number;
  headers: string;
  body: string;
}

/** Expired records are deleted at most this often (a scan of the table), by the next save. */
const PURGE_INTERVAL_MS = 3_600_000;

/**
 * The first response to each (actor, Idempotency-Key), replayed to retries for `retentionHours`.
 * A record is a cache: the events a key recorded carry the key and the request's fingerprint for
 * good, so a retry after a record expired (or was never saved) is answered from them.
 */
export class IdempotencyRepository {
  private readonly retentionMs: number;
  private nextPurge = 0;

  constructor(
    private readonly state: ApiStateDatabase,
    retentionHours: number,
  ) {
    this.retentionMs = retentionHours * 3_600_000;
  }

  /** The record, unless it is older than the retention period. */
  find(scope: string, key: string, now: Date): StoredResponse | null {
    const row = this.state.db
      .prepare(
        `SELECT request_digest, status, headers, body FROM idempotency_records
          WHERE scope = ? AND key = ? AND created_at >= ?`,
      )
      .get(scope, key, this.expiredBefore(now)) as Row | undefined;
    if (row === undefined) return null;
    return {
      requestDigest: row.request_digest,
      status: row.status,
      headers: JSON.parse(row.headers) as Record<string, string>,
      body: row.body,
    };
  }

  /** Keeps the first response when two retries race; an expired one is replaced. */
  save(scope: string, key: string, response: StoredResponse, now: Date): void {
    if (now.getTime() >= this.nextPurge) {
      this.deleteExpired(now);
      this.nextPurge = now.getTime() + PURGE_INTERVAL_MS;
    }
    this.state.db
      .prepare(`DELETE FROM idempotency_records WHERE scope = ? AND key = ? AND created_at < ?`)
      .run(scope, key, this.expiredBefore(now));
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
        now.toISOString(),
      );
  }

  /** Deletes every record older than the retention period; returns how many. */
  deleteExpired(now: Date): number {
    return this.state.db
      .prepare(`DELETE FROM idempotency_records WHERE created_at < ?`)
      .run(this.expiredBefore(now)).changes;
  }

  private expiredBefore(now: Date): string {
    return new Date(now.getTime() - this.retentionMs).toISOString();
  }
}
