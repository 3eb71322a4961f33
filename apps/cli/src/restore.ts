import { chmodSync, constants, copyFileSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LEDGER_FILE_NAME, SIGNING_KEY_FILE } from '@kyoyaku/runtime';
import {
  BACKUP_MANIFEST_FILE,
  type BackupManifest,
  BackupRefusedError,
  BackupVerificationError,
  fsyncPath,
  removeWritten,
  requireEmptyFolder,
  sha256OfFile,
  verifyLedgerCopy,
} from './backup';
import type { ProgressFactory } from './progress';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads and checks the manifest's shape: a folder without a sound manifest is not a backup. */
export function readManifest(folder: string): BackupManifest {
  const file = join(folder, BACKUP_MANIFEST_FILE);
  if (!existsSync(file)) {
    throw new BackupRefusedError(
      `${folder} is not a complete backup: ${BACKUP_MANIFEST_FILE} is missing (a backup writes it last)`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BackupRefusedError(
      `${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const ledger = isObject(value) ? value.ledger : undefined;
  const files = isObject(value) ? value.files : undefined;
  if (
    !isObject(value) ||
    value.format !== 'kyoyaku-ledger-backup' ||
    value.formatVersion !== 1 ||
    !isObject(ledger) ||
    typeof ledger.headPosition !== 'string' ||
    typeof ledger.root !== 'string' ||
    !Array.isArray(files) ||
    !files.every(
      (f) =>
        isObject(f) &&
        typeof f.name === 'string' &&
        SAFE_NAME.test(f.name) &&
        typeof f.sha256 === 'string' &&
        typeof f.bytes === 'number',
    ) ||
    !files.some((f) => isObject(f) && f.name === LEDGER_FILE_NAME)
  ) {
    throw new BackupRefusedError(
      `${file} is not a manifest of this software's backups (format kyoyaku-ledger-backup, version 1, with ${LEDGER_FILE_NAME})`,
    );
  }
  return value as unknown as BackupManifest;
}

/**
 * `restore --from <backup> --data-dir <folder>`: into an empty or new folder only. Checks every file
 * against the manifest's sha256 before copying anything, copies (each file fsynced, then renamed into
 * place), then verifies the restored folder again and compares head, count and root with the
 * manifest. On any failure what was written is removed, so the folder is empty again.
 */
export async function restoreDataFolder(
  from: string,
  dataDir: string,
  progress: ProgressFactory,
): Promise<BackupManifest> {
  const backup = resolve(from);
  const target = resolve(dataDir);
  const manifest = readManifest(backup);
  for (const entry of manifest.files) {
    const file = join(backup, entry.name);
    if (!existsSync(file)) throw new BackupRefusedError(`the backup is incomplete: ${entry.name} is missing`);
    const sha256 = await sha256OfFile(file);
    if (sha256 !== entry.sha256) {
      throw new BackupRefusedError(
        `the backup is damaged: ${entry.name} has sha256 ${sha256}, the manifest says ${entry.sha256}`,
      );
    }
  }
  const { created } = requireEmptyFolder(target, 'the data folder');
  const written: string[] = [];
  try {
    const bar = progress(
      'restore: copying',
      'bytes',
      manifest.files.reduce((sum, f) => sum + f.bytes, 0),
    );
    for (const entry of manifest.files) {
      written.push(entry.name);
      const partial = join(target, `${entry.name}.partial`);
      copyFileSync(join(backup, entry.name), partial, constants.COPYFILE_EXCL);
      if (entry.name === SIGNING_KEY_FILE) chmodSync(partial, 0o600);
      fsyncPath(partial);
      renameSync(partial, join(target, entry.name));
      bar.advance(entry.bytes);
    }
    fsyncPath(target);
    bar.finish();

    const facts = await verifyLedgerCopy(target, progress);
    const found = {
      headPosition: facts.headPosition.toString(),
      events: facts.events.toString(),
      root: facts.root.toString('base64'),
    };
    const expected = {
      headPosition: manifest.ledger.headPosition,
      events: manifest.ledger.events,
      root: manifest.ledger.root,
    };
    if (JSON.stringify(found) !== JSON.stringify(expected)) {
      throw new BackupVerificationError(
        `the restored ledger is not the one the manifest describes: found ${JSON.stringify(found)}, ` +
          `expected ${JSON.stringify(expected)}`,
      );
    }
    return manifest;
  } catch (error) {
    removeWritten(target, written, created);
    throw error;
  }
}

export function describeRestore(dataDir: string, manifest: BackupManifest): string {
  return (
    `restored the backup of ${manifest.createdAt} into ${resolve(dataDir)}: ${manifest.ledger.events} events ` +
    `(head position ${manifest.ledger.headPosition}), Merkle root ${manifest.ledger.root}; verified again after ` +
    'restoring' +
    (manifest.signingKey === 'environment'
      ? '; the signing key was not in the backup: set LEDGER_SIGNING_KEY to the same key before starting'
      : '') +
    '\n'
  );
}
