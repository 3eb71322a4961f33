import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEDGER_FILE_NAME } from '@kyoyaku/runtime';
import { runCli } from './cli';

/**
 * Read models changed on disk: one changed document changes an answer, so the
 * rebuild-and-compare check must name it and exit 1; a rebuild repairs it.
 */
describe('check-read-models', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  const run = async (...argv: string[]): Promise<{ code: number; output: string }> => {
    let output = '';
    const code = await runCli(argv, env, { out: (text) => (output += text) });
    return { code, output };
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-rm-check-'));
    env = { LEDGER_DATA_DIR: dataDir };
    expect((await run('seed')).code).toBe(0);
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('passes on read models built from the events', async () => {
    const result = await run('check-read-models');
    expect(result.output).toMatch(
      /^OK: \d+ read-model documents match a replay of the events up to position \d+/,
    );
    expect(result.code).toBe(0);
  });

  it('names a document changed on disk and exits 1; rebuild repairs it', async () => {
    const db = new Database(join(dataDir, LEDGER_FILE_NAME));
    const changed = db
      .prepare(
        `UPDATE rm_documents SET doc = replace(doc, '平内町', '平内村')
         WHERE rowid = (SELECT min(rowid) FROM rm_documents WHERE doc LIKE '%平内町%')
         RETURNING collection, key`,
      )
      .get() as { collection: string; key: string };
    db.close();
    const drift = await run('check-read-models');
    expect(drift.code).toBe(1);
    expect(drift.output).toMatch(/^DRIFT: 1 read-model document\(s\) differ/);
    expect(drift.output).toContain(`${changed.collection}/${changed.key}`);
    expect((await run('rebuild')).code).toBe(0);
    expect((await run('check-read-models')).code).toBe(0);
  });
});
