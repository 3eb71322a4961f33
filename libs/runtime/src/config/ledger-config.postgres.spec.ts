import { ConfigError, loadConfig } from './ledger-config';

describe('LEDGER_STORE=postgres and LEDGER_POSTGRES_URL', () => {
  const failure = (env: NodeJS.ProcessEnv): string => {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('takes the URL for the PostgreSQL store, TCP or the local socket', () => {
    for (const url of [
      'postgresql://ledger:secret@db.example.jp:5432/ledger',
      'postgres://ledger@127.0.0.1/ledger',
      'postgresql:///ledger?host=/var/run/postgresql',
    ]) {
      expect(loadConfig({ LEDGER_STORE: 'postgres', LEDGER_POSTGRES_URL: url })).toMatchObject({
        store: 'postgres',
        postgresUrl: url,
      });
    }
  });

  it('refuses the PostgreSQL store without a URL, saying what to set', () => {
    expect(failure({ LEDGER_STORE: 'postgres' })).toMatch(
      /LEDGER_STORE=postgres needs LEDGER_POSTGRES_URL.*postgresql:\/\//,
    );
    expect(failure({ LEDGER_STORE: 'postgres', LEDGER_POSTGRES_URL: '' })).toMatch(
      /needs LEDGER_POSTGRES_URL/,
    );
  });

  it('refuses a malformed URL, without echoing a password', () => {
    expect(failure({ LEDGER_STORE: 'postgres', LEDGER_POSTGRES_URL: 'db.example.jp:5432' })).toMatch(
      /must start with postgresql:\/\/|is not a URL/,
    );
    expect(failure({ LEDGER_STORE: 'postgres', LEDGER_POSTGRES_URL: 'not a url at all' })).toMatch(
      /is not a URL/,
    );
    expect(failure({ LEDGER_STORE: 'postgres', LEDGER_POSTGRES_URL: 'mysql://u:hunter2@db/ledger' })).toMatch(
      /must start with postgresql:\/\/ \(not mysql:\/\/\)/,
    );
    const noDatabase = failure({
      LEDGER_STORE: 'postgres',
      LEDGER_POSTGRES_URL: 'postgresql://u:hunter2@db.example.jp',
    });
    expect(noDatabase).toMatch(/must name one database/);
    expect(noDatabase).not.toContain('hunter2');
  });

  it('checks a URL given with another store, and needs none for SQLite', () => {
    expect(loadConfig({}).postgresUrl).toBeUndefined();
    expect(loadConfig({ LEDGER_STORE: 'sqlite' })).toMatchObject({ store: 'sqlite' });
    expect(failure({ LEDGER_STORE: 'sqlite', LEDGER_POSTGRES_URL: 'http://example.jp/' })).toMatch(
      /postgresql:\/\//,
    );
  });
});
