import { Logger } from '@nestjs/common';
import {
  type EventStore,
  EventStoreDbEventStore,
  PostgresEventStore,
  PostgresSession,
  type RecordedEvent,
  SqliteEventStore,
} from '@kyoyaku/event-store';
import {
  PostgresMerkleLog,
  PostgresSignedCheckpointRecord,
  type NoteSigner,
  type SignedCheckpointRecord,
  verifierKeyOf,
  SqliteMerkleLog,
  SqliteSignedCheckpointRecord,
} from '@kyoyaku/ledger';
import {
  ALL_PROJECTIONS,
  createCheckpointProjection,
  merkleTreeProjection,
  PostgresProjectorElection,
  PostgresReadModels,
  type Projection,
  Projector,
  type ProjectorCoordination,
  ReadModelMerkleTree,
  readModelMerkleLog,
  type ReadModelReader,
  type ReadModelStore,
  SqliteReadModels,
  treeSizeInBatch,
  type TreeSizeAt,
} from '@kyoyaku/projections';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type LedgerConfig } from '../config/ledger-config';
import { PostgresIntegrityRecord } from '../integrity/integrity-record';
import { IntegrityFailingError, LedgerIntegrity, type MerkleLogReader } from '../integrity/ledger-integrity';
import { compareReadModels, type ReadModelCheckState } from '../integrity/read-model-check';
import { type ApiState, openApiState } from '../state/api-state';
import type { Clock } from './clock';
import { loadSigningKey } from './signing-key';

export const LEDGER_FILE_NAME = 'ledger.sqlite';

/** The parts of a running ledger, opened from configuration; shared by the API and the CLI. */
export interface OpenLedger {
  store: EventStore;
  /**
   * What queries read, synchronously: the read models in the ledger file (SQLite), or this
   * process's replica of the read models kept in PostgreSQL.
   */
  readModels: SqliteReadModels;
  /** Where the projector keeps the read models (the same object as readModels on SQLite). */
  readModelStore: ReadModelStore;
  projector: Projector;
  integrity: LedgerIntegrity;
  /** Tokens, idempotency records, the dossier access log: in PostgreSQL with LEDGER_STORE=postgres. */
  state: ApiState;
  /** Where several processes share one database: the last background verification, for all. */
  integrityRecord: PostgresIntegrityRecord | null;
  /**
   * Replays the events into fresh read models and compares them with the live ones; the result is
   * also kept as integrity.readModelCheck (for /health).
   */
  checkReadModels(): Promise<ReadModelCheckState>;
  close(): Promise<void>;
}

/** The storage of one LEDGER_STORE: events with their Merkle log, and read models. */
interface LedgerStorage {
  store: EventStore;
  log: MerkleLogReader;
  readModelStore: ReadModelStore;
  readModels: SqliteReadModels;
  /** Every checkpoint signed, append-only, in the same store as the events. */
  signed: SignedCheckpointRecord;
  /** The tree's root at a size, synchronously, for the checkpoint projection (`tx`: its batch). */
  rootForProjection(size: bigint, tx: ReadModelReader): Buffer;
  /** Loads what rootForProjection needs for a batch of the projector (a log kept on a server). */
  beforeBatch?: (events: readonly RecordedEvent[]) => Promise<void>;
  /** Where the projector builds the tree (EventStoreDB): the projection, and an event's tree size. */
  tree?: { projection: Projection; sizeAt: TreeSizeAt };
  /** Several processes on one database (PostgreSQL): the projector's election and wake-ups. */
  coordination?: ProjectorCoordination;
  /** Closed last (the process's LISTEN connection, which also holds the projector's lock). */
  session?: PostgresSession;
  integrityRecord?: PostgresIntegrityRecord;
}

/** The read models of LEDGER_STORE=eventstoredb with LEDGER_READ_STORE=sqlite, in the data folder. */
export const READ_MODELS_FILE_NAME = 'read-models.sqlite';

/** Where LEDGER_STORE=eventstoredb keeps its record of signed checkpoints (in the data folder). */
export const SIGNED_CHECKPOINTS_FILE_NAME = 'signed-checkpoints.sqlite';

/**
 * EventStoreDB keeps the events only. Read models, the projector's checkpoint and the Merkle tree —
 * built by the projector in the order it reads, so that proofs hold although positions have gaps —
 * live in the read store (LEDGER_READ_STORE).
 */
