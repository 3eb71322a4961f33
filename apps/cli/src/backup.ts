import { EVENT_STORE_SCHEMA_COMPONENT, schemaVersion, SqliteEventStore } from '@kyoyaku/event-store';
import {
  generateSignerKey,
  type NoteSigner,
  parseSignerKey,
  signCheckpoint,
  SqliteMerkleLog,
  verifierKeyOf,
  verifyExport,
} from '@kyoyaku/ledger';
import { SqliteReadModels } from '@kyoyaku/projections';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  createReadStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  type LedgerConfig,
  type Clock,
  systemClock,
  LEDGER_FILE_NAME,
  SIGNING_KEY_FILE,
  LedgerIntegrity,
} from '@kyoyaku/runtime';
import type { Progress, ProgressFactory } from './progress';

/**
 * Online backup of the embedded store (SQLite's backup API, not a file copy: a copy of a file that
 * the server is writing can be torn), verified after it is written, with a manifest written last.
 * A folder without manifest.json is not a backup.
 */

export const BACKUP_MANIFEST_FILE = 'manifest.json';
/** The API's own state (tokens, idempotency records): see libs/runtime/src/state/api-state.database.ts. */
export const API_STATE_FILE_NAME = 'api.sqlite';
const BACKUP_FORMAT = 'kyoyaku-ledger-backup';

export interface BackupFileEntry {
  name: string;
  bytes: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: 1;
  createdAt: string;
  /** The data folder that was backed up. */
  sourceDataDir: string;
  ledger: {
    headPosition: string;
    events: string;
    streams: number;
    /** base64 of the RFC 9162 root of events 1..head, recomputed from the copied events. */
    root: string;
    /** Where the copied read models stand (≤ head; the projector catches up after a restore). */
    readModelCheckpoint: string;
    /** The event store's schema version in the copy (a newer one is refused by older software). */
    schemaVersion: number;
  };
  /** The copy's checkpoint signed with the ledger's own key; null when no key was available. */
  checkpoint: string | null;
  verifierKey: string | null;
  /** The signer key file is in the backup, or is kept outside it (LEDGER_SIGNING_KEY), or was absent. */
  signingKey: 'included' | 'environment' | 'absent';
  files: BackupFileEntry[];
}

/** The command refused before doing anything (exit 1 with this message). */
export class BackupRefusedError extends Error {}

/** The copy does not verify; nothing usable was left behind (exit 1 with this message). */
export class BackupVerificationError extends Error {}

export interface LedgerFacts {
  headPosition: bigint;
  events: bigint;
  streams: number;
  root: Buffer;
  readModelCheckpoint: bigint;
  schemaVersion: number;
}

/** The folder is created (mode 0700: it holds the signing key) or must be empty. */
export function requireEmptyFolder(folder: string, what: string): { created: boolean } {
  if (!existsSync(folder)) {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    return { created: true };
  }
  if (!statSync(folder).isDirectory()) throw new BackupRefusedError(`${what} ${folder} is not a folder`);
  const entries = readdirSync(folder);
  if (entries.length > 0) {
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', …' : '');
    throw new BackupRefusedError(
      `refusing to use ${what} ${folder}: it is not empty (${shown}); give an empty or new folder, ` +
        'so that nothing in it is overwritten or mixed with other files',
    );
  }
  return { created: false };
}

/** Removes what a failed run wrote (the named files and their SQLite side files), and the folder it made. */
export function removeWritten(folder: string, names: readonly string[], created: boolean): void {
  for (const name of names) {
    for (const suffix of ['', '-wal', '-shm', '-journal', '.partial']) {
      rmSync(join(folder, name + suffix), { force: true });
    }
  }
  if (created) {
    try {
      rmdirSync(folder);
    } catch {
      // Not empty: something else was put there meanwhile; leave it.
    }
  }
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function integrityCheck(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok') {
      throw new BackupVerificationError(`${file}: SQLite integrity_check failed: ${String(result)}`);
    }
  } finally {
    db.close();
  }
}

/** Passes export lines through, counting the events for the progress line. */
async function* countedEvents(lines: AsyncIterable<string>, progress: Progress): AsyncGenerator<string> {
  for await (const line of lines) {
    if (!line.startsWith('{"checkpoint"')) progress.advance();
    yield line;
  }
}

/**
 * Verifies a copied data folder as the offline verifier would: SQLite's integrity check of each
 * database; every event hash and stream chain, positions 1..head without a gap, and the stored Merkle
 * tree's root against the root recomputed from the events (the export is signed with a throw-away key
 * for this: what is checked is the content, not who signs it); the read models not ahead of the log.
 */
