import {
  AccessTokenRepository,
  type AccessTokenRecord,
  type IssuedToken,
  type IssueTokenInput,
  matchToken,
  newToken,
  type TokenRow,
  toTokenRecord,
} from './access-token.repository';
import {
  ACCESS_LOG_COLUMNS,
  accessRowValues,
  type DossierAccess,
  type DossierAccessEntry,
  DossierAccessLogRepository,
  type DossierAccessRow,
  nextAccessEntry,
  toAccessEntry,
} from './dossier-access-log.repository';
import {
  type IdempotencyRow,
  IdempotencyRepository,
  type StoredResponse,
  toStoredResponse,
} from './idempotency.repository';
import type { PostgresApiStateDatabase } from './postgres-api-state.database';

/** The tokens in PostgreSQL: every request reads the active ones, so a revocation anywhere counts at once. */
export class PostgresAccessTokenRepository extends AccessTokenRepository {
  constructor(private readonly state: PostgresApiStateDatabase) {
    super();
  }

  async issue(input: IssueTokenInput): Promise<IssuedToken> {
    const { token, row } = newToken(input);
    await this.state.query(
      `INSERT INTO access_tokens (id, token_hash, role, municipality_code, label, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [row.id, row.token_hash, row.role, row.municipality_code, row.label, row.created_at],
    );
    return { token, record: toTokenRecord(row) };
  }

  async authenticate(token: string): Promise<AccessTokenRecord | null> {
    const { rows } = await this.state.query<TokenRow>(`SELECT * FROM access_tokens WHERE revoked_at IS NULL`);
    return matchToken(rows, token);
  }

  async find(id: string): Promise<AccessTokenRecord | null> {
    const { rows } = await this.state.query<TokenRow>(`SELECT * FROM access_tokens WHERE id = $1`, [id]);
    const row = rows[0];
    return row === undefined ? null : toTokenRecord(row);
  }

  async list(): Promise<AccessTokenRecord[]> {
    const { rows } = await this.state.query<TokenRow>(`SELECT * FROM access_tokens ORDER BY created_at, id`);
    return rows.map(toTokenRecord);
  }

  async revoke(id: string, now: Date): Promise<boolean> {
    const { rowCount } = await this.state.query(
      `UPDATE access_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`,
      [now.toISOString(), id],
    );
    return rowCount === 1;
  }
}

/** The Idempotency-Key records in PostgreSQL: a retry sent to any process finds the first answer. */
export class PostgresIdempotencyRepository extends IdempotencyRepository {
  constructor(
    private readonly state: PostgresApiStateDatabase,
    retentionHours: number,
  ) {
    super(retentionHours);
  }

  protected async findNewerThan(scope: string, key: string, since: string): Promise<StoredResponse | null> {
    const { rows } = await this.state.query<IdempotencyRow>(
      `SELECT request_digest, status, headers, body FROM idempotency_records
        WHERE scope = $1 AND key = $2 AND created_at >= $3`,
      [scope, key, since],
    );
    const row = rows[0];
    return row === undefined ? null : toStoredResponse(row);
  }

  protected async insertUnlessCurrent(
    scope: string,
    key: string,
    response: StoredResponse,
    createdAt: string,
    expiredBefore: string,
  ): Promise<void> {
    // One statement: an expired record is replaced, a current one (another process's) is kept.
    await this.state.query(
      `INSERT INTO idempotency_records (scope, key, request_digest, status, headers, body, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (scope, key) DO UPDATE SET
         request_digest = EXCLUDED.request_digest, status = EXCLUDED.status, headers = EXCLUDED.headers,
         body = EXCLUDED.body, created_at = EXCLUDED.created_at
       WHERE idempotency_records.created_at < $8`,
      [
        scope,
        key,
        response.requestDigest,
        response.status,
        JSON.stringify(response.headers),
        response.body,
        createdAt,
        expiredBefore,
      ],
    );
  }

  protected async deleteOlderThan(instant: string): Promise<number> {
    return (await this.state.query(`DELETE FROM idempotency_records WHERE created_at < $1`, [instant]))
      .rowCount;
  }
}

/**
 * The dossier access log in PostgreSQL: one chain for every process. An append takes a
 * transaction-level advisory lock, reads the last entry and writes the next one: two processes never
 * chain to the same entry, and the lock is released by the commit or the rollback.
 */
export class PostgresDossierAccessLogRepository extends DossierAccessLogRepository {
  constructor(private readonly state: PostgresApiStateDatabase) {
    super();
  }

  append(access: DossierAccess): Promise<DossierAccessEntry> {
    return this.state.locked('dossier-access-log', async (client) => {
      const last = await client.query<{ sequence: string; hash: string }>(
        'SELECT sequence, hash FROM dossier_access_log ORDER BY sequence DESC LIMIT 1',
      );
      const row = last.rows[0];
      const entry = nextAccessEntry(
        row === undefined ? null : { sequence: Number(row.sequence), hash: row.hash },
        access,
      );
      await client.query(
        `INSERT INTO dossier_access_log (${ACCESS_LOG_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        accessRowValues(entry),
      );
      return entry;
    });
  }

  async list(doubtId: string, page: { after?: number; limit: number }): Promise<DossierAccessEntry[]> {
    const { rows } = await this.state.query<DossierAccessRow>(
      `SELECT * FROM dossier_access_log WHERE doubt_id = $1 AND sequence > $2 ORDER BY sequence LIMIT $3`,
      [doubtId, page.after ?? 0, page.limit],
    );
    return rows.map(toAccessEntry);
  }

  protected async hashAt(sequence: number): Promise<string | null> {
    const { rows } = await this.state.query<{ hash: string }>(
      'SELECT hash FROM dossier_access_log WHERE sequence = $1',
      [sequence],
    );
    return rows[0]?.hash ?? null;
  }

  protected async entriesFrom(sequence: number, limit: number): Promise<DossierAccessEntry[]> {
    const { rows } = await this.state.query<DossierAccessRow>(
      'SELECT * FROM dossier_access_log WHERE sequence >= $1 ORDER BY sequence LIMIT $2',
      [sequence, limit],
    );
    return rows.map(toAccessEntry);
  }
}
