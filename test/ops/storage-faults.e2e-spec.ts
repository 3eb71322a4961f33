import { EVENT_STORE, type EventStore, StoreUnavailableError } from '@kyoyaku/event-store';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { LEDGER_FILE_NAME } from '@kyoyaku/runtime';
import { AgreementApi } from '../support/agreement-api';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A full disk and a read-only data folder under the running API: writes fail with 503 problem+json
 * and Retry-After, nothing is half-written, reads go on, /health says so, and writes work again by
 * themselves once the disk does. The real cases need a size-limited file system (tmpfs) and an ext4
 * loop mount whose files can be made immutable (chattr +i); where this machine does not allow
 * mounting, they are skipped with the reason printed, and the store error injected at the adapter
 * boundary still runs.
 */

function run(command: string, args: string[]): string | null {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error !== undefined) return result.error.message;
  return result.status === 0
    ? null
    : `${command} ${args.join(' ')}: ${result.stderr.trim() || `exit ${result.status}`}`;
}

/** Why a tmpfs / an ext4 loop mount with chattr cannot be used here, or null when it can. */
function probe(kind: 'tmpfs' | 'ext4'): string | null {
  const dir = mkdtempSync(join(tmpdir(), `kyoyaku-probe-${kind}-`));
  const image = `${dir}.img`;
  try {
    if (kind === 'tmpfs') {
      const problem = run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
      if (problem !== null) return problem;
      return run('umount', [dir]);
    }
    const steps: [string, string[]][] = [
      ['truncate', ['-s', '8M', image]],
      ['mkfs.ext4', ['-q', '-F', image]],
      ['mount', ['-o', 'loop', image, dir]],
    ];
    for (const [command, args] of steps) {
      const problem = run(command, args);
      if (problem !== null) return problem;
    }
    const file = join(dir, 'probe');
    closeSync(openSync(file, 'w'));
    const problem = run('chattr', ['+i', file]) ?? run('chattr', ['-i', file]);
    run('umount', [dir]);
    return problem;
  } finally {
    rmSync(image, { force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

function itWhen(problem: string | null, what: string) {
  if (problem === null) return it;
  process.stderr.write(`SKIPPED (${what}): this machine cannot: ${problem}\n`);
  return it.skip;
}

const tmpfsProblem = probe('tmpfs');
const ext4Problem = probe('ext4');

interface Problem {
  status: number;
  code: string;
  detail: string;
}

function expectUnavailable(res: Response): Problem {
  expect(res.status).toBe(503);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['retry-after']).toBe('10');
  const body = res.body as Problem;
  expect(body).toMatchObject({ status: 503, code: 'StoreUnavailable', type: '/problems/StoreUnavailable' });
  return body;
}

function region(regionId: string): object {
  return {
    regionId,
    // Long names make each event a few kilobytes, so the disk fills in a few writes.
    name: `${'青森圏域連携中枢都市圏'.repeat(18)}`,
    coreCity: { code: '022012', name: '青森市' },
    declaredOn: '2019-11-18',
  };
}

describe('storage faults under the running API', () => {
  let mountPoint: string;
  let t: TestApp | null = null;

  const unmount = (): void => {
    if (run('umount', [mountPoint]) !== null) run('umount', ['-l', mountPoint]);
  };

  afterEach(async () => {
    await t?.close();
    t = null;
  });

  itWhen(tmpfsProblem, 'a real full disk needs a tmpfs mount')(
    'a real full disk (tmpfs of 24 MiB): writes get 503 with Retry-After and write nothing, reads go on, /health is degraded; freeing space recovers by itself',
    async () => {
      mountPoint = mkdtempSync(join(tmpdir(), 'kyoyaku-full-'));
      expect(run('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mountPoint])).toBeNull();
      try {
        const dataDir = join(mountPoint, 'data');
        mkdirSync(dataDir);
        // About the embedded store's file in the data folder: SQLite whatever LEDGER_TEST_STORE says.
        t = await startTestApp({ store: 'sqlite' }, { dataDir });
        const api = new AgreementApi(t);
        await api.declareRegion();

        // Fill the disk to the last byte.
        const filler = join(mountPoint, 'filler');
        const fd = openSync(filler, 'w');
        const chunk = Buffer.alloc(64 * 1024, 1);
        try {
          for (;;) writeSync(fd, chunk);
        } catch (error) {
          expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
        }
        try {
          for (;;) writeSync(fd, chunk, 0, 512);
        } catch {
          // Full.
        } finally {
          closeSync(fd);
        }

        // SQLite may still have room in its WAL for a few commits; then writes fail.
        let refused: Problem | null = null;
        for (let i = 0; i < 200 && refused === null; i++) {
          const head = await api.head();
          const res = await api.post('/regions', region(`full-${i}`));
          if (res.status === 201) continue;
          refused = expectUnavailable(res);
          expect(refused.detail).toContain('the disk is full');
          if (refused.detail.includes('nothing was written')) expect(await api.head()).toBe(head);
        }
        expect(refused).not.toBeNull();
        const head = await api.head();
        const again = await api.post('/regions', region('full-again'));
        expectUnavailable(again);
        expect(await api.head()).toBe(head);

        // Reads go on.
        await api.get('/regions/aomori?asOf=2020-01-01').expect(200);
        const health = await api.get('/health').expect(200);
        expect(health.body).toMatchObject({
          status: 'degraded',
          writes: { lastCommit: 'failed' },
          dataFolder: { writable: true },
        });
        expect(typeof health.body.writes.failingSince).toBe('string');
        expect(BigInt(health.body.dataFolder.freeBytes)).toBeLessThan(64n * 1024n);

        // Space returns: the next write succeeds without any restart.
        rmSync(filler);
        const recovered = await api.post('/regions', region('after-space-returned')).expect(201);
        expect(recovered.body.position).toBe((BigInt(head) + 1n).toString());
        const healthy = await api.get('/health').expect(200);
        expect(healthy.body).toMatchObject({
          status: 'ok',
          writes: { lastCommit: 'ok', failingSince: null },
        });
        await api.get('/regions/after-space-returned').expect(200);
      } finally {
        await t?.close();
        t = null;
        unmount();
        rmSync(mountPoint, { recursive: true, force: true });
      }
    },
    60_000,
  );

  itWhen(ext4Problem, 'a real read-only data folder needs an ext4 loop mount and chattr')(
    'a real read-only data folder (ext4 loop mount, chattr +i): writes get 503 and write nothing, reads go on, /health says not writable; making it writable again recovers by itself',
    async () => {
      mountPoint = mkdtempSync(join(tmpdir(), 'kyoyaku-readonly-'));
      const image = `${mountPoint}.img`;
      expect(run('truncate', ['-s', '32M', image])).toBeNull();
      expect(run('mkfs.ext4', ['-q', '-F', image])).toBeNull();
      expect(run('mount', ['-o', 'loop', image, mountPoint])).toBeNull();
      const dataDir = join(mountPoint, 'data');
      const immutable = (flag: '+i' | '-i'): void => {
        for (const name of [LEDGER_FILE_NAME, 'api.sqlite']) {
          for (const suffix of ['', '-wal', '-shm']) {
            expect(run('chattr', [flag, join(dataDir, name + suffix)])).toBeNull();
          }
        }
        expect(run('chattr', [flag, dataDir])).toBeNull();
      };
      try {
        mkdirSync(dataDir);
        // About the embedded store's file in the data folder: SQLite whatever LEDGER_TEST_STORE says.
        t = await startTestApp({ store: 'sqlite' }, { dataDir });
        const api = new AgreementApi(t);
        await api.declareRegion();
        const head = await api.head();

        immutable('+i');
        const refused = expectUnavailable(await api.post('/regions', region('read-only')));
        expect(refused.detail).toContain('nothing was written');
        expect(await api.head()).toBe(head);
        await api.get('/regions/aomori?asOf=2020-01-01').expect(200);
        const health = await api.get('/health').expect(200);
        expect(health.body).toMatchObject({
          status: 'degraded',
          writes: { lastCommit: 'failed' },
          dataFolder: { writable: false },
        });

        immutable('-i');
        const recovered = await api.post('/regions', region('writable-again')).expect(201);
        expect(recovered.body.position).toBe((BigInt(head) + 1n).toString());
        expect((await api.get('/health').expect(200)).body).toMatchObject({
          status: 'ok',
          dataFolder: { writable: true },
        });
      } finally {
        run('chattr', ['-R', '-i', dataDir]);
        await t?.close();
        t = null;
        unmount();
        rmSync(image, { force: true });
        rmSync(mountPoint, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it('a store error injected at the adapter boundary (SQLITE_IOERR on append; not a real disk): 503 problem+json with Retry-After, reads go on, writes resume when the store does', async () => {
    t = await startTestApp();
    const api = new AgreementApi(t);
    await api.declareRegion();
    const head = await api.head();
    const store = t.app.get<EventStore>(EVENT_STORE);
    const append = store.append.bind(store);
    store.append = () =>
      Promise.reject(
        new StoreUnavailableError('the batch could not be committed; none of it was kept (injected)', {
          cause: Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' }),
        }),
      );
    try {
      const refused = expectUnavailable(await api.post('/regions', region('injected')));
      expect(refused.detail).toBe(
        'The ledger cannot record now (the disk reports an error; it may be read-only or failing); nothing was written. Retry later.',
      );
      expect(await api.head()).toBe(head);
      await api.get('/regions/aomori?asOf=2020-01-01').expect(200);
    } finally {
      store.append = append;
    }
    await api.post('/regions', region('after-injection')).expect(201);
  }, 60_000);
});
