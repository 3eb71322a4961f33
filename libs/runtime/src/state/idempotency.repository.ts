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

/** The first response to each (actor, Idempotency-Key), replayed to retries. */
export class IdempotencyRepository {
  constructor(private readonly state: ApiStateDatabase) {}

  find(scope: string, key: string): StoredResponse | null {
    const row = this.state.db
      .prepare(
        `SELECT request_digest, status, headers, body FROM idempotency_records WHERE scope = ? AND key = ?`,
      )
      .get(scope, key) as Row | undefined;
    if (row === undefined) return null;
    return {
      requestDigest: row.request_digest,
      status: row.status,
      headers: JSON.parse(row.headers) as Record<string, string>,
      body: row.body,
    };
  }

  /** Keeps the first response when two retries race. */
  save(scope: string, key: string, response: StoredResponse, now: Date): void {
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
}
