import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { ApiStateDatabase } from './api-state.database';

export type DossierFormat = 'json' | 'html';
export type AccessOutcome = 'granted' | 'refused';

export interface DossierAccess {
  doubtId: string;
  actor: { id: string; role: string; municipalityCode?: string };
  format: DossierFormat;
  outcome: AccessOutcome;
  /** RFC 3339 instant from the server's clock. */
  accessedAt: string;
  /** The ledger size the dossier was built at (granted accesses). */
  treeSize?: string;
}

export interface DossierAccessEntry extends DossierAccess {
  sequence: number;
  /** Hex SHA-256 of the previous entry's hash and this entry's canonical JSON. */
  hash: string;
  prevHash: string | null;
}

interface Row {
  sequence: number;
  doubt_id: string;
  actor_id: string;
  actor_role: string;
  municipality_code: string | null;
  format: DossierFormat;
  outcome: AccessOutcome;
  accessed_at: string;
  tree_size: string | null;
  prev_hash: string | null;
  hash: string;
}

function toEntry(row: Row): DossierAccessEntry {
  return {
    sequence: row.sequence,
    doubtId: row.doubt_id,
    actor: {
      id: row.actor_id,
      role: row.actor_role,
      ...(row.municipality_code === null ? {} : { municipalityCode: row.municipality_code }),
    },
    format: row.format,
    outcome: row.outcome,
    accessedAt: row.accessed_at,
    ...(row.tree_size === null ? {} : { treeSize: row.tree_size }),
    hash: row.hash,
    prevHash: row.prev_hash,
  };
}

/** The entry's fields as hashed: absent values are left out, never `undefined`. */
function hashed(sequence: number, access: DossierAccess): object {
  return {
    sequence,
    doubtId: access.doubtId,
    actor: {
      id: access.actor.id,
      role: access.actor.role,
      ...(access.actor.municipalityCode === undefined
        ? {}
        : { municipalityCode: access.actor.municipalityCode }),
    },
    format: access.format,
    outcome: access.outcome,
    accessedAt: access.accessedAt,
    ...(access.treeSize === undefined ? {} : { treeSize: access.treeSize }),
  };
}

function entryHash(prevHash: string | null, sequence: number, access: DossierAccess): string {
  const body = canonicalize(hashed(sequence, access)) ?? '';
  return createHash('sha256')
    .update(prevHash ?? '')
    .update('\n')
    .update(body, 'utf8')
    .digest('hex');
}

/**
 * The dossier access log in the API's own database: append-only (no UPDATE or DELETE here, and
 * the table's triggers refuse them), every entry chained to the previous one by its hash so a
 * change made around the triggers shows. Reading a dossier writes here, never to the ledger; only
 * authenticated callers are logged (an anonymous refusal is counted instead).
 */
export class DossierAccessLogRepository {
  /** The last entry the chain was verified up to (in this process). */
  private lastChecked: { sequence: number; hash: string } | null = null;
  private anonymousRefusalCount = 0;

  constructor(private readonly state: ApiStateDatabase) {}

  append(access: DossierAccess): DossierAccessEntry {
    const db = this.state.db;
    const insert = db.transaction((): DossierAccessEntry => {
      const last = db
        .prepare('SELECT sequence, hash FROM dossier_access_log ORDER BY sequence DESC LIMIT 1')
        .get() as { sequence: number; hash: string } | undefined;
      const sequence = (last?.sequence ?? 0) + 1;
      const prevHash = last?.hash ?? null;
      const hash = entryHash(prevHash, sequence, access);
      db.prepare(
        `INSERT INTO dossier_access_log
           (sequence, doubt_id, actor_id, actor_role, municipality_code, format, outcome, accessed_at,
            tree_size, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        sequence,
        access.doubtId,
        access.actor.id,
        access.actor.role,
        access.actor.municipalityCode ?? null,
        access.format,
        access.outcome,
        access.accessedAt,
        access.treeSize ?? null,
        prevHash,
        hash,
      );
      return { ...access, sequence, hash, prevHash };
    });
    // IMMEDIATE: two writers never read the same last entry.
    return insert.immediate();
  }

  /** One dossier's accesses, oldest first; `after` is a sequence number. */
  list(doubtId: string, page: { after?: number; limit: number }): DossierAccessEntry[] {
    const rows = this.state.db
      .prepare(
        `SELECT * FROM dossier_access_log WHERE doubt_id = ? AND sequence > ? ORDER BY sequence LIMIT ?`,
      )
      .all(doubtId, page.after ?? 0, page.limit) as Row[];
    return rows.map(toEntry);
  }

  /**
   * Verifies the chain incrementally: in full the first time, then only the entries appended since
   * the last check, from that entry's hash (after checking it is still the one stored). `checked` is
   * how many entries this call recomputed; the first entry that does not fit, if any.
   */
  verifyChain():
    { ok: true; entries: number; checked: number } | { ok: false; sequence: number; problem: string } {
    let prev: string | null = null;
    let expected = 1;
    if (this.lastChecked !== null) {
      const row = this.state.db
        .prepare('SELECT hash FROM dossier_access_log WHERE sequence = ?')
        .get(this.lastChecked.sequence) as { hash: string } | undefined;
      if (row?.hash !== this.lastChecked.hash) {
        return {
          ok: false,
          sequence: this.lastChecked.sequence,
          problem: 'the entry checked last has changed since',
        };
      }
      prev = this.lastChecked.hash;
      expected = this.lastChecked.sequence + 1;
    }
    const rows = this.state.db
      .prepare('SELECT * FROM dossier_access_log WHERE sequence >= ? ORDER BY sequence')
      .iterate(expected) as Iterable<Row>;
    let checked = 0;
    for (const row of rows) {
      if (row.sequence !== expected) {
        return { ok: false, sequence: row.sequence, problem: `entry ${expected} is missing` };
      }
      const { sequence, hash, prevHash, ...access } = toEntry(row);
      if (prevHash !== prev)
        return { ok: false, sequence, problem: 'prevHash does not name the previous entry' };
      if (entryHash(prev, sequence, access) !== hash) {
        return { ok: false, sequence, problem: 'the entry does not match its hash' };
      }
      prev = hash;
      expected += 1;
      checked += 1;
    }
    if (prev !== null) this.lastChecked = { sequence: expected - 1, hash: prev };
    return { ok: true, entries: expected - 1, checked };
  }

  /** An anonymous caller refused a dossier: counted (a metric), not logged, so it cannot grow the log. */
  countAnonymousRefusal(): void {
    this.anonymousRefusalCount += 1;
  }

  /** Anonymous refusals since the process started. */
  get anonymousRefusals(): number {
    return this.anonymousRefusalCount;
  }
}
