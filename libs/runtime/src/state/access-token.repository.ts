import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { ApiStateDatabase } from './api-state.database';

export const ROLES = ['reader', 'clerk', 'secretariat', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface AccessTokenRecord {
  id: string;
  role: Role;
  municipalityCode: string | null;
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface IssueTokenInput {
  role: Role;
  municipalityCode?: string;
  label: string;
  now: Date;
}

export interface IssuedToken {
  /** The token itself: shown once, never stored. */
  token: string;
  record: AccessTokenRecord;
}

/** A row of `access_tokens`, as both stores hold it. */
export interface TokenRow {
  id: string;
  token_hash: string;
  role: Role;
  municipality_code: string | null;
  label: string;
  created_at: string;
  revoked_at: string | null;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Stored hashes are hex SHA-256 (64 characters); anything else never matches. */
function hashBytes(hex: string): Buffer | null {
  return /^[0-9a-f]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : null;
}

export function toTokenRecord(row: TokenRow): AccessTokenRecord {
  return {
    id: row.id,
    role: row.role,
    municipalityCode: row.municipality_code,
    label: row.label,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

/** A new token and the row that stores it (its hash, never the token). */
export function newToken(input: IssueTokenInput): { token: string; row: TokenRow } {
  if (input.role === 'clerk' && input.municipalityCode === undefined) {
    throw new Error('a clerk token must be scoped to one municipality code');
  }
  if (input.role !== 'clerk' && input.municipalityCode !== undefined) {
    throw new Error('only clerk tokens carry a municipality code');
  }
  const token = `kl_${randomBytes(32).toString('base64url')}`;
  return {
    token,
    row: {
      id: randomUUID(),
      token_hash: hashToken(token),
      role: input.role,
      municipality_code: input.municipalityCode ?? null,
      label: input.label,
      created_at: input.now.toISOString(),
      revoked_at: null,
    },
  };
}

/**
 * The active row whose hash is the presented token's: compared with every row in constant time
 * (crypto.timingSafeEqual) — no lookup keyed by the secret, no early exit on the first matching byte
 * or on the first matching row.
 */
export function matchToken(activeRows: readonly TokenRow[], token: string): AccessTokenRecord | null {
  const presented = Buffer.from(hashToken(token), 'hex');
  let match: TokenRow | null = null;
  for (const row of activeRows) {
    const stored = hashBytes(row.token_hash);
    // Every row is compared, whether or not an earlier one matched.
    if (stored !== null && timingSafeEqual(stored, presented) && match === null) match = row;
  }
  return match === null ? null : toTokenRecord(match);
}

/**
 * Bearer tokens: only their SHA-256 is stored; the token itself is shown once, when issued. A
 * presented token is hashed and compared with every active hash in constant time (matchToken).
 * Tokens are few (issued by hand with the CLI). Kept in the API state: api.sqlite in the data folder,
 * or the ledger's PostgreSQL database with LEDGER_STORE=postgres, where every process sees every
 * issue and revocation at once.
 */
export abstract class AccessTokenRepository {
  abstract issue(input: IssueTokenInput): Promise<IssuedToken>;
  /** The active record for a presented token, or null (unknown or revoked). */
  abstract authenticate(token: string): Promise<AccessTokenRecord | null>;
  abstract find(id: string): Promise<AccessTokenRecord | null>;
  abstract list(): Promise<AccessTokenRecord[]>;
  /** Returns false when no active token has this id. */
  abstract revoke(id: string, now: Date): Promise<boolean>;
}

/** The tokens in api.sqlite; synchronous underneath (issueSync for callers that hold the file). */
export class SqliteAccessTokenRepository extends AccessTokenRepository {
  constructor(private readonly state: ApiStateDatabase) {
    super();
  }

  issueSync(input: IssueTokenInput): IssuedToken {
    const { token, row } = newToken(input);
    this.state.db
      .prepare(
        `INSERT INTO access_tokens (id, token_hash, role, municipality_code, label, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(row.id, row.token_hash, row.role, row.municipality_code, row.label, row.created_at);
    const record = this.findSync(row.id);
    if (record === null) throw new Error(`token ${row.id} was not stored`);
    return { token, record };
  }

  issue(input: IssueTokenInput): Promise<IssuedToken> {
    return Promise.resolve(this.issueSync(input));
  }

  authenticate(token: string): Promise<AccessTokenRecord | null> {
    const rows = this.state.db
      .prepare(`SELECT * FROM access_tokens WHERE revoked_at IS NULL`)
      .all() as TokenRow[];
    return Promise.resolve(matchToken(rows, token));
  }

  find(id: string): Promise<AccessTokenRecord | null> {
    return Promise.resolve(this.findSync(id));
  }

  list(): Promise<AccessTokenRecord[]> {
    return Promise.resolve(
      (this.state.db.prepare(`SELECT * FROM access_tokens ORDER BY created_at, id`).all() as TokenRow[]).map(
        toTokenRecord,
      ),
    );
  }

  revoke(id: string, now: Date): Promise<boolean> {
    const result = this.state.db
      .prepare(`UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`)
      .run(now.toISOString(), id);
    return Promise.resolve(result.changes === 1);
  }

  private findSync(id: string): AccessTokenRecord | null {
    const row = this.state.db.prepare(`SELECT * FROM access_tokens WHERE id = ?`).get(id) as
      TokenRow | undefined;
    return row === undefined ? null : toTokenRecord(row);
  }
}
