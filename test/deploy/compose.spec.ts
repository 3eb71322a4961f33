import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '@kyoyaku/runtime';

/**
 * The deployment files, checked for their structure: there is no Docker engine where this runs, so
 * `docker compose up` and `docker build` are not exercised here (README: "Containers").
 */
const ROOT = join(__dirname, '..', '..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

interface Healthcheck {
  test: string[];
  interval?: string;
  retries?: number;
}

interface Service {
  image?: string;
  build?: string;
  profiles?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: Healthcheck;
  depends_on?: Record<string, { condition: string }>;
  command?: string;
}

interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}

// Docker Compose resolves YAML merge keys (<<), as `merge: true` does.
const compose = parse(read('docker-compose.yml'), { merge: true }) as Compose;
const services = Object.entries(compose.services);

function service(name: string): Service {
  const found = compose.services[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

function env(s: Service): Record<string, string> {
  return s.environment ?? {};
}

function inProfile(profile: string): [string, Service][] {
  return services.filter(([, s]) => s.profiles?.includes(profile) === true);
}

describe('docker-compose.yml', () => {
  it('keeps the default service: the API on the embedded store, without a profile, data on a volume', () => {
    const api = service('api');
    expect(api.profiles).toBeUndefined();
    // The supported runtime (Node.js 20 is past its end of life).
    expect(api.image).toMatch(/^node:24-/);
    expect(env(api)).toMatchObject({ LEDGER_STORE: 'sqlite', LEDGER_DATA_DIR: '/data', HOST: '0.0.0.0' });
    expect(api.volumes).toContain('ledger-data:/data');
    expect(api.healthcheck?.test.join(' ')).toMatch(/\/health\/ready'.*status === 200/);
    // Every other service belongs to a profile, so `docker compose up` starts the default alone.
    expect(services.filter(([, s]) => s.profiles === undefined).map(([name]) => name)).toEqual(['api']);
  });

  it('postgres profile: PostgreSQL with a health check, and the API on it once it is healthy', () => {
    expect(
      inProfile('postgres')
        .map(([name]) => name)
        .sort(),
    ).toEqual(['api-postgres', 'postgres']);
    const db = service('postgres');
    expect(db.image).toMatch(/^postgres:15/);
    expect(db.healthcheck?.test.join(' ')).toMatch(/pg_isready/);
    expect(db.volumes).toContain('postgres-data:/var/lib/postgresql/data');
    const api = service('api-postgres');
    expect(api.build).toBe('.');
    expect(api.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    const url = new URL(env(api).LEDGER_POSTGRES_URL ?? '');
    expect(env(api).LEDGER_STORE).toBe('postgres');
    expect({ host: url.hostname, port: url.port, database: url.pathname.slice(1) }).toEqual({
      host: 'postgres',
      port: '5432',
      database: env(db).POSTGRES_DB,
    });
    expect({ user: url.username, password: url.password }).toEqual({
      user: env(db).POSTGRES_USER,
      password: env(db).POSTGRES_PASSWORD,
    });
  });

  it('eventstoredb profile: three official EventStoreDB nodes, each seeded with the other two, health-checked', () => {
    const nodes = inProfile('eventstoredb').filter(([, s]) => s.image?.startsWith('eventstore/eventstore:'));
    expect(nodes.map(([name]) => name)).toEqual(['esdb-node1', 'esdb-node2', 'esdb-node3']);
    const names = nodes.map(([name]) => name);
    for (const [name, node] of nodes) {
      const e = env(node);
      expect({ name, size: e.EVENTSTORE_CLUSTER_SIZE, insecure: e.EVENTSTORE_INSECURE }).toEqual({
        name,
        size: '3',
        insecure: 'true',
      });
      const seeds = (e.EVENTSTORE_GOSSIP_SEED ?? '').split(',').sort();
      expect(seeds).toEqual(names.filter((other) => other !== name).map((other) => `${other}:2113`));
      expect(e.EVENTSTORE_REPLICATION_HOST_ADVERTISE_AS).toBe(name);
      expect(node.healthcheck?.test.join(' ')).toMatch(/http:\/\/localhost:2113\/health\/live/);
      expect(node.volumes).toEqual([`${name}-data:/var/lib/eventstore`]);
      expect(Number(e.EVENTSTORE_MAX_APPEND_SIZE)).toBeGreaterThanOrEqual(8 * 1024 * 1024);
    }
    const hostPorts = nodes.map(([, node]) => node.ports?.[0]?.split(':')[1]);
    expect(new Set(hostPorts).size).toBe(3);
  });

  it('eventstoredb profile: the API connects to all three nodes, without TLS, after they are healthy', () => {
    const api = service('api-eventstoredb');
    expect(api.build).toBe('.');
    expect(api.depends_on).toEqual({
      'esdb-node1': { condition: 'service_healthy' },
      'esdb-node2': { condition: 'service_healthy' },
      'esdb-node3': { condition: 'service_healthy' },
    });
    const e = env(api);
    expect(e.LEDGER_STORE).toBe('eventstoredb');
    expect(['sqlite', 'postgres']).toContain(e.LEDGER_READ_STORE);
    const connection = e.EVENTSTORE_CONNECTION_STRING ?? '';
    expect(connection).toMatch(/^esdb:\/\//);
    const hosts = connection.slice('esdb://'.length).split('?')[0]?.split(',');
    expect(hosts).toEqual(['esdb-node1:2113', 'esdb-node2:2113', 'esdb-node3:2113']);
    expect(new URLSearchParams(connection.split('?')[1]).get('tls')).toBe('false');
  });

  it('gives each API the environment its configuration accepts, pointing at its store', () => {
    for (const [name, store] of [
      ['api', 'sqlite'],
      ['api-postgres', 'postgres'],
      ['api-eventstoredb', 'eventstoredb'],
    ] as const) {
      const config = loadConfig({ ...env(service(name)) });
      expect({ name, store: config.store, host: config.host, port: config.port }).toEqual({
        name,
        store,
        host: '0.0.0.0',
        port: 3000,
      });
    }
    const esdb = loadConfig({ ...env(service('api-eventstoredb')) });
    expect(esdb.eventStoreConnectionString).toBe(
      env(service('api-eventstoredb')).EVENTSTORE_CONNECTION_STRING,
    );
    expect(esdb.readStore).toBe('sqlite');
    expect(loadConfig({ ...env(service('api-postgres')) }).postgresUrl).toBe(
      env(service('api-postgres')).LEDGER_POSTGRES_URL,
    );
  });

  it('publishes every port on 127.0.0.1 only, each host port once, and declares every named volume', () => {
    const published = services.flatMap(([, s]) => s.ports ?? []);
    for (const port of published) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    const hostPorts = published.map((port) => port.split(':')[1]);
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
    const named = services.flatMap(([, s]) => s.volumes ?? []).map((volume) => volume.split(':')[0] ?? '');
    for (const volume of named.filter((v) => !v.startsWith('.') && !v.startsWith('/'))) {
      expect(Object.keys(compose.volumes)).toContain(volume);
    }
    // No two services share a data volume (each store has its own ledger state).
    const data = named.filter((v) => v.includes('data'));
    expect(new Set(data).size).toBe(data.length);
  });
});

describe('Dockerfile', () => {
  const lines = read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: { from: string; name: string | null; lines: string[] }[] = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from !== null) stages.push({ from: from[1] ?? '', name: from[2] ?? null, lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  const final = stages.at(-1);
  const stage = (name: string): { from: string; lines: string[] } => {
    const found = stages.find((s) => s.name === name);
    if (found === undefined) throw new Error(`no stage ${name}`);
    return found;
  };
  const copiedFrom = (stageName: string): string[] =>
    (final?.lines ?? []).filter((line) => line.startsWith('COPY') && line.includes(`--from=${stageName}`));
  /** Everything a stage inherits: its own lines and those of the stages it is built FROM. */
  const inherited = (name: string): string[] => {
    const s = stage(name);
    const parent = stages.find((p) => p.name === s.from);
    return [...(parent?.name ? inherited(parent.name) : []), ...s.lines];
  };

  it('is multi-stage: a build with dev dependencies and the toolchain better-sqlite3 needs', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    const build = inherited('build');
    expect(
      build.some(
        (line) => /apt-get install .*python3/.test(line) && /\bmake\b/.test(line) && /g\+\+/.test(line),
      ),
    ).toBe(true);
    expect(build).toContain('RUN npm ci --no-audit --no-fund');
    expect(build.some((line) => line.startsWith('RUN npm run build'))).toBe(true);
  });

  it('installs with Scarf’s install analytics (through swagger-ui-dist) turned off', () => {
    for (const name of ['build', 'production-dependencies']) {
      const env = inherited(name).filter((line) => line.startsWith('ENV '));
      expect([name, env.some((line) => /\bSCARF_ANALYTICS=false\b/.test(line))]).toEqual([name, true]);
    }
    const manifest = JSON.parse(read('package.json')) as { scarfSettings?: { enabled?: boolean } };
    expect(manifest.scarfSettings).toEqual({ enabled: false });
  });

  it('ships only production dependencies and the built code, without the toolchain', () => {
    const production = inherited('production-dependencies');
    expect(production.some((line) => /^RUN npm ci --omit=dev\b/.test(line))).toBe(true);
    expect(copiedFrom('production-dependencies').join('\n')).toMatch(/\/app\/node_modules/);
    expect(copiedFrom('build').join('\n')).toMatch(/\/app\/dist/);
    expect(copiedFrom('build').join('\n')).not.toMatch(/node_modules/);
    expect(final?.from).toMatch(/^node:24-/);
    expect(final?.lines.some((line) => /npm (ci|install)|apt-get|g\+\+/.test(line))).toBe(false);
    expect(final?.lines.find((line) => line.startsWith('ENV '))).toMatch(/\bNODE_ENV=production\b/);
  });

  it('runs as a non-root user, with the data folder on a volume and a health check on /health', () => {
    const user = final?.lines.filter((line) => line.startsWith('USER ')).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER (root|0)(:|$)/);
    expect(final?.lines).toContain('VOLUME ["/data"]');
    expect(final?.lines.find((line) => line.startsWith('HEALTHCHECK'))).toMatch(/\/health/);
    // Readiness, so that a process that cannot serve is taken out until it recovers.
    expect(final?.lines.join('\n')).toMatch(
      /\/health\/ready'\)\.then\(\(r\) => process\.exit\(r\.status === 200 \? 0 : 1\)/,
    );
    expect(final?.lines.find((line) => line.startsWith('CMD'))).toMatch(/dist\/apps\/api\/src\/main\.js/);
  });

  it('runs the API with the node flags of `npm start` (a bounded young generation)', () => {
    const manifest = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    const start = manifest.scripts.start?.split(' ') ?? [];
    expect(start).toContain('--max-semi-space-size=16');
    const cmd = final?.lines.find((line) => line.startsWith('CMD')) ?? '';
    expect(JSON.parse(cmd.slice('CMD'.length))).toEqual(start);
  });

  it('.dockerignore keeps local installs, builds, data, history and secrets out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', 'data', '.git', '.env']));
  });
});
