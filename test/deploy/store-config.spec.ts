import { ConfigError, loadConfig } from '@kyoyaku/runtime';

/** The store settings a deployment gives (docker-compose.yml, README "Configuration"). */
describe('store configuration', () => {
  const esdb = 'esdb://esdb-node1:2113,esdb-node2:2113,esdb-node3:2113?tls=false&nodePreference=leader';
  const pg = 'postgresql://kyoyaku:secret@postgres:5432/kyoyaku';

  it('LEDGER_STORE=eventstoredb takes EVENTSTORE_CONNECTION_STRING, read models in SQLite by default', () => {
    const config = loadConfig({ LEDGER_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: esdb });
    expect(config).toMatchObject({
      store: 'eventstoredb',
      eventStoreConnectionString: esdb,
      readStore: 'sqlite',
    });
    expect(config.postgresUrl).toBeUndefined();
  });

  it('puts EventStoreDB’s read models in PostgreSQL with LEDGER_READ_STORE=postgres and LEDGER_POSTGRES_URL', () => {
    expect(
      loadConfig({
        LEDGER_STORE: 'eventstoredb',
        EVENTSTORE_CONNECTION_STRING: 'esdb+discover://cluster.example.jp:2113',
        LEDGER_READ_STORE: 'postgres',
        LEDGER_POSTGRES_URL: pg,
      }),
    ).toMatchObject({ store: 'eventstoredb', readStore: 'postgres', postgresUrl: pg });
  });

  it('keeps the read models with the events on the SQL stores', () => {
    expect(loadConfig({}).readStore).toBe('sqlite');
    expect(loadConfig({ LEDGER_STORE: 'postgres', LEDGER_POSTGRES_URL: pg }).readStore).toBe('postgres');
    expect(loadConfig({ LEDGER_STORE: 'sqlite', LEDGER_READ_STORE: 'sqlite' }).readStore).toBe('sqlite');
  });

  it.each([
    [{ LEDGER_STORE: 'eventstoredb' }, /LEDGER_STORE=eventstoredb needs EVENTSTORE_CONNECTION_STRING/],
    [
      { LEDGER_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'tcp://localhost:1113' },
      /must start with esdb:\/\/ or esdb\+discover:\/\//,
    ],
    [
      { LEDGER_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: esdb, LEDGER_READ_STORE: 'postgres' },
      /LEDGER_READ_STORE=postgres needs LEDGER_POSTGRES_URL/,
    ],
    [
      { LEDGER_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: esdb, LEDGER_READ_STORE: 'mongodb' },
      /LEDGER_READ_STORE=mongodb is not allowed; use one of: sqlite, postgres/,
    ],
    [{ LEDGER_STORE: 'sqlite', LEDGER_READ_STORE: 'postgres' }, /does not go with LEDGER_STORE=sqlite/],
    [
      { LEDGER_STORE: 'postgres', LEDGER_POSTGRES_URL: pg, LEDGER_READ_STORE: 'sqlite' },
      /does not go with LEDGER_STORE=postgres/,
    ],
  ])('refuses %j, saying what is wrong', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
