import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiStateDatabase, SqliteAccessTokenRepository } from '@kyoyaku/runtime';
import { runCli } from './cli';

describe('the admin command line on a real data folder', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  const run = async (...argv: string[]): Promise<{ code: number; output: string }> => {
    let output = '';
    const code = await runCli(argv, env, { out: (text) => (output += text) });
    return { code, output };
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-cli-'));
    env = { LEDGER_DATA_DIR: dataDir };
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('issues a token shown once and stored only as its hash, lists it, and revokes it', async () => {
    const issued = await run(
      'tokens',
      'issue',
      '--role',
      'clerk',
      '--municipality',
      '023019',
      '--label',
      '平内町 企画政策課',
    );
    expect(issued.code).toBe(0);
    const { token, id, role, municipalityCode } = JSON.parse(issued.output) as Record<string, string>;
    expect({ role, municipalityCode }).toEqual({ role: 'clerk', municipalityCode: '023019' });
    expect(token).toMatch(/^kl_[A-Za-z0-9_-]{43}$/);

    const state = ApiStateDatabase.open(dataDir);
    const stored = state.db.prepare('SELECT * FROM access_tokens').all() as Record<string, string>[];
    expect(JSON.stringify(stored)).not.toContain(token);
    expect((await new SqliteAccessTokenRepository(state).authenticate(token ?? ''))?.id).toBe(id);

    const listed = await run('tokens', 'list');
    expect(listed.output).not.toContain(token);
    expect(listed.output).toContain(id);

    expect((await run('tokens', 'revoke', id ?? '')).code).toBe(0);
    expect(await new SqliteAccessTokenRepository(state).authenticate(token ?? '')).toBeNull();
    expect((await run('tokens', 'revoke', id ?? '')).code).toBe(2);
    state.close();
  });

  it.each([
    [['tokens', 'issue', '--role', 'mayor', '--label', 'x']],
    [['tokens', 'issue', '--role', 'clerk', '--label', 'x']],
    [['tokens', 'issue', '--role', 'clerk', '--municipality', '023010', '--label', 'x']],
    [['tokens', 'issue', '--role', 'admin', '--municipality', '023019', '--label', 'x']],
    [['tokens', 'issue', '--role', 'admin']],
    [['frobnicate']],
  ])('refuses %j with exit code 2 and the usage', async (argv) => {
    const result = await run(...argv);
    expect(result.code).toBe(2);
    expect(result.output).toContain('Usage: npm run cli');
  });

  it('seeds the demo once; a second seed adds nothing; rebuild keeps the head', async () => {
    const first = await run('seed');
    expect(first.output).toMatch(/loaded the 青森圏域 demo history \((\d+) events\)/);
    const events = /\((\d+) events\)/.exec(first.output)?.[1];
    expect(statSync(join(dataDir, 'demo-tokens.json')).mode & 0o777).toBe(0o600);
    const second = await run('seed');
    expect(second.output).toBe(`the store already holds ${events ?? ''} events; nothing was added\n`);
    const rebuilt = await run('rebuild');
    expect(rebuilt.output).toMatch(new RegExp(`checkpoint ${events ?? ''}\\n$`));
    expect((await run('head')).output).toBe(
      `head position ${events ?? ''}, projection checkpoint ${events ?? ''}\n`,
    );
  });
});
