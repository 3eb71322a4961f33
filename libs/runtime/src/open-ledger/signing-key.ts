import { generateSignerKey, parseSignerKey, type NoteSigner } from '@kyoyaku/ledger';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerConfig } from '../config/ledger-config';

export const SIGNING_KEY_FILE = 'ledger-signing.key';

/**
 * The Ed25519 key that signs checkpoints: LEDGER_SIGNING_KEY if given, otherwise the key file under
 * the data folder, created on first start with mode 0600 (only the server's user may read it).
 */
export function loadSigningKey(config: LedgerConfig): NoteSigner {
  if (config.signingKey !== undefined) return parseSignerKey(config.signingKey);
  const file = join(config.dataDir, SIGNING_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, `${generateSignerKey(config.logName)}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  return parseSignerKey(readFileSync(file, 'utf8').trim());
}
