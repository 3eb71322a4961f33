import {
  generateSignerKey,
  keyId,
  openCheckpoint,
  parseSignerKey,
  type NoteSigner,
  type RecordedCheckpoint,
  type RecordedSigningKey,
  verifierKeyOf,
} from '@kyoyaku/ledger';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerConfig } from '../config/ledger-config';

export const SIGNING_KEY_FILE = 'ledger-signing.key';
/**
 * The next key of a rotation (rotate-key), written before the history records it and renamed over
 * SIGNING_KEY_FILE after: a rotation cut short between the two is completed at the next start.
 */
export const NEXT_SIGNING_KEY_FILE = 'ledger-signing.key.next';

/**
 * The signing key cannot be used with this ledger: missing although the ledger has signed
 * checkpoints, or not the key that signed them. Starting would sign with a key no earlier checkpoint
 * verifies against, so the server refuses to start (the ledger is left as it is).
 */
export class SigningKeyError extends Error {
  override readonly name = 'SigningKeyError';
}

/**
 * The Ed25519 key that signs checkpoints: LEDGER_SIGNING_KEY if given, otherwise the key file under
 * the data folder, created on first start with mode 0600 (only the server's user may read it). When the
 * ledger has a key history (`current`: its last key), the key must be that one; a ledger with signed
 * checkpoints but no history yet (`lastSigned`) must have the key that signed the last of them. A
 * missing key file is then not replaced by a new key, and another key is refused: a new key comes
 * only from a rotation (rotate-key), which the retiring key signs.
 */
export function loadSigningKey(
  config: LedgerConfig,
  lastSigned?: RecordedCheckpoint,
  current?: RecordedSigningKey,
): NoteSigner {
  if (current !== undefined && config.signingKey === undefined) completeRotation(config, current);
  const signer =
    config.signingKey !== undefined
      ? parseSignerKey(config.signingKey)
      : keyFromFile(config, lastSigned, current);
  if (current !== undefined) {
    if (verifierKeyOf(signer) !== current.verifierKey) {
      throw new SigningKeyError(
        `The signing key ${keyId(signer.name, signer.keyHash)} is not this ledger's current signing key ${current.verifierKey.split('+').slice(0, 2).join('+')} (signing since ${current.since}, from tree size ${current.fromSize.toString()}; see the key history). Configure that key (LEDGER_SIGNING_KEY, or ${SIGNING_KEY_FILE} in the data folder, restored from the backup); a new key is made only by rotate-key, which the current key signs. Nothing was changed.`,
      );
    }
    return signer;
  }
  if (lastSigned !== undefined) {
    try {
      openCheckpoint(lastSigned.note, verifierKeyOf(signer));
    } catch {
      throw new SigningKeyError(
        `The signing key ${keyId(signer.name, signer.keyHash)} did not sign this ledger's checkpoints (the last, of size ${lastSigned.size.toString()}, signed ${lastSigned.signedAt}, does not verify with it). Configure the key that signed them (LEDGER_SIGNING_KEY, or ${SIGNING_KEY_FILE} in the data folder, restored from the backup); nothing was changed.`,
      );
    }
  }
  return signer;
}

/** A rotation recorded in the history whose new key file was not yet renamed into place: finish it. */
function completeRotation(config: LedgerConfig, current: RecordedSigningKey): void {
  const next = join(config.dataDir, NEXT_SIGNING_KEY_FILE);
  if (!existsSync(next)) return;
  const key = parseSignerKey(readFileSync(next, 'utf8').trim());
  if (verifierKeyOf(key) === current.verifierKey) renameSync(next, join(config.dataDir, SIGNING_KEY_FILE));
}

function keyFromFile(
  config: LedgerConfig,
  lastSigned: RecordedCheckpoint | undefined,
  current: RecordedSigningKey | undefined,
): NoteSigner {
  const file = join(config.dataDir, SIGNING_KEY_FILE);
  if (!existsSync(file)) {
    if (lastSigned !== undefined) {
      throw new SigningKeyError(
        `The signing key file ${file} is missing, but this ledger has signed checkpoints (the last of size ${lastSigned.size.toString()}, signed ${lastSigned.signedAt}). A new key would sign what no earlier checkpoint verifies against, so none is made: restore ${SIGNING_KEY_FILE} from the backup, or give the key in LEDGER_SIGNING_KEY; nothing was changed.`,
      );
    }
    if (current !== undefined) {
      throw new SigningKeyError(
        `The signing key file ${file} is missing, but this ledger's key history names its key ${current.verifierKey} (since ${current.since}). A new key is made only by rotate-key, which that key signs: restore ${SIGNING_KEY_FILE} from the backup, or give the key in LEDGER_SIGNING_KEY; nothing was changed.`,
      );
    }
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, `${generateSignerKey(config.logName)}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  return parseSignerKey(readFileSync(file, 'utf8').trim());
}

/**
 * Writes the next signing key of a rotation to NEXT_SIGNING_KEY_FILE (or, for a key given in
 * LEDGER_SIGNING_KEY, to `outFile`, which must not exist), mode 0600; returns the file.
 */
export function writeNextSigningKey(config: LedgerConfig, key: string, outFile?: string): string {
  mkdirSync(config.dataDir, { recursive: true });
  const file = outFile ?? join(config.dataDir, NEXT_SIGNING_KEY_FILE);
  // A next key left by a rotation that never reached the history is not the ledger's: replace it.
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: outFile === undefined ? 'w' : 'wx' });
  chmodSync(file, 0o600);
  return file;
}

/** Puts the next key of a recorded rotation in place of the key file. */
export function installNextSigningKey(config: LedgerConfig): void {
  renameSync(join(config.dataDir, NEXT_SIGNING_KEY_FILE), join(config.dataDir, SIGNING_KEY_FILE));
}
