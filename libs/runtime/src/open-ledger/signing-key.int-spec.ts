import { generateSignerKey } from '@kyoyaku/ledger';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/ledger-config';
import { systemClock } from './clock';
import { openLedger } from './open-ledger';
import { SIGNING_KEY_FILE, SigningKeyError } from './signing-key';

/**
 * The signing key kept (what holds without a key history): a ledger that has signed
 * checkpoints starts only with the key that signed them — a lost key file is not silently replaced
 * by a new key, and another key is refused — so no checkpoint is ever signed that the earlier ones
 * cannot be checked against.
 */
describe('the signing key of a ledger with signed checkpoints (SQLite)', () => {
  let dataDir: string;
  const config = (env: Record<string, string> = {}) => ({ ...loadConfig(env), dataDir });
  const keyFile = () => join(dataDir, SIGNING_KEY_FILE);

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-signing-key-'));
    const ledger = await openLedger(config(), systemClock);
    try {
      await ledger.integrity.checkpoint();
    } finally {
      await ledger.close();
    }
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts again with the key that signed', async () => {
    const ledger = await openLedger(config(), systemClock);
    await ledger.close();
  });

  it('refuses to start when the key file is missing, and makes no new one', async () => {
    unlinkSync(keyFile());
    await expect(openLedger(config(), systemClock)).rejects.toThrow(SigningKeyError);
    await expect(openLedger(config(), systemClock)).rejects.toThrow(
      /is missing, but this ledger has signed checkpoints/,
    );
    expect(existsSync(keyFile())).toBe(false);
  });

  it('refuses another key given in LEDGER_SIGNING_KEY, and starts once the right one is back', async () => {
    const original = readFileSync(keyFile(), 'utf8');
    const other = generateSignerKey('kyoyaku-ledger');
    await expect(openLedger(config({ LEDGER_SIGNING_KEY: other }), systemClock)).rejects.toThrow(
      /is not this ledger's current signing key/,
    );
    writeFileSync(keyFile(), `${other}\n`);
    await expect(openLedger(config(), systemClock)).rejects.toThrow(SigningKeyError);
    writeFileSync(keyFile(), original);
    const ledger = await openLedger(config(), systemClock);
    await ledger.close();
  });
});

describe('the signing key of a ledger that has signed nothing yet (SQLite)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-signing-key-new-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('records its key in the key history at the first start, and then makes no new one for a lost key file', async () => {
    const config = { ...loadConfig({}), dataDir };
    const ledger = await openLedger(config, systemClock);
    const history = await ledger.integrity.verifierKeys();
    await ledger.close();
    expect(history.keys.map((k) => [k.verifierKey, k.from.treeSize, k.to])).toEqual([
      [history.current, '0', null],
    ]);
    unlinkSync(join(dataDir, SIGNING_KEY_FILE));
    await expect(openLedger(config, systemClock)).rejects.toThrow(
      /is missing, but this ledger's key history names its key/,
    );
    expect(existsSync(join(dataDir, SIGNING_KEY_FILE))).toBe(false);
  });
});
