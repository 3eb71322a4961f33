import { createTestDatabase, postgresUnavailableReason, skipLoudly } from '@kyoyaku/event-store/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, openApiState, type Role } from '@kyoyaku/runtime';
import { agreementDocument, AOMORI_CITY, HIRANAI } from '../fixtures/aomori';
import { type ApiProcess, startApiProcess } from '../ops/support/ts-process';

/**
 * Unknown outcomes, retried: clients write through the real server (apps/api/src/main.ts in a child
 * process) with an Idempotency-Key on every request, and the server is SIGKILLed at a random moment,
 * CRASH_API_ROUNDS times (default 5; the figure in the README is for 20). A request cut off by the
 * kill has an unknown outcome — its events may have been committed, with or without the HTTP
 * idempotency record — and is retried with the same key on the restarted server: each retry must be
 * a 201, the same answer (body, ETag, Location) on every later retry, and every key's events are in
 * the ledger once, matching the answer — never 409 (RegionAlreadyDeclared, AgreementAlreadyExists)
 * nor 422 IdempotencyKeyReused. Answered requests are retried too and must get their first answer.
 */

const ROUNDS = Number(process.env.CRASH_API_ROUNDS ?? '5');
const WORKERS = 6;

interface Answer {
  status: number;
  body: unknown;
  etag: string | null;
  location: string | null;
}

interface Sent {
  key: string;
  path: string;
  body: object;
}

interface WriteResult {
  eventIds: string[];
  position: string;
}

