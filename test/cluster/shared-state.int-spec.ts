import {
  createTestDatabase,
  postgresUnavailableReason,
  skipLoudly,
  type TestDatabase,
} from '@kyoyaku/event-store/testing';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AOMORI_CITY, DOUBT_IDS, IMABETSU } from '../fixtures/aomori';
import { type ApiProcess, runCliProcess, startApiProcess } from '../ops/support/ts-process';

/**
 * Two real API processes on one PostgreSQL database share the API's state: a token issued
 * through either works on both, a revocation made anywhere is refused everywhere within a second and
 * ends open event streams, an Idempotency-Key acknowledged by one process is replayed by the other,
 * and the dispute dossier's access log is one hash chain whichever process wrote each entry.
 */
const skipReason = postgresUnavailableReason();

interface Issued {
  id: string;
  token: string;
}

interface Answer {
  status: number;
  etag: string | null;
  location: string | null;
  body: unknown;
}

async function send(api: ApiProcess, path: string, token: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(`${api.baseUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });
  const text = await res.text();
  return {
    status: res.status,
    etag: res.headers.get('etag'),
    location: res.headers.get('location'),
    body: text === '' ? null : (JSON.parse(text) as unknown),
  };
}

/** Opens /events/stream with the token; resolves once it is open, with a promise of its end. */
function openStream(
  api: ApiProcess,
  token: string,
): Promise<{ ended: Promise<{ at: number; text: string }> }> {
  return new Promise((resolveOpen, rejectOpen) => {
    let text = '';
    let resolveEnd: (value: { at: number; text: string }) => void = () => undefined;
    const ended = new Promise<{ at: number; text: string }>((resolve) => (resolveEnd = resolve));
    const req = get(
      `${api.baseUrl}/events/stream`,
      { headers: { authorization: `Bearer ${token}` } },
      (res) => {
        if (res.statusCode !== 200) {
          rejectOpen(new Error(`the stream answered ${res.statusCode ?? '?'}`));
          res.resume();
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text === '') resolveOpen({ ended });
          text += chunk;
        });
        res.on('close', () => resolveEnd({ at: Date.now(), text }));
      },
    );
    req.on('error', rejectOpen);
  });
}

if (skipReason !== null) {
  skipLoudly('shared API state across API processes on PostgreSQL', skipReason);
} else {
  describe('two API processes on one PostgreSQL database share tokens, idempotency records and the access log', () => {
    let database: TestDatabase;
    const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'kyoyaku-cluster-')));
    const processes: ApiProcess[] = [];
    let env: (dataDir: string) => Record<string, string>;
    /** Issues a token with the command line, in the data folder of process A. */
    const issue = async (role: string, ...more: string[]): Promise<Issued> => {
      const run = await runCliProcess(
        ['tokens', 'issue', '--role', role, '--label', `cluster ${role}`, ...more],
        env(dirs[0] ?? ''),
      );
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      return JSON.parse(run.stdout) as Issued;
    };
    const a = (): ApiProcess => processes[0] as ApiProcess;
    const b = (): ApiProcess => processes[1] as ApiProcess;

    beforeAll(async () => {
      database = await createTestDatabase();
      env = (dataDir) => ({
        LEDGER_STORE: 'postgres',
        LEDGER_POSTGRES_URL: database.url,
        LEDGER_DATA_DIR: dataDir,
        LEDGER_LOG_LEVEL: 'silent',
        LEDGER_RATE_LIMIT_PER_ADDRESS: '0',
        LEDGER_RATE_LIMIT_PER_TOKEN: '0',
      });
      const [dirA, dirB] = dirs as [string, string];
      // A loads the demo (a dossier to read); B starts on the same database with the same key.
      processes.push(await startApiProcess({ ...env(dirA), LEDGER_SEED_DEMO: 'true' }, 120_000));
      copyFileSync(join(dirA, 'ledger-signing.key'), join(dirB, 'ledger-signing.key'));
      processes.push(await startApiProcess({ ...env(dirB), LEDGER_SEED_DEMO: 'false' }, 120_000));
    }, 240_000);

    afterAll(async () => {
      for (const api of processes) {
        api.child.kill('SIGTERM');
        await api.exited;
      }
      await database?.drop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it('a token issued with the command line works on both processes, as the same actor', async () => {
      const admin = await issue('admin');
      for (const api of [a(), b()]) {
        const answer = await send(api, '/auth/whoami', admin.token);
        expect({ status: answer.status, body: answer.body }).toEqual({
          status: 200,
          body: expect.objectContaining({ id: admin.id, role: 'admin' }) as unknown,
        });
      }
    });

    it('a revocation is refused on the other process within a second, and ends its open stream', async () => {
      const reader = await issue('reader');
      expect((await send(b(), '/auth/whoami', reader.token)).status).toBe(200);
      const stream = await openStream(b(), reader.token);
      const revoke = await runCliProcess(['tokens', 'revoke', reader.id], env(dirs[0] ?? ''));
      expect(revoke.code).toBe(0);
      const revokedAt = Date.now();
      // The first request B receives after the revocation is refused (no cache to wait out).
      const sentAt = Date.now();
      const after = await send(b(), '/auth/whoami', reader.token);
      expect({ status: after.status, sentWithin: sentAt - revokedAt < 1000 }).toEqual({
        status: 401,
        sentWithin: true,
      });
      // B's open stream ends with token-revoked (it rechecks twice a second); 5 s is a starvation bound.
      const end = await Promise.race([
        stream.ended,
        new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), 5000).unref()),
      ]);
      if (end === 'still open') throw new Error('the stream of a revoked token is still open on B after 5 s');
      expect(end.text).toMatch(/event: token-revoked\n/);
    });

    it('a retry sent to the other process replays the first answer (status, body, ETag, Location)', async () => {
      const secretariat = await issue('secretariat');
      const write = {
        method: 'POST',
        headers: { 'idempotency-key': 'cluster-region-0001' },
        body: JSON.stringify({
          regionId: 'hirosaki',
          name: '弘前圏域（試験）',
          coreCity: AOMORI_CITY,
          declaredOn: '2019-11-18',
        }),
      };
      const first = await send(a(), '/regions', secretariat.token, write);
      expect(first.status).toBe(201);
      const retry = await send(b(), '/regions', secretariat.token, write);
      expect(retry).toEqual(first);
      // Another body under the same key is refused on either process.
      const other = await send(b(), '/regions', secretariat.token, {
        ...write,
        body: JSON.stringify({
          regionId: 'hachinohe',
          name: '八戸圏域',
          coreCity: AOMORI_CITY,
          declaredOn: '2019-11-18',
        }),
      });
      expect({ status: other.status, code: (other.body as { code?: string }).code }).toEqual({
        status: 422,
        code: 'IdempotencyKeyReused',
      });
    });

    it('the dossier access log is one hash chain: either process shows every entry and verifies it', async () => {
      const admin = await issue('admin');
      const clerk = await issue('clerk', '--municipality', IMABETSU.code);
      const dossier = `/doubts/${DOUBT_IDS.imabetsuMigration}/dossier`;
      // Both processes append at once, each several times.
      const reads = await Promise.all(
        [a(), b(), a(), b(), a(), b()].map((api) => send(api, dossier, clerk.token)),
      );
      expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      for (const api of [a(), b()]) {
        const log = await send(api, `${dossier}/access-log?limit=100`, admin.token);
        expect(log.status).toBe(200);
        const body = log.body as {
          items: { sequence: number; hash: string; prevHash: string | null; actor: { id: string } }[];
          chain: { ok: boolean; entries?: number };
        };
        const mine = body.items.filter((entry) => entry.actor.id === clerk.id);
        expect(mine).toHaveLength(6);
        expect(body.chain).toMatchObject({ ok: true });
        // One chain: every entry's sequence is distinct and the whole log verifies on this process.
        expect(new Set(body.items.map((entry) => entry.sequence)).size).toBe(body.items.length);
        expect(body.chain.entries).toBeGreaterThanOrEqual(body.items.length);
      }
      const onA = (await send(a(), `${dossier}/access-log?limit=100`, admin.token)).body;
      const onB = (await send(b(), `${dossier}/access-log?limit=100`, admin.token)).body as {
        items: unknown;
      };
      expect((onA as { items: unknown }).items).toEqual(onB.items);
    });
  });
}
