import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { ApiStateDatabase } from '@kyoyaku/runtime';

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
 * change made around the triggers shows. Reading a dossier writes here, never to the ledger.
 */
export class DossierAccessLogRepository {
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

  /** Recomputes the chain over the whole log; the first entry that does not fit, if any. */
  verifyChain(): { ok: true; entries: number } | { ok: false; sequence: number; problem: string } {
    const rows = this.state.db
      .prepare('SELECT * FROM dossier_access_log ORDER BY sequence')
      .iterate() as Iterable<Row>;
    let prev: string | null = null;
    let expected = 1;
    let count = 0;
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
      count += 1;
    }
    return { ok: true, entries: count };
  }
}
