import {
  createPostgresPool,
  ensureSchema,
  inTransaction,
  migratePostgres,
  type PostgresConnectionOptions,
  type PostgresMigration,
  validSchemaName,
  describePostgresLocation,
} from '@kyoyaku/event-store';
import type { Pool } from 'pg';
import type { IntegrityState, VerifiedMark } from './ledger-integrity';
import type { ReadModelCheckState } from './read-model-check';

/** The last background verification, as the elected process recorded it for the others. */
export interface RecordedVerification {
  verification: IntegrityState;
  readModels: ReadModelCheckState;
  /** Where the next incremental verification starts (null: the next is a full one). */
  mark: VerifiedMark | null;
}

export const INTEGRITY_RECORD_SCHEMA_COMPONENT = 'integrity';

export const POSTGRES_INTEGRITY_RECORD_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'the last background verification',
    sql: `
      CREATE TABLE integrity_verification (
        id integer PRIMARY KEY CHECK (id = 1),
        -- IntegrityState and ReadModelCheckState as JSON, as /health shows them.
        verification text NOT NULL,
        read_models text NOT NULL,
        verified_size bigint,
        verified_root bytea,
        sample_from bigint
      );
    `,
  },
];

/**
 * The last background verification in PostgreSQL: only the elected projector verifies;
 * every other process reports what it recorded (in /health, /health/ready, the metrics), and a
 * process elected later continues from its mark.
 */
export class PostgresIntegrityRecord {
  private constructor(private readonly pool: Pool) {}

  static async open(
    options: PostgresConnectionOptions & { now: () => string },
  ): Promise<PostgresIntegrityRecord> {
    const schema = validSchemaName(options.schema);
    const pool = createPostgresPool({
      applicationName: `kyoyaku-ledger integrity (pid ${process.pid})`,
      poolSize: 1,
      ...options,
    });
    try {
      await ensureSchema(pool, schema);
      await inTransaction(pool, (client) =>
        migratePostgres(
          client,
          describePostgresLocation(options.connectionString, schema),
          schema,
          INTEGRITY_RECORD_SCHEMA_COMPONENT,
          POSTGRES_INTEGRITY_RECORD_MIGRATIONS,
          options.now,
        ),
      );
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return new PostgresIntegrityRecord(pool);
  }

  async load(): Promise<RecordedVerification | null> {
    const result = await this.pool.query<{
      verification: string;
      read_models: string;
      verified_size: string | null;
      verified_root: Buffer | null;
      sample_from: string | null;
    }>(
      'SELECT verification, read_models, verified_size, verified_root, sample_from FROM integrity_verification',
    );
    const row = result.rows[0];
    if (row === undefined) return null;
    return {
      verification: JSON.parse(row.verification) as IntegrityState,
      readModels: JSON.parse(row.read_models) as ReadModelCheckState,
      mark:
        row.verified_size === null || row.verified_root === null
          ? null
          : {
              size: BigInt(row.verified_size),
              root: row.verified_root,
              sampleFrom: BigInt(row.sample_from ?? '0'),
            },
    };
  }

  async save(recorded: RecordedVerification): Promise<void> {
    const { mark } = recorded;
    await this.pool.query(
      `INSERT INTO integrity_verification (id, verification, read_models, verified_size, verified_root, sample_from)
       VALUES (1, $1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET verification = excluded.verification, read_models = excluded.read_models,
         verified_size = excluded.verified_size, verified_root = excluded.verified_root, sample_from = excluded.sample_from`,
      [
        JSON.stringify(recorded.verification),
        JSON.stringify(recorded.readModels),
        mark === null ? null : mark.size.toString(),
        mark === null ? null : mark.root,
        mark === null ? null : mark.sampleFrom.toString(),
      ],
    );
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