async function send(api: ApiProcess, token: string, request: Sent): Promise<Answer & { replayed: boolean }> {
  const res = await fetch(`${api.baseUrl}${request.path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': request.key,
    },
    body: JSON.stringify(request.body),
    signal: AbortSignal.timeout(30_000),
  });
  return {
    status: res.status,
    body: await res.json(),
    etag: res.headers.get('etag'),
    location: res.headers.get('location'),
    replayed: res.headers.get('idempotent-replayed') === 'true',
  };
}

const answerOf = ({ status, body, etag, location }: Answer): Answer => ({ status, body, etag, location });

/** The n-th request of a round: a region (ids chosen), an agreement with ids chosen, one with ids made up. */
function requestOf(round: number, n: number): Sent {
  const key = `crash-${round}-${n}`;
  switch (n % 3) {
    case 0:
      return {
        key,
        path: '/regions',
        body: {
          regionId: `region-${round}-${n}`,
          name: '青森圏域連携中枢都市圏',
          coreCity: AOMORI_CITY,
          declaredOn: '2019-11-18',
        },
      };
    case 1:
      return {
        key,
        path: '/agreements',
        body: {
          agreementId: `agreement-${round}-${n}`,
          proceedingId: 'conclusion',
          regionId: 'aomori',
          coreCity: AOMORI_CITY,
          partner: HIRANAI,
          draftedOn: '2019-11-20',
          document: agreementDocument(HIRANAI.name),
        },
      };
    default:
      return {
        key,
        path: '/agreements',
        body: {
          regionId: 'aomori',
          coreCity: AOMORI_CITY,
          partner: HIRANAI,
          draftedOn: '2019-11-20',
          document: agreementDocument(HIRANAI.name),
        },
      };
  }
}

/** A token in the API state the server will read (api.sqlite, or PostgreSQL with LEDGER_STORE=postgres). */
async function issue(env: Record<string, string>, role: Role): Promise<string> {
  const state = await openApiState(loadConfig(env));
  try {
    return (await state.tokens.issue({ role, label: `crash ${role}`, now: new Date() })).token;
  } finally {
    await state.close();
  }
}

async function allEvents(
  api: ApiProcess,
  token: string,
): Promise<{ eventId: string; position: string; metadata: { idempotencyKey?: string } }[]> {
  const all: { eventId: string; position: string; metadata: { idempotencyKey?: string } }[] = [];
  let after = '0';
  for (;;) {
    const res = await fetch(`${api.baseUrl}/events?after=${after}&limit=500`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = (await res.json()) as { items: typeof all; nextCursor: string | null };
    all.push(...page.items);
    if (page.nextCursor === null) return all;
    after = page.nextCursor;
  }
}

function describeCrashRetries(
  name: string,
  storeEnv: () => Promise<{ env: Record<string, string>; drop(): Promise<void> }>,
) {
  describe(`unknown-outcome retries survive SIGKILL of the server (${name})`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-api-crash-'));
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it(
      `every retry of a request cut off by a kill gets the original answer, across ${ROUNDS} kills`,
      async () => {
        const store = await storeEnv();
        const env = {
          ...store.env,
          LEDGER_DATA_DIR: dataDir,
          LEDGER_SEED_DEMO: 'false',
          LEDGER_LOG_LEVEL: 'silent',
          LEDGER_RATE_LIMIT_PER_ADDRESS: '0',
          LEDGER_RATE_LIMIT_PER_TOKEN: '0',
        };
        const token = await issue(env, 'secretariat');
        const admin = await issue(env, 'admin');
        /** The first answer of every request that got one (its own or a retry's). */
        const answered = new Map<string, { request: Sent; answer: Answer }>();
        let unknown: Sent[] = [];
        let unknownRetried = 0;
        let committedBeforeKill = 0;
        const started = Date.now();
        try {
          for (let round = 0; round <= ROUNDS; round++) {
            const api = await startApiProcess(env);
            try {
              if (round === 0) {
                const aomori = {
                  key: 'crash-aomori',
                  path: '/regions',
                  body: { ...requestOf(0, 0).body, regionId: 'aomori' },
                };
                answered.set(aomori.key, {
                  request: aomori,
                  answer: answerOf(await send(api, token, aomori)),
                });
              }
              // The requests the last kill cut off, retried with their keys: never 409 or 422.
              for (const request of unknown) {
                const retry = await send(api, token, request);
                expect({
                  key: request.key,
                  status: retry.status,
                  body: retry.status === 201 ? 'ok' : retry.body,
                }).toEqual({
                  key: request.key,
                  status: 201,
                  body: 'ok',
                });
                unknownRetried++;
                if (retry.replayed) committedBeforeKill++;
                answered.set(request.key, { request, answer: answerOf(retry) });
              }
              unknown = [];
              // A sample of the answered ones (from the HTTP record, or from the events when the
              // record was lost): the first answer again.
              for (const { request, answer } of [...answered.values()].slice(-12)) {
                expect({ key: request.key, answer: answerOf(await send(api, token, request)) }).toEqual({
                  key: request.key,
                  answer,
                });
              }
              if (round === ROUNDS) break;

              // Load, then a kill at a random moment.
              let n = 0;
              let killed = false;
              const worker = async (): Promise<void> => {
                while (!killed) {
                  const request = requestOf(round + 1, n++);
                  try {
                    const answer = await send(api, token, request);
                    expect({ key: request.key, status: answer.status }).toEqual({
                      key: request.key,
                      status: 201,
                    });
                    answered.set(request.key, { request, answer: answerOf(answer) });
                  } catch (error) {
                    if (!killed) throw error;
                    unknown.push(request);
                  }
                }
              };
              const workers = Array.from({ length: WORKERS }, () => worker());
              await new Promise((resolve) => setTimeout(resolve, 300 + Math.floor(Math.random() * 1200)));
              killed = true;
              api.child.kill('SIGKILL');
              await Promise.all(workers);
              expect((await api.exited).signal).toBe('SIGKILL');
            } finally {
              if (api.child.exitCode === null && api.child.signalCode === null) {
                api.child.kill('SIGKILL');
                await api.exited;
              }
            }
          }
          // Every key's events are in the ledger once, as its answer says.
          const api = await startApiProcess(env);
          try {
            const events = await allEvents(api, admin);
            const byKey = new Map<string, string[]>();
            for (const event of events) {
              const key = event.metadata.idempotencyKey;
              if (key !== undefined) byKey.set(key, [...(byKey.get(key) ?? []), event.eventId]);
            }
            const positions = new Map(events.map((e) => [e.eventId, e.position]));
            for (const [key, { answer }] of answered) {
              const result = answer.body as WriteResult;
              const recorded = [...byKey.entries()].find(([k]) => k.endsWith(`:${key}`))?.[1];
              expect({ key, eventIds: result.eventIds }).toEqual({ key, eventIds: recorded });
              expect({ key, position: positions.get(result.eventIds.at(-1) ?? '') }).toEqual({
                key,
                position: result.position,
              });
            }
            expect(byKey.size).toBe(answered.size);
          } finally {
            api.child.kill('SIGKILL');
            await api.exited;
            await store.drop();
          }
        } finally {
          process.stdout.write(
            `api crash (${name}): ${ROUNDS} kills, ${answered.size} writes, ${unknownRetried} unknown-outcome retries ` +
              `(${committedBeforeKill} had been committed before the kill), all answered 201 with the original ` +
              `result; ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
          );
        }
        expect(unknownRetried).toBeGreaterThan(0);
      },
      60_000 + ROUNDS * 30_000,
    );
  });
}

describeCrashRetries('SQLite', () => Promise.resolve({ env: {}, drop: () => Promise.resolve() }));

const postgresSkip = postgresUnavailableReason();
if (postgresSkip !== null) {
  skipLoudly('unknown-outcome retries survive SIGKILL of the server (PostgreSQL)', postgresSkip);
} else {
  describeCrashRetries('PostgreSQL', async () => {
    const database = await createTestDatabase();
    return {
      env: { LEDGER_STORE: 'postgres', LEDGER_POSTGRES_URL: database.url },
      drop: () => database.drop(),
    };
  });
}