export async function verifyLedgerCopy(folder: string, progress: ProgressFactory): Promise<LedgerFacts> {
  const ledgerFile = join(folder, LEDGER_FILE_NAME);
  if (!existsSync(ledgerFile)) throw new BackupVerificationError(`${ledgerFile} is missing`);
  for (const name of [LEDGER_FILE_NAME, API_STATE_FILE_NAME]) {
    if (existsSync(join(folder, name))) integrityCheck(join(folder, name));
  }
  const merkleLog = new SqliteMerkleLog();
  const store = SqliteEventStore.open({ file: ledgerFile, participants: [merkleLog] });
  try {
    const head = await store.headPosition();
    const leaves = merkleLog.leafCount();
    if (leaves !== head) {
      throw new BackupVerificationError(
        `the Merkle tree holds ${leaves.toString()} leaves but the log ${head.toString()} events`,
      );
    }
    const signer = parseSignerKey(generateSignerKey('backup-verification'));
    const integrity = new LedgerIntegrity(store, merkleLog, signer, () => new Date());
    const bar = progress('verify', 'events', Number(head));
    const report = await verifyExport(countedEvents(integrity.exportLines(), bar), {
      verifierKey: verifierKeyOf(signer),
    });
    bar.finish();
    if (!report.ok) {
      throw new BackupVerificationError(
        `verification FAILED${report.position === null ? '' : ` at position ${report.position.toString()}`}: ` +
          report.problem,
      );
    }
    if (report.events !== head) {
      throw new BackupVerificationError(
        `the copy holds ${report.events.toString()} events but its head position is ${head.toString()}`,
      );
    }
    const readModels = SqliteReadModels.open(ledgerFile);
    let readModelCheckpoint: bigint;
    try {
      readModelCheckpoint = readModels.checkpoint(readModels.activeGeneration());
    } finally {
      readModels.close();
    }
    if (readModelCheckpoint > head) {
      throw new BackupVerificationError(
        `the read models claim position ${readModelCheckpoint.toString()}, beyond the head ${head.toString()}`,
      );
    }
    const db = new Database(ledgerFile, { fileMustExist: true });
    let version: number;
    try {
      version = schemaVersion(db, EVENT_STORE_SCHEMA_COMPONENT);
    } finally {
      db.close();
    }
    return {
      headPosition: head,
      events: report.events,
      streams: report.streams,
      root: report.root,
      readModelCheckpoint,
      schemaVersion: version,
    };
  } finally {
    await store.close();
  }
}

/** Pages per backup step while the source stays still: about 4 MiB, a progress line's worth. */
const PAGES_PER_STEP = 1024;
/** better-sqlite3's largest step: every remaining page in one step. */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies a live SQLite database with the online backup API from a read-only connection. SQLite
 * restarts a backup whose source another connection changed between two steps; after one such
 * restart the rest is copied in a single step (one read transaction, so one consistent snapshot
 * while the server keeps writing), so a busy server cannot starve the backup.
 */
export async function onlineCopy(source: string, target: string, progress: ProgressFactory): Promise<void> {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const bar = progress(`backup: copying ${basename(source)}`, 'pages');
    let copiedBefore = 0;
    let busy = false;
    await db.backup(target, {
      progress: ({ totalPages, remainingPages }) => {
        const copied = totalPages - remainingPages;
        // A step that did not get further than the one before started over from the first page.
        if (copiedBefore > 0 && copied <= copiedBefore) busy = true;
        copiedBefore = copied;
        bar.update(copied, totalPages);
        return busy ? ALL_PAGES : PAGES_PER_STEP;
      },
    });
    bar.finish();
  } finally {
    db.close();
  }
}

/**
 * The live ledger's Merkle root at `size`, read in one read transaction of a read-only connection
 * (nothing is written to the live file): equal to the copy's root, it proves the copy is exactly the
 * first `size` events of the live ledger.
 */
function liveRootAt(ledgerFile: string, size: bigint): Buffer {
  const db = new Database(ledgerFile, { readonly: true, fileMustExist: true });
  try {
    const log = new SqliteMerkleLog();
    // Nothing to catch up: the server keeps the tree with the events; this connection only reads.
    log.attach(db, () => []);
    return db.transaction(() => log.root(size))();
  } finally {
    db.close();
  }
}

function signerOf(config: LedgerConfig, keyFile: string): NoteSigner | null {
  if (config.signingKey !== undefined) return parseSignerKey(config.signingKey);
  if (existsSync(keyFile)) return parseSignerKey(readFileSync(keyFile, 'utf8').trim());
  return null;
}

export async function fileEntry(folder: string, name: string): Promise<BackupFileEntry> {
  const file = join(folder, name);
  return { name, bytes: statSync(file).size, sha256: await sha256OfFile(file) };
}