async function openEventStoreDbStorage(config: LedgerConfig, clock: Clock): Promise<LedgerStorage> {
  const connectionString = config.eventStoreConnectionString;
  if (connectionString === undefined) {
    throw new ConfigError('LEDGER_STORE=eventstoredb needs EVENTSTORE_CONNECTION_STRING, the server to use');
  }
  let readModelStore: ReadModelStore;
  let readModels: SqliteReadModels;
  if (config.readStore === 'postgres') {
    if (config.postgresUrl === undefined) {
      throw new ConfigError('LEDGER_READ_STORE=postgres needs LEDGER_POSTGRES_URL, the database to use');
    }
    const postgres = await PostgresReadModels.open({
      connectionString: config.postgresUrl,
      now: () => clock.now().toISOString(),
      replicaDir: config.readReplica.dir,
      replicaCacheBytes: config.readReplica.cacheBytes,
    });
    readModelStore = postgres;
    readModels = postgres.replica;
  } else {
    mkdirSync(config.dataDir, { recursive: true });
    readModels = SqliteReadModels.open(join(config.dataDir, READ_MODELS_FILE_NAME));
    readModelStore = readModels;
  }
  const store = EventStoreDbEventStore.connect({ connectionString, clock: () => clock.now() });
  mkdirSync(config.dataDir, { recursive: true });
  return {
    store,
    log: readModelMerkleLog(readModels),
    readModelStore,
    readModels,
    signed: SqliteSignedCheckpointRecord.open(join(config.dataDir, SIGNED_CHECKPOINTS_FILE_NAME)),
    rootForProjection: (size, tx) => new ReadModelMerkleTree(tx).root(size),
    tree: { projection: merkleTreeProjection, sizeAt: treeSizeInBatch },
  };
}

/**
 * Chooses the adapters from LEDGER_STORE; nothing else knows which one runs. The Merkle log
 * commits with the events, in the same transaction, on either store.
 */
async function openStorage(config: LedgerConfig, clock: Clock): Promise<LedgerStorage> {
  switch (config.store) {
    case 'sqlite': {
      const log = new SqliteMerkleLog();
      const store = SqliteEventStore.open({
        file: join(config.dataDir, LEDGER_FILE_NAME),
        clock: () => clock.now(),
        participants: [log],
      });
      const readModels = SqliteReadModels.open(store.file);
      return {
        store,
        log,
        readModelStore: readModels,
        readModels,
        signed: SqliteSignedCheckpointRecord.open(store.file),
        rootForProjection: (size) => log.root(size),
      };
    }
    case 'postgres': {
      const connectionString = config.postgresUrl;
      if (connectionString === undefined) {
        throw new ConfigError('LEDGER_STORE=postgres needs LEDGER_POSTGRES_URL, the database to use');
      }
      const log = new PostgresMerkleLog();
      const signed = new PostgresSignedCheckpointRecord();
      // One connection per process LISTENs (and holds the projector's lock when elected).
      const session = new PostgresSession({ connectionString, applicationName: 'kyoyaku-ledger session' });
      let store: PostgresEventStore;
      try {
        store = await PostgresEventStore.open({
          connectionString,
          clock: () => clock.now(),
          participants: [log, signed],
          session,
        });
      } catch (error) {
        await session.close();
        throw error;
      }
      let readModelStore: PostgresReadModels;
      try {
        readModelStore = await PostgresReadModels.open({
          connectionString,
          now: () => clock.now().toISOString(),
          replicaDir: config.readReplica.dir,
          replicaCacheBytes: config.readReplica.cacheBytes,
        });
      } catch (error) {
        await store.close();
        await session.close();
        throw error;
      }
      let integrityRecord: PostgresIntegrityRecord;
      try {
        integrityRecord = await PostgresIntegrityRecord.open({
          connectionString,
          now: () => clock.now().toISOString(),
        });
      } catch (error) {
        await readModelStore.close();
        await store.close();
        await session.close();
        throw error;
      }
      await session.start();
      return {
        store,
        log,
        readModelStore,
        readModels: readModelStore.replica,
        signed,
        rootForProjection: (size) => log.preparedRoot(size),
        coordination: new PostgresProjectorElection(session),
        session,
        integrityRecord,
        beforeBatch: async (events) => {
          const first = events[0];
          const last = events.at(-1);
          if (first !== undefined && last !== undefined)
            await log.prepareRoots(first.position - 1n, last.position);
        },
      };
    }
    case 'eventstoredb':
      return openEventStoreDbStorage(config, clock);
  }
}

