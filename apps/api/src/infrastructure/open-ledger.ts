import { type EventStore, SqliteEventStore } from '@kyoyaku/event-store';
import { SqliteMerkleLog } from '@kyoyaku/ledger';
import {
  ALL_PROJECTIONS,
  createCheckpointProjection,
  Projector,
  SqliteReadModels,
} from '@kyoyaku/projections';
import { join } from 'node:path';
import { ConfigError, type LedgerConfig } from '../config/ledger-config';
import { LedgerIntegrity } from '../ledger/ledger-integrity';
import { ApiStateDatabase } from '../state/api-state.database';
import type { Clock } from './clock';
import { loadSigningKey } from './signing-key';

export const LEDGER_FILE_NAME = 'ledger.sqlite';

/** The parts of a running ledger, opened from configuration; shared by the API and the CLI. */
export interface OpenLedger {
  store: EventStore;
  readModels: SqliteReadModels;
  projector: Projector;
  integrity: LedgerIntegrity;
  state: ApiStateDatabase;
  close(): Promise<void>;
}

/**
 * Chooses the event store adapter from LEDGER_STORE; nothing else knows which one runs. The Merkle
 * log commits with the events, in the same transaction.
 */
function openEventStore(config: LedgerConfig, clock: Clock, merkleLog: SqliteMerkleLog): SqliteEventStore {
  switch (config.store) {
    case 'sqlite':
      return SqliteEventStore.open({
        file: join(config.dataDir, LEDGER_FILE_NAME),
        clock: () => clock.now(),
        participants: [merkleLog],
      });
    case 'postgres':
    case 'eventstoredb':
      throw new ConfigError(
        `LEDGER_STORE=${config.store} is not available in this version; use LEDGER_STORE=sqlite (the default).`,
      );
  }
}

export function openLedger(
  config: LedgerConfig,
  clock: Clock,
  onProjectorError?: (error: unknown) => void,
): OpenLedger {
  const merkleLog = new SqliteMerkleLog();
  const store = openEventStore(config, clock, merkleLog);
  const integrity = new LedgerIntegrity(store, merkleLog, loadSigningKey(config), () => clock.now());
  const readModels = SqliteReadModels.open(store.file);
  const state = ApiStateDatabase.open(config.dataDir);
  const projections = [...ALL_PROJECTIONS, createCheckpointProjection((size) => integrity.signAt(size))];
  const projector = new Projector(
    store,
    readModels,
    projections,
    onProjectorError ? { onError: onProjectorError } : {},
  );
  return {
    store,
    readModels,
    projector,
    integrity,
    state,
    async close() {
      await projector.stop();
      await store.close();
      readModels.close();
      state.close();
    },
  };
}