/** Writes the manifest atomically (a temporary file, fsynced, renamed): a backup is whole or absent. */
function writeManifest(folder: string, manifest: BackupManifest): void {
  const partial = join(folder, `${BACKUP_MANIFEST_FILE}.partial`);
  writeFileSync(partial, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  fsyncPath(partial);
  renameSync(partial, join(folder, BACKUP_MANIFEST_FILE));
  fsyncPath(folder);
}

/**
 * `backup --to <folder>`: copies the ledger file (events, Merkle tree, read models), the API state
 * file and the signing key of the configured data folder into an empty or new folder while the server
 * keeps running, verifies the copy, checks it is a prefix of the live ledger, and writes the manifest.
 */
export async function backupDataFolder(
  config: LedgerConfig,
  target: string,
  progress: ProgressFactory,
  clock: Clock = systemClock,
): Promise<BackupManifest> {
  if (config.store !== 'sqlite') {
    throw new BackupRefusedError(
      `backup copies the embedded SQLite store; with LEDGER_STORE=${config.store} use the database's own ` +
        'tools (pg_dump for PostgreSQL) and verify the result as the README describes (Operations)',
    );
  }
  const source = config.dataDir;
  const ledgerFile = join(source, LEDGER_FILE_NAME);
  if (!existsSync(ledgerFile)) {
    throw new BackupRefusedError(
      `there is no ledger in ${source} (${LEDGER_FILE_NAME} is missing); check LEDGER_DATA_DIR`,
    );
  }
  const folder = resolve(target);
  if (folder === resolve(source))
    throw new BackupRefusedError('the backup folder must not be the data folder');
  const { created } = requireEmptyFolder(folder, 'the backup folder');
  const written: string[] = [];
  try {
    // api.sqlite first: its idempotency records name only events committed before them, so the
    // ledger copied afterwards holds every event they name.
    const apiFile = join(source, API_STATE_FILE_NAME);
    if (existsSync(apiFile)) {
      written.push(API_STATE_FILE_NAME);
      await onlineCopy(apiFile, join(folder, API_STATE_FILE_NAME), progress);
    }
    written.push(LEDGER_FILE_NAME);
    await onlineCopy(ledgerFile, join(folder, LEDGER_FILE_NAME), progress);

    const keyFile = join(source, SIGNING_KEY_FILE);
    const signer = signerOf(config, keyFile);
    let signingKey: BackupManifest['signingKey'] = 'absent';
    if (config.signingKey !== undefined) signingKey = 'environment';
    else if (signer !== null) {
      written.push(SIGNING_KEY_FILE);
      copyFileSync(keyFile, join(folder, SIGNING_KEY_FILE), constants.COPYFILE_EXCL);
      chmodSync(join(folder, SIGNING_KEY_FILE), 0o600);
      signingKey = 'included';
    }

    const facts = await verifyLedgerCopy(folder, progress);
    const live = liveRootAt(ledgerFile, facts.headPosition);
    if (!live.equals(facts.root)) {
      throw new BackupVerificationError(
        `the copy's ${facts.headPosition.toString()} events hash to ${facts.root.toString('base64')}, but the ` +
          `live ledger's first ${facts.headPosition.toString()} to ${live.toString('base64')}`,
      );
    }
    for (const name of written) fsyncPath(join(folder, name));
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: 1,
      createdAt: clock.now().toISOString(),
      sourceDataDir: source,
      ledger: {
        headPosition: facts.headPosition.toString(),
        events: facts.events.toString(),
        streams: facts.streams,
        root: facts.root.toString('base64'),
        readModelCheckpoint: facts.readModelCheckpoint.toString(),
        schemaVersion: facts.schemaVersion,
      },
      checkpoint:
        signer === null
          ? null
          : signCheckpoint({ origin: signer.name, size: facts.headPosition, root: facts.root }, signer),
      verifierKey: signer === null ? null : verifierKeyOf(signer),
      signingKey,
      files: await Promise.all(written.map((name) => fileEntry(folder, name))),
    };
    writeManifest(folder, manifest);
    return manifest;
  } catch (error) {
    // An incomplete backup must not look like one.
    removeWritten(folder, [...written, BACKUP_MANIFEST_FILE], created);
    throw error;
  }
}

/** The one-line summary the CLI prints. */
export function describeBackup(folder: string, manifest: BackupManifest): string {
  return (
    `backup written to ${resolve(folder)}: ${manifest.ledger.events} events (head position ` +
    `${manifest.ledger.headPosition}) in ${manifest.ledger.streams} streams, Merkle root ${manifest.ledger.root}; ` +
    `verified: every hash, every stream chain, the root against the log, and a prefix of the live ledger; ` +
    `files: ${manifest.files.map((f) => f.name).join(', ')}` +
    (manifest.signingKey === 'environment'
      ? ' (the signing key is in LEDGER_SIGNING_KEY: keep it safe separately)'
      : '') +
    '\n'
  );
}
