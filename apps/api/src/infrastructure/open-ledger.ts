import { type EventStore, SqliteEventStore } from '@kyoyaku/event-store';
import { ALL_PROJECTIONS, Projector, SqliteReadModels } from '@kyoyaku/projections';
import { join } from 'node:path';
import { ConfigError, type LedgerConfig } from '../config/ledger-config';
import { ApiStateDatabase } from '../state/api-state.database';
import type { Clock } from './clock';

export const LEDGER_FILE_NAME = 'ledger.sqlite';

/** The parts of a running ledger, opened from configuration; shared by the API and the CLI. */
export interface OpenLedger {
  store: EventStore;
  readModels: SqliteReadModels;
  projector: Projector;
  state: ApiStateDatabase;
  close(): Promise<void>;
}

/** Chooses the event store adapter from LEDGER_STORE; nothing else knows which one runs. */
function openEventStore(config: LedgerConfig, clock: Clock): SqliteEventStore {
  switch (config.store) {
    case 'sqlite':
      return SqliteEventStore.open({
        file: join(config.dataDir, LEDGER_FILE_NAME),
        clock: () => clock.now(),
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
  const store = openEventStore(config, clock);
  const readModels = SqliteReadModels.open(store.file);
  const state = ApiStateDatabase.open(config.dataDir);
  const projector = new Projector(
    store,
    readModels,
    ALL_PROJECTIONS,
    onProjectorError ? { onError: onProjectorError } : {},
  );
  return {
    store,
    readModels,
    projector,
    state,
    async close() {
      await projector.stop();
      await store.close();
      readModels.close();
      state.close();
    },
  };
}
