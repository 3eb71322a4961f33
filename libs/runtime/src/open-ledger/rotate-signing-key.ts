import { generateSignerKey, parseSignerKey, verifierKeyOf } from '@kyoyaku/ledger';
import { join } from 'node:path';
import type { LedgerConfig } from '../config/ledger-config';
import type { Clock } from './clock';
import { openLedger } from './open-ledger';
import { installNextSigningKey, SIGNING_KEY_FILE, SigningKeyError, writeNextSigningKey } from './signing-key';

export interface KeyRotationResult {
  previousKey: string;
  nextKey: string;
  /** The tree size from which the next key signs (the old key signed the checkpoint of that size). */
  size: bigint;
  rotatedAt: string;
  /** The rotation statement, signed by the previous key and the next. */
  statement: string;
  /** Where the next signer key is: the key file, or `outFile` for a key kept in LEDGER_SIGNING_KEY. */
  keyFile: string;
}

/**
 * Rotates the signing key (the CLI's rotate-key, with the server stopped): opens the ledger with its
 * current key, brings the projections up to date (so every checkpoint they owe is signed with that
 * key), and hands over to a new key under the same name at the tree's size. The new key goes to the
 * key file in the data folder — written aside first and renamed into place once the history holds
 * it, so a rotation cut short is finished at the next start — or, when the key comes from
 * LEDGER_SIGNING_KEY, to `outFile` (new, mode 0600), to be configured there.
 */
export async function rotateSigningKey(
  config: LedgerConfig,
  clock: Clock,
  options: { outFile?: string } = {},
): Promise<KeyRotationResult> {
  if (config.signingKey !== undefined && options.outFile === undefined) {
    throw new SigningKeyError(
      'The signing key is given in LEDGER_SIGNING_KEY: say where to write the new key (rotate-key --out <new file>), then configure it there; nothing was changed.',
    );
  }
  if (config.signingKey === undefined && options.outFile !== undefined) {
    throw new SigningKeyError(
      `The signing key is the file ${SIGNING_KEY_FILE} in the data folder, and the new key replaces it: --out is only for a key given in LEDGER_SIGNING_KEY; nothing was changed.`,
    );
  }
  const ledger = await openLedger(config, clock);
  try {
    await ledger.projector.catchUp();
    const previousKey = ledger.integrity.verifierKey;
    const name = previousKey.split('+')[0] ?? config.logName;
    const nextText = generateSignerKey(name);
    const next = parseSignerKey(nextText);
    writeNextSigningKey(config, nextText, options.outFile);
    const rotation = await ledger.integrity.rotate(next);
    if (options.outFile === undefined) installNextSigningKey(config);
    return {
      previousKey,
      nextKey: verifierKeyOf(next),
      ...rotation,
      keyFile: options.outFile ?? join(config.dataDir, SIGNING_KEY_FILE),
    };
  } finally {
    await ledger.close();
  }
}
