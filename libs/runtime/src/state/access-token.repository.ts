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

interface TokenRow {
  id: string;
  token_hash: string;
  role: Role;
  municipality_code: string | null;
  label: string;
  created_at: string;
  revoked_at: string | null;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Stored hashes are hex SHA-256 (64 characters); anything else never matches. */
function hashBytes(hex: string): Buffer | null {
  return /^[0-9a-f]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : null;
}

function toRecord(row: TokenRow): AccessTokenRecord {
  return {
    id: row.id,
    role: row.role,
    municipalityCode: row.municipality_code,
    label: row.label,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * Bearer tokens: only their SHA-256 is stored; the token itself is shown once, when issued. A
 * presented token is hashed and compared with every active hash in constant time
 * (crypto.timingSafeEqual) — no database lookup keyed by the secret, no early exit on the first
 * matching byte or on the first matching row. Tokens are few (issued by hand with the CLI).
 */
export class AccessTokenRepository {
  constructor(private readonly state: ApiStateDatabase) {}

  issue(input: { role: Role; municipalityCode?: string; label: string; now: Date }): {
    token: string;
    record: AccessTokenRecord;
  } {
    if (input.role === 'clerk' && input.municipalityCode === undefined) {
      throw new Error('a clerk token must be scoped to one municipality code');
    }
    if (input.role !== 'clerk' && input.municipalityCode !== undefined) {
      throw new Error('only clerk tokens carry a municipality code');
    }
    const token = `kl_${randomBytes(32).toString('base64url')}`;
    const id = randomUUID();
    this.state.db
      .prepare(
        `INSERT INTO access_tokens (id, token_hash, role, municipality_code, label, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        hashToken(token),
        input.role,
        input.municipalityCode ?? null,
        input.label,
        input.now.toISOString(),
      );
    const record = this.find(id);
    if (record === null) throw new Error(`token ${id} was not stored`);
    return { token, record };
  }

  /** The active record for a presented token, or null (unknown or revoked). */
  authenticate(token: string): AccessTokenRecord | null {
    const presented = Buffer.from(hashToken(token), 'hex');
    const rows = this.state.db
      .prepare(`SELECT * FROM access_tokens WHERE revoked_at IS NULL`)
      .all() as TokenRow[];
    let match: TokenRow | null = null;
    for (const row of rows) {
      const stored = hashBytes(row.token_hash);
      // Every row is compared, whether or not an earlier one matched.
      if (stored !== null && timingSafeEqual(stored, presented) && match === null) match = row;
    }
    return match === null ? null : toRecord(match);
  }

  find(id: string): AccessTokenRecord | null {
    const row = this.state.db.prepare(`SELECT * FROM access_tokens WHERE id = ?`).get(id) as
      TokenRow | undefined;
    return row === undefined ? null : toRecord(row);
  }

  list(): AccessTokenRecord[] {
    return (
      this.state.db.prepare(`SELECT * FROM access_tokens ORDER BY created_at, id`).all() as TokenRow[]
    ).map(toRecord);
  }

  /** Returns false when no active token has this id. */
  revoke(id: string, now: Date): boolean {
    const result = this.state.db
      .prepare(`UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`)
      .run(now.toISOString(), id);
    return result.changes === 1;
  }
}
