import { verifierKeyOf } from '@kyoyaku/ledger';
import { SIGNING_KEY_FILE } from '@kyoyaku/runtime';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli';

/**
 * `rotate-key` hands over to a new signing key with a statement the old key
 * signs, and `verify` follows the key history — the data folder's, or a published one pinned to the
 * key a third party held — checking every checkpoint against the key valid at its size.
 */
describe('rotate-key and verify across a rotation (SQLite)', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let oldKey: string;
  let before: string;
  let after: string;
  let olderNote: string;
  let history: string;
  let rotateOutput: string;
  const run = async (...argv: string[]): Promise<{ code: number; output: string }> => {
    let output = '';
    const code = await runCli(argv, env, { out: (text) => (output += text), err: () => undefined });
    return { code, output };
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-rotate-cli-'));
    env = { LEDGER_DATA_DIR: dataDir };
    expect((await run('seed')).code).toBe(0);
    oldKey = verifierKeyOf(readFileSync(join(dataDir, SIGNING_KEY_FILE), 'utf8').trim());
    before = join(dataDir, 'before.ndjson');
    expect((await run('export', before)).code).toBe(0);
    const lastLine = readFileSync(before, 'utf8').trimEnd().split('\n').at(-1) ?? '{}';
    olderNote = join(dataDir, 'older.note');
    writeFileSync(olderNote, (JSON.parse(lastLine) as { checkpoint: string }).checkpoint);
    const rotated = await run('rotate-key');
    expect(rotated.code).toBe(0);
    rotateOutput = rotated.output;
    after = join(dataDir, 'after.ndjson');
    expect((await run('export', after)).code).toBe(0);
    history = join(dataDir, 'verifier-keys.json');
    const keys = await run('verifier-keys');
    expect(keys.code).toBe(0);
    writeFileSync(history, keys.output);
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('says which key retired, which signs now, and where the new key is', () => {
    const newKey = verifierKeyOf(readFileSync(join(dataDir, SIGNING_KEY_FILE), 'utf8').trim());
    expect(newKey).not.toBe(oldKey);
    expect(rotateOutput).toContain(`  retired  ${oldKey}\n  current  ${newKey}\n`);
    expect(rotateOutput).toContain(`the new signer key is in ${join(dataDir, SIGNING_KEY_FILE)}`);
  });

  it('verifies the export after the rotation with the data folder’s key history, against the older checkpoint', async () => {
    const result = await run('verify', after, '--checkpoint', olderNote);
    expect(result.output).toMatch(/^OK: .*the last of 2 keys, each rotation signed by the key it retired\)/);
    expect(result.output).toContain('consistent with the older checkpoint');
    expect(result.code).toBe(0);
  });

  it('verifies both exports with the published history pinned to the old key', async () => {
    for (const file of [before, after]) {
      const result = await run('verify', file, '--keys', history, '--key', oldKey, '--checkpoint', olderNote);
      expect(result.output).toMatch(/^OK: /);
      expect(result.code).toBe(0);
    }
  });

  it('refuses the new export with the old key alone', async () => {
    const result = await run('verify', after, '--key', oldKey);
    expect(result.output).toMatch(
      /^FAILED: checkpoint unknown key: the note is not signed by kyoyaku-ledger\+/,
    );
    expect(result.code).toBe(1);
  });

  it('refuses a history whose rotation statement the new key signed alone', async () => {
    const published = JSON.parse(readFileSync(history, 'utf8')) as {
      keys: { rotationStatement: string | null }[];
    };
    const second = published.keys[1];
    if (second?.rotationStatement == null) throw new Error('no rotation statement');
    const [text = '', signatures = ''] = second.rotationStatement.split('\n\n');
    second.rotationStatement = `${text}\n\n${signatures.split('\n')[1] ?? ''}\n`;
    const forged = join(dataDir, 'forged-keys.json');
    writeFileSync(forged, JSON.stringify(published));
    const result = await run('verify', after, '--keys', forged);
    expect(result.output).toMatch(
      /^FAILED: the key history: rotation statement 1: not signed by the key it retires, kyoyaku-ledger\+[0-9a-f]{8} \(signed by kyoyaku-ledger\+[0-9a-f]{8}\)/,
    );
    expect(result.code).toBe(1);
  });

  it('refuses a history that does not start with the key the verifier holds', async () => {
    const result = await run(
      'verify',
      after,
      '--keys',
      history,
      '--key',
      verifierKeyOf(readFileSync(join(dataDir, SIGNING_KEY_FILE), 'utf8').trim()),
    );
    expect(result.output).toMatch(/^FAILED: the key history: the key history starts with /);
    expect(result.code).toBe(1);
  });

  it('asks where to write the new key when the key is given in LEDGER_SIGNING_KEY', async () => {
    const key = readFileSync(join(dataDir, SIGNING_KEY_FILE), 'utf8').trim();
    await expect(
      runCli(['rotate-key'], { ...env, LEDGER_SIGNING_KEY: key }, { out: () => undefined }),
    ).rejects.toThrow(/rotate-key --out <new file>/);
  });
});