/**
 * Loads the signing key against the key history, and starts the history with it when there is none
 * yet (a new ledger, or one from before the history was kept: its key signed every checkpoint, since
 * the last one verifies with it).
 */
async function currentSigningKey(
  config: LedgerConfig,
  record: SignedCheckpointRecord,
  clock: Clock,
): Promise<{ signer: NoteSigner; signerFrom: bigint }> {
  const keys = await record.keys();
  const checkpoints = await record.all();
  const current = keys.at(-1);
  const signer = loadSigningKey(config, checkpoints.at(-1), current);
  if (current !== undefined) return { signer, signerFrom: current.fromSize };
  const first = {
    seq: 0,
    verifierKey: verifierKeyOf(signer),
    fromSize: 0n,
    since: checkpoints[0]?.signedAt ?? clock.now().toISOString(),
    rotationStatement: null,
  };
  try {
    await record.appendKey(first);
  } catch (error) {
    // Another instance started the history at the same moment: it must have recorded this key.
    if ((await record.keys())[0]?.verifierKey !== first.verifierKey) throw error;
  }
  return { signer, signerFrom: 0n };
}

/** Closes what openStorage opened (a start that fails after it must leave no connection behind). */
async function closeStorage(storage: LedgerStorage): Promise<void> {
  await storage.store.close();
  await storage.readModelStore.close();
  storage.signed.close();
  await storage.integrityRecord?.close();
  await storage.session?.close();
}

export async function openLedger(
  config: LedgerConfig,
  clock: Clock,
  onProjectorError?: (error: unknown) => void,
): Promise<OpenLedger> {
  const storage = await openStorage(config, clock);
  const { store, readModels, readModelStore } = storage;
  let signer: NoteSigner;
  let signerFrom: bigint;
  try {
    // The key must be the ledger's current one (none is made up for a lost one).
    ({ signer, signerFrom } = await currentSigningKey(config, storage.signed, clock));
  } catch (error) {
    await closeStorage(storage);
    throw error;
  }
  const integrity = new LedgerIntegrity(
    store,
    storage.log,
    signer,
    () => clock.now(),
    storage.signed,
    signerFrom,
  );
  let state: ApiState;
  try {
    state = await openApiState(config, () => clock.now().toISOString());
  } catch (error) {
    await closeStorage(storage);
    throw error;
  }
  const projections = [
    ...(storage.tree === undefined ? [] : [storage.tree.projection]),
    ...ALL_PROJECTIONS,
    createCheckpointProjection((size, tx) => {
      try {
        return integrity.sign(size, storage.rootForProjection(size, tx));
      } catch (error) {
        // Nothing is signed while the check is failing; the projector itself goes on.
        if (error instanceof IntegrityFailingError) return null;
        throw error;
      }
    }, storage.tree?.sizeAt),
  ];
  const projector = new Projector(store, readModelStore, projections, {
    ...(onProjectorError ? { onError: onProjectorError } : {}),
    onOutdatedRebuilt: ({ generation, checkpoint }) =>
      new Logger('Projector').log(
        `read models of an earlier format rebuilt from the events (generation ${generation}, checkpoint ${checkpoint.toString()})`,
      ),
    ...(storage.beforeBatch ? { beforeBatch: storage.beforeBatch } : {}),
    ...(storage.coordination ? { coordination: storage.coordination } : {}),
  });
  return {
    store,
    readModels,
    readModelStore,
    projector,
    integrity,
    integrityRecord: storage.integrityRecord ?? null,
    state,
    async checkReadModels() {
      integrity.readModelCheck = await compareReadModels(
        store,
        readModels,
        projections,
        {
          ...(storage.beforeBatch ? { beforeBatch: storage.beforeBatch } : {}),
          scratchDir: config.readReplica.dir,
          cacheBytes: config.readReplica.cacheBytes,
        },
        () => clock.now(),
      );
      return integrity.readModelCheck;
    },
    async close() {
      await projector.stop();
      await closeStorage(storage);
      await state.close();
    },
  };
}
