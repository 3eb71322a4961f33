import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AOMORI_CITY,
  AOMORI_DEMO_STEPS,
  AOMORI_PARTNERS,
  FICTIONAL_HAMANASUDAI,
  isCooperationStep,
  isDoubtStep,
  resolveFixtureCommand,
  withDoubtSteps,
} from './aomori';
import { DoubtDemoLoader } from './doubt-demo.loader';
import { CooperationDemoLoader } from './cooperation-demo.loader';
import { AGREEMENT, REGION } from '../application/aggregates';
import type { CommandContext } from '../application/command-context';
import { CommandExecutor } from '../application/command-executor';
import type { AccessTokenRepository, Role } from '../state/access-token.repository';
import type { LedgerConfig } from '../config/ledger-config';
import { type Clock, japanToday, systemClock } from '../open-ledger/clock';
import { openLedger } from '../open-ledger/open-ledger';

/** Records each demo step at the instant the fixture gives it, so knownAt answers look as they would have. */
class FixtureClock implements Clock {
  private instant: string | null = null;
  set(instant: string | null): void {
    this.instant = instant;
  }
  now(): Date {
    return this.instant === null ? systemClock.now() : new Date(this.instant);
  }
}

export interface DemoSeedResult {
  seeded: boolean;
  events: string;
  tokensFile?: string;
}

/**
 * Loads the 青森圏域 demo history (./aomori) through the real deciders when the store is
 * empty, and issues one demo token per role (and a clerk token per municipality). A store that already
 * has events is left exactly as it is.
 */
export async function seedDemoIfEmpty(config: LedgerConfig): Promise<DemoSeedResult> {
  const clock = new FixtureClock();
  const ledger = await openLedger(config, clock);
  try {
    if ((await ledger.store.headPosition()) > 0n) {
      return { seeded: false, events: (await ledger.store.headPosition()).toString() };
    }
    const executor = new CommandExecutor(ledger.store, ledger.projector, 0);
    const cooperation = new CooperationDemoLoader(ledger.store, ledger.readModels, executor);
    const doubts = new DoubtDemoLoader(ledger.store, ledger.readModels, executor);
    for (const step of withDoubtSteps(AOMORI_DEMO_STEPS)) {
      clock.set(step.recordedAt);
      if (isDoubtStep(step)) {
        await doubts.run(step);
        continue;
      }
      if (isCooperationStep(step)) {
        await cooperation.run(step);
        continue;
      }
      const context: CommandContext = {
        actor: step.actor,
        correlationId: `demo-${step.seq}`,
        source: 'import',
        ...(step.illustrative ? { illustrative: true } : {}),
      };
      if (step.aggregate === 'region') {
        await executor.execute(step.streamId, REGION, step.command, context);
      } else {
        const stream = await ledger.store.readStream(step.streamId).catch(() => []);
        const command = resolveFixtureCommand(step, (_streamId, revision) => {
          const event = stream.find((e) => e.revision === BigInt(revision));
          if (event === undefined) throw new Error(`demo step ${step.seq}: no event at revision ${revision}`);
          return event.eventId;
        });
        // As the API does: today is the date in Japan of the instant the step is recorded at.
        await executor.execute(step.streamId, AGREEMENT, { ...command, today: japanToday(clock) }, context);
      }
    }
    clock.set(null);
    await ledger.projector.catchUp();
    const tokensFile = await issueDemoTokens(config, ledger.state.tokens);
    return { seeded: true, events: (await ledger.store.headPosition()).toString(), tokensFile };
  } finally {
    await ledger.close();
  }
}

async function issueDemoTokens(config: LedgerConfig, tokens: AccessTokenRepository): Promise<string> {
  const now = systemClock.now();
  const wanted: [Role, string, string?][] = [
    ['admin', 'demo admin'],
    ['secretariat', `demo secretariat (${AOMORI_CITY.name})`],
    ['reader', 'demo reader'],
    ...[AOMORI_CITY, ...AOMORI_PARTNERS, FICTIONAL_HAMANASUDAI].map((party): [Role, string, string] => [
      'clerk',
      `demo clerk (${party.name})`,
      party.code,
    ]),
  ];
  const issued = [];
  for (const [role, label, municipalityCode] of wanted) {
    const scope = municipalityCode === undefined ? {} : { municipalityCode };
    const { token } = await tokens.issue({ role, label, now, ...scope });
    issued.push({ role, label, ...scope, token });
  }
  const file = join(config.dataDir, 'demo-tokens.json');
  writeFileSync(file, `${JSON.stringify(issued, null, 2)}\n`, { mode: 0o600 });
  return file;
}
