import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/app.factory';
import { AccessTokenRepository, type Role } from '../../apps/api/src/auth/access-token.repository';
import { type LedgerConfig, loadConfig } from '../../apps/api/src/config/ledger-config';
import { seedDemoIfEmpty } from '../../apps/api/src/demo/demo-seed';
import type { Clock } from '../../apps/api/src/infrastructure/clock';

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

/** The real application on a real SQLite file in a fresh temporary folder. */
export async function startTestApp(
  overrides: Partial<LedgerConfig> = {},
  options: { demo?: boolean; dataDir?: string } = {},
): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kyoyaku-e2e-'));
  const config: LedgerConfig = { ...loadConfig({}), dataDir, seedDemo: false, ...overrides };
  if (options.demo === true) await seedDemoIfEmpty(config);
  const clock = new TestClock(new Date('2026-11-27T03:00:00.000Z'));
  const app = await createApp(config, clock);
  await app.getHttpAdapter().getInstance().ready();
  const tokens = app.get(AccessTokenRepository);
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
      const { token } = tokens.issue({
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
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
