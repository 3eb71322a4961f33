import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestDatabase, postgresUnavailableReason } from '@kyoyaku/event-store/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/app.factory';
import {
  AccessTokenRepository,
  type IssueTokenInput,
  type Role,
  type LedgerConfig,
  loadConfig,
  type Clock,
  newToken,
  SqliteAccessTokenRepository,
} from '@kyoyaku/runtime';
import { apiStateSql } from './api-state-sql';
import { seedDemoIfEmpty } from '@kyoyaku/runtime/demo';

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(private current: Date = new Date('2026-04-01T00:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  set(instant: string): void {
    this.current = new Date(instant);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestApp {
  app: NestFastifyApplication;
  config: LedgerConfig;
  clock: TestClock;
  dataDir: string;
  /** A bearer token of the role (clerks need their municipality code). */
  token(role: Role, municipalityCode?: string): string;
  close(): Promise<void>;
}

/**
 * The store the test apps run on: SQLite by default; LEDGER_TEST_STORE=postgres gives each app a
 * fresh PostgreSQL database (LEDGER_TEST_POSTGRES_URL names the server). A test that sets `store`
 * itself (one about the SQLite file) keeps it.
 */
async function testStore(
  overrides: Partial<LedgerConfig>,
): Promise<{ config: Partial<LedgerConfig>; drop(): Promise<void> }> {
  const wanted = process.env.LEDGER_TEST_STORE ?? 'sqlite';
  if (overrides.store !== undefined || wanted === 'sqlite' || wanted === '') {
    return { config: {}, drop: () => Promise.resolve() };
  }
  if (wanted !== 'postgres')
    throw new Error(`LEDGER_TEST_STORE=${wanted}: use sqlite (the default) or postgres`);
  const reason = postgresUnavailableReason();
  if (reason !== null) throw new Error(`LEDGER_TEST_STORE=postgres, but ${reason}`);
  const database = await createTestDatabase();
  return { config: { store: 'postgres', postgresUrl: database.url }, drop: () => database.drop() };
}

/** The real application on a real SQLite file in a fresh temporary folder (or PostgreSQL, see testStore). */
export async function startTestApp(
  overrides: Partial<LedgerConfig> = {},
  options: { demo?: boolean; dataDir?: string } = {},
): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kyoyaku-e2e-'));
  const store = await testStore(overrides);
  const config: LedgerConfig = { ...loadConfig({}), dataDir, seedDemo: false, ...store.config, ...overrides };
  if (options.demo === true) await seedDemoIfEmpty(config);
  const clock = new TestClock(new Date('2026-11-27T03:00:00.000Z'));
  const app = await createApp(config, clock).catch(async (error: unknown) => {
    await store.drop();
    throw error;
  });
  await app.getHttpAdapter().getInstance().ready();
  const tokens = app.get(AccessTokenRepository);
  /** Synchronous, as tests call it: api.sqlite directly, or PostgreSQL through apiStateSql. */
  const issue = (input: IssueTokenInput): string => {
    if (tokens instanceof SqliteAccessTokenRepository) return tokens.issueSync(input).token;
    const { token, row } = newToken(input);
    apiStateSql(
      config,
      `INSERT INTO access_tokens (id, token_hash, role, municipality_code, label, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      [row.id, row.token_hash, row.role, row.municipality_code, row.label, row.created_at],
    );
    return token;
  };
  const issued = new Map<string, string>();
  return {
    app,
    config,
    clock,
    dataDir,
    token(role, municipalityCode) {
      const cacheKey = `${role}:${municipalityCode ?? ''}`;
      const existing = issued.get(cacheKey);
      if (existing !== undefined) return existing;
      const token = issue({
        role,
        label: `e2e ${cacheKey}`,
        now: clock.now(),
        ...(municipalityCode === undefined ? {} : { municipalityCode }),
      });
      issued.set(cacheKey, token);
      return token;
    },
    async close() {
      await app.close();
      await store.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
