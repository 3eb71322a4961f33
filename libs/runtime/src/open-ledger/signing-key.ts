import {
  generateSignerKey,
  keyId,
  openCheckpoint,
  parseSignerKey,
  type NoteSigner,
  type RecordedCheckpoint,
  verifierKeyOf,
} from '@kyoyaku/ledger';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerConfig } from '../config/ledger-config';

export const SIGNING_KEY_FILE = 'ledger-signing.key';

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
 * ledger has signed checkpoints (`lastSigned`), the key must be the one that signed the last of them: a
 * missing key file is not replaced by a new key, and another key is refused.
 */
export function loadSigningKey(config: LedgerConfig, lastSigned?: RecordedCheckpoint): NoteSigner {
  const signer =
    config.signingKey !== undefined ? parseSignerKey(config.signingKey) : keyFromFile(config, lastSigned);
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

function keyFromFile(config: LedgerConfig, lastSigned: RecordedCheckpoint | undefined): NoteSigner {
  const file = join(config.dataDir, SIGNING_KEY_FILE);
  if (!existsSync(file)) {
    if (lastSigned !== undefined) {
      throw new SigningKeyError(
        `The signing key file ${file} is missing, but this ledger has signed checkpoints (the last of size ${lastSigned.size.toString()}, signed ${lastSigned.signedAt}). A new key would sign what no earlier checkpoint verifies against, so none is made: restore ${SIGNING_KEY_FILE} from the backup, or give the key in LEDGER_SIGNING_KEY; nothing was changed.`,
      );
    }
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, `${generateSignerKey(config.logName)}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  return parseSignerKey(readFileSync(file, 'utf8').trim());
}
