import type { LedgerConfig } from '../config/ledger-config';
import { AccessTokenRepository, SqliteAccessTokenRepository } from './access-token.repository';
import { ApiStateDatabase } from './api-state.database';
import {
  DossierAccessLogRepository,
  SqliteDossierAccessLogRepository,
} from './dossier-access-log.repository';
import { IdempotencyRepository, SqliteIdempotencyRepository } from './idempotency.repository';
import { PostgresApiStateDatabase } from './postgres-api-state.database';
import {
  PostgresAccessTokenRepository,
  PostgresDossierAccessLogRepository,
  PostgresIdempotencyRepository,
} from './postgres-api-state.repositories';

/**
 * The API's own state — tokens, Idempotency-Key records, the dossier access log — where the
 * configuration puts it: with LEDGER_STORE=postgres in the ledger's database, shared by every process
 * on it; otherwise in api.sqlite in the data folder (one process, or the CLI beside it).
 */
export interface ApiState {
  tokens: AccessTokenRepository;
  idempotency: IdempotencyRepository;
  accessLog: DossierAccessLogRepository;
  close(): Promise<void>;
}

export async function openApiState(
  config: Pick<LedgerConfig, 'store' | 'postgresUrl' | 'dataDir' | 'idempotencyRecordHours'>,
  now?: () => string,
): Promise<ApiState> {
  if (config.store === 'postgres' && config.postgresUrl !== undefined) {
    const database = await PostgresApiStateDatabase.open({
      connectionString: config.postgresUrl,
      ...(now === undefined ? {} : { now }),
    });
    return {
      tokens: new PostgresAccessTokenRepository(database),
      idempotency: new PostgresIdempotencyRepository(database, config.idempotencyRecordHours),
      accessLog: new PostgresDossierAccessLogRepository(database),
      close: () => database.close(),
    };
  }
  const database = ApiStateDatabase.open(config.dataDir);
  return {
    tokens: new SqliteAccessTokenRepository(database),
    idempotency: new SqliteIdempotencyRepository(database, config.idempotencyRecordHours),
    accessLog: new SqliteDossierAccessLogRepository(database),
    close: () => Promise.resolve(database.close()),
  };
}
