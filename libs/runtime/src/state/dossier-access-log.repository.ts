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

/** A row of `dossier_access_log`, as both stores hold it (PostgreSQL's bigint sequence as text). */
export interface DossierAccessRow {
  sequence: number | string;
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

export function toAccessEntry(row: DossierAccessRow): DossierAccessEntry {
  return {
    sequence: Number(row.sequence),
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

/** The entry that follows `last` (null: the first entry), chained to it by its hash. */
export function nextAccessEntry(
  last: { sequence: number; hash: string } | null,
  access: DossierAccess,
): DossierAccessEntry {
  const sequence = (last?.sequence ?? 0) + 1;
  const prevHash = last?.hash ?? null;
  return { ...access, sequence, hash: entryHash(prevHash, sequence, access), prevHash };
}

/** The values of an entry's row, in the column order of INSERT_COLUMNS. */
export function accessRowValues(entry: DossierAccessEntry): (string | number | null)[] {
  return [
    entry.sequence,
    entry.doubtId,
    entry.actor.id,
    entry.actor.role,
    entry.actor.municipalityCode ?? null,
    entry.format,
    entry.outcome,
    entry.accessedAt,
    entry.treeSize ?? null,
    entry.prevHash,
    entry.hash,
  ];
}

export const ACCESS_LOG_COLUMNS =
  'sequence, doubt_id, actor_id, actor_role, municipality_code, format, outcome, accessed_at, tree_size, prev_hash, hash';

export type ChainCheck =
  { ok: true; entries: number; checked: number } | { ok: false; sequence: number; problem: string };

/** Entries read per query while the chain is verified. */
const VERIFY_PAGE = 1000;

/**
 * The dossier access log in the API's state: append-only (no UPDATE or DELETE here, and the table's
 * triggers refuse them), every entry chained to the previous one by its hash so a change made around
 * the triggers shows. Reading a dossier writes here, never to the ledger; only authenticated callers
 * are logged (an anonymous refusal is counted instead). One chain for every process that shares the
 * state: each append reads the last entry and writes the next one while holding the chain's lock.
 */
export abstract class DossierAccessLogRepository {
  /** The last entry the chain was verified up to (in this process). */
  private lastChecked: { sequence: number; hash: string } | null = null;
  private anonymousRefusalCount = 0;

  abstract append(access: DossierAccess): Promise<DossierAccessEntry>;

  /** One dossier's accesses, oldest first; `after` is a sequence number. */
  abstract list(doubtId: string, page: { after?: number; limit: number }): Promise<DossierAccessEntry[]>;

  /** The hash stored for an entry, or null. */
  protected abstract hashAt(sequence: number): Promise<string | null>;
  /** Entries from a sequence number on, in order, at most `limit`. */
  protected abstract entriesFrom(sequence: number, limit: number): Promise<DossierAccessEntry[]>;

  /**
   * Verifies the chain incrementally: in full the first time, then only the entries appended since
   * the last check, from that entry's hash (after checking it is still the one stored). `checked` is
   * how many entries this call recomputed; the first entry that does not fit, if any.
   */
  async verifyChain(): Promise<ChainCheck> {
    let prev: string | null = null;
    let expected = 1;
    if (this.lastChecked !== null) {
      if ((await this.hashAt(this.lastChecked.sequence)) !== this.lastChecked.hash) {
        return {
          ok: false,
          sequence: this.lastChecked.sequence,
          problem: 'the entry checked last has changed since',
        };
      }
      prev = this.lastChecked.hash;
      expected = this.lastChecked.sequence + 1;
    }
    let checked = 0;
    for (;;) {
      const page = await this.entriesFrom(expected, VERIFY_PAGE);
      for (const { sequence, hash, prevHash, ...access } of page) {
        if (sequence !== expected) {
          return { ok: false, sequence, problem: `entry ${expected} is missing` };
        }
        if (prevHash !== prev)
          return { ok: false, sequence, problem: 'prevHash does not name the previous entry' };
        if (entryHash(prev, sequence, access) !== hash) {
          return { ok: false, sequence, problem: 'the entry does not match its hash' };
        }
        prev = hash;
        expected += 1;
        checked += 1;
      }
      if (page.length < VERIFY_PAGE) break;
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

/** The log in api.sqlite; an IMMEDIATE transaction serialises appends (two writers never read the same last entry). */
export class SqliteDossierAccessLogRepository extends DossierAccessLogRepository {
  constructor(private readonly state: ApiStateDatabase) {
    super();
  }

  append(access: DossierAccess): Promise<DossierAccessEntry> {
    const db = this.state.db;
    const insert = db.transaction((): DossierAccessEntry => {
      const last = db
        .prepare('SELECT sequence, hash FROM dossier_access_log ORDER BY sequence DESC LIMIT 1')
        .get() as { sequence: number; hash: string } | undefined;
      const entry = nextAccessEntry(last ?? null, access);
      db.prepare(
        `INSERT INTO dossier_access_log (${ACCESS_LOG_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(...accessRowValues(entry));
      return entry;
    });
    return Promise.resolve(insert.immediate());
  }

  list(doubtId: string, page: { after?: number; limit: number }): Promise<DossierAccessEntry[]> {
    const rows = this.state.db
      .prepare(
        `SELECT * FROM dossier_access_log WHERE doubt_id = ? AND sequence > ? ORDER BY sequence LIMIT ?`,
      )
      .all(doubtId, page.after ?? 0, page.limit) as DossierAccessRow[];
    return Promise.resolve(rows.map(toAccessEntry));
  }

  protected hashAt(sequence: number): Promise<string | null> {
    const row = this.state.db
      .prepare('SELECT hash FROM dossier_access_log WHERE sequence = ?')
      .get(sequence) as { hash: string } | undefined;
    return Promise.resolve(row?.hash ?? null);
  }

  protected entriesFrom(sequence: number, limit: number): Promise<DossierAccessEntry[]> {
    const rows = this.state.db
      .prepare('SELECT * FROM dossier_access_log WHERE sequence >= ? ORDER BY sequence LIMIT ?')
      .all(sequence, limit) as DossierAccessRow[];
    return Promise.resolve(rows.map(toAccessEntry));
  }
}
