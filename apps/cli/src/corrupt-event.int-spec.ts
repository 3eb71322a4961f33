import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEDGER_FILE_NAME } from '@kyoyaku/runtime';
import { runCli } from './cli';

/**
 * An event whose stored JSON no longer parses (a damaged disk, an edit by hand): export, backup and rebuild
 * fail and name the ledger position, never a JSON offset.
 */
describe('the command line over a ledger with a corrupt event', () => {
  const CORRUPT = 12;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  const run = async (...argv: string[]): Promise<{ code: number; output: string }> => {
    let output = '';
    const code = await runCli(argv, env, { out: (text) => (output += text) });
    return { code, output };
  };

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-corrupt-'));
    env = { LEDGER_DATA_DIR: dataDir };
    expect((await run('seed')).code).toBe(0);
    const db = new Database(join(dataDir, LEDGER_FILE_NAME));
    db.prepare('UPDATE events SET envelope = substr(envelope, 1, 40) WHERE position = ?').run(CORRUPT);
    db.close();
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('export fails naming the position; the file stops there, unsigned', async () => {
    const file = join(dataDir, 'export.ndjson');
    const result = await run('export', file);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(new RegExp(`^FAILED at position ${CORRUPT}: `));
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(CORRUPT);
    const verified = await run('verify', file);
    expect(verified.code).toBe(1);
    expect(verified.output).toMatch(new RegExp(`^FAILED at position ${CORRUPT} .*corrupt event`));
  });

  it('backup fails naming the position', async () => {
    await expect(run('backup', '--to', join(dataDir, 'backup'))).rejects.toThrow(
      new RegExp(`verification FAILED at position ${CORRUPT}: corrupt event`),
    );
  });

  it('rebuild fails naming the position', async () => {
    await expect(run('rebuild')).rejects.toThrow(
      new RegExp(`^the stored event at position ${CORRUPT} is corrupt: its stored JSON does not parse`),
    );
  });
});
