import { StoreSchemaTooNewError } from '@kyoyaku/event-store';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The API's own small state — access tokens (stored hashed) and Idempotency-Key records — in
 * `<dataDir>/api.sqlite`. The ledger's events never live here. Shared by the API and the CLI.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE access_tokens (
     id TEXT PRIMARY KEY,
     token_hash TEXT NOT NULL UNIQUE,
     role TEXT NOT NULL CHECK (role IN ('reader','clerk','secretariat','admin')),
     municipality_code TEXT,
     label TEXT NOT NULL,
     created_at TEXT NOT NULL,
     revoked_at TEXT
   );
   CREATE TABLE idempotency_records (
     scope TEXT NOT NULL,
     key TEXT NOT NULL,
     request_digest TEXT NOT NULL,
     status INTEGER NOT NULL,
     headers TEXT NOT NULL,
     body TEXT NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (scope, key)
   );`,
  // Who read which dispute dossier, when, in which format: append-only (the triggers refuse any
  // UPDATE or DELETE), each row chained to the previous one by its hash.
  `CREATE TABLE dossier_access_log (
     sequence INTEGER PRIMARY KEY,
     doubt_id TEXT NOT NULL,
     actor_id TEXT NOT NULL,
     actor_role TEXT NOT NULL,
     municipality_code TEXT,
     format TEXT NOT NULL CHECK (format IN ('json','html')),
     outcome TEXT NOT NULL CHECK (outcome IN ('granted','refused')),
     accessed_at TEXT NOT NULL,
     tree_size TEXT,
     prev_hash TEXT,
     hash TEXT NOT NULL
   );
   CREATE INDEX dossier_access_log_by_doubt ON dossier_access_log (doubt_id, sequence);
   CREATE TRIGGER dossier_access_log_no_update BEFORE UPDATE ON dossier_access_log
   BEGIN SELECT RAISE(ABORT, 'dossier_access_log is append-only'); END;
   CREATE TRIGGER dossier_access_log_no_delete BEFORE DELETE ON dossier_access_log
   BEGIN SELECT RAISE(ABORT, 'dossier_access_log is append-only'); END;`,
];

/** The file in the data folder. */
export const API_STATE_FILE_NAME = 'api.sqlite';
/** The schema's name in messages, as the ledger file names its own (`event-store`). */
export const API_STATE_SCHEMA_COMPONENT = 'api-state';
/** The schema version this software writes (SQLite's user_version). */
export const API_STATE_SCHEMA_VERSION = MIGRATIONS.length;

export class ApiStateDatabase {
  private constructor(readonly db: Database.Database) {}

  /**
   * Opens (creating or upgrading) the API state. Throws StoreSchemaTooNewError, before writing
   * anything, for a file written by a newer version of the software.
   */
  static open(dataDir: string): ApiStateDatabase {
    const file = join(dataDir, API_STATE_FILE_NAME);
    mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('busy_timeout = 5000');
    const current = Number(db.pragma('user_version', { simple: true }));
    if (current > API_STATE_SCHEMA_VERSION) {
      db.close();
      throw new StoreSchemaTooNewError(file, API_STATE_SCHEMA_COMPONENT, current, API_STATE_SCHEMA_VERSION);
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.transaction(() => {
      MIGRATIONS.slice(current).forEach((sql) => db.exec(sql));
      db.pragma(`user_version = ${MIGRATIONS.length}`);
    })();
    return new ApiStateDatabase(db);
  }

  close(): void {
    this.db.close();
  }
}
