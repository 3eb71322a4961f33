import { type RecordedEvent, SqliteEventStore } from '@kyoyaku/event-store';
import { openCheckpoint } from '@kyoyaku/ledger';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { LEDGER_FILE_NAME } from '@kyoyaku/runtime';
import { type ApiProcess, runCliProcess, startApiProcess } from '../../../test/ops/support/ts-process';
import { startTestApp } from '../../../test/support/test-app';
import { type BackupManifest, onlineCopy } from './backup';
import { runCli } from './cli';
import { progressTo } from './progress';

interface Ack {
  eventIds: string[];
  position: bigint;
  at: number;
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

async function readEverything(file: string): Promise<RecordedEvent[]> {
  const store = SqliteEventStore.open({ file });
  try {
    const all: RecordedEvent[] = [];
    for (;;) {
      const page = await store.readAll({ after: BigInt(all.length), limit: 1000 });
      all.push(...page);
      if (page.length < 1000) return all;
    }
  } finally {
    await store.close();
  }
}

function secretariatToken(dataDir: string): string {
  const tokens = JSON.parse(readFileSync(join(dataDir, 'demo-tokens.json'), 'utf8')) as {
    role: string;
    token: string;
  }[];
  const token = tokens.find((t) => t.role === 'secretariat')?.token;
  if (token === undefined) throw new Error('no demo secretariat token');
  return token;
}

const region = (regionId: string): string =>
  JSON.stringify({
    regionId,
    name: '青森圏域連携中枢都市圏',
    coreCity: { code: '022012', name: '青森市' },
    declaredOn: '2019-11-18',
  });

describe('backup while the server writes, and restore', () => {
  let work: string;
  let api: ApiProcess | null = null;

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'kyoyaku-backup-'));
  });
  afterEach(async () => {
    if (api !== null && api.child.exitCode === null && api.child.signalCode === null) {
      api.child.kill('SIGKILL');
      await api.exited;
    }
    api = null;
    rmSync(work, { recursive: true, force: true });
  });

  it('a backup taken by the CLI process while a server process keeps writing verifies, and restores into a folder the API opens with every event acknowledged before the backup', async () => {
    const dataDir = join(work, 'data');
    const backupDir = join(work, 'backup');
    const restoredDir = join(work, 'restored');
    api = await startApiProcess({
      LEDGER_DATA_DIR: dataDir,
      LEDGER_SEED_DEMO: 'true',
      // One address writes as fast as it can: the abuse limits are not what is tested here.
      LEDGER_RATE_LIMIT_PER_ADDRESS: '0',
      LEDGER_RATE_LIMIT_PER_TOKEN: '0',
    });
    const server = api;
    const token = secretariatToken(dataDir);

    // Four clients write continuously, each waiting for its answer before the next write.
    const acks: Ack[] = [];
    let writing = true;
    const writers = [0, 1, 2, 3].map(async (w) => {
      for (let n = 0; writing; n++) {
        const res = await fetch(`${server.baseUrl}/regions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: region(`backup-w${w}-${n}`),
        });
        const body = (await res.json()) as { eventIds: string[]; position: string };
        if (res.status !== 201) throw new Error(`write answered ${res.status}: ${JSON.stringify(body)}`);
        acks.push({ eventIds: body.eventIds, position: BigInt(body.position), at: Date.now() });
      }
    });
    while (acks.length < 20) await new Promise((r) => setTimeout(r, 20));

    const acknowledgedBefore = [...acks];
    const started = Date.now();
    const backup = await runCliProcess(['backup', '--to', backupDir], {
      LEDGER_DATA_DIR: dataDir,
      LEDGER_PROGRESS_INTERVAL_MS: '0',
    });
    const ended = Date.now();
    await new Promise((r) => setTimeout(r, 200));
    writing = false;
    await Promise.all(writers);
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });

    expect({ code: backup.code, stdout: backup.stdout }).toEqual({
      code: 0,
      stdout: expect.stringContaining(`backup written to ${backupDir}`) as string,
    });
    // Progress on stderr: pages copied, then events verified.
    expect(backup.stderr).toMatch(/backup: copying ledger\.sqlite: [\d,]+ of [\d,]+ pages/);
    expect(backup.stderr).toMatch(/verify: [\d,]+ of [\d,]+ events/);
    // The server really wrote while the backup ran.
    expect(acks.filter((a) => a.at > started && a.at < ended).length).toBeGreaterThan(0);

    const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')) as BackupManifest;
    const head = BigInt(manifest.ledger.headPosition);
    expect(manifest.ledger.events).toBe(manifest.ledger.headPosition);
    expect(manifest.files.map((f) => f.name).sort()).toEqual([
      'api.sqlite',
      'ledger-signing.key',
      'ledger.sqlite',
    ]);
    for (const file of manifest.files) expect(sha256(join(backupDir, file.name))).toBe(file.sha256);
    expect(statSync(join(backupDir, 'ledger-signing.key')).mode & 0o777).toBe(0o600);
    expect(readdirSync(backupDir).sort()).toEqual([
      'api.sqlite',
      'ledger-signing.key',
      'ledger.sqlite',
      'manifest.json',
    ]);
    // The manifest's checkpoint is signed with the ledger's own key.
    if (manifest.checkpoint === null || manifest.verifierKey === null)
      throw new Error('no signed checkpoint');
    const signed = openCheckpoint(manifest.checkpoint, manifest.verifierKey);
    expect({ size: signed.size, root: signed.root.toString('base64') }).toEqual({
      size: head,
      root: manifest.ledger.root,
    });

    // Every write acknowledged before the backup started is in it; the copy is a prefix of the live ledger.
    for (const ack of acknowledgedBefore) expect(ack.position).toBeLessThanOrEqual(head);
    const live = await readEverything(join(dataDir, LEDGER_FILE_NAME));
    expect(BigInt(live.length)).toBeGreaterThan(head); // the server went on writing after the copy

    let progress = '';
    const restored = await runCli(
      ['restore', '--from', backupDir, '--data-dir', restoredDir],
      { LEDGER_DATA_DIR: join(work, 'unused'), LEDGER_PROGRESS_INTERVAL_MS: '0' },
      { out: () => undefined, err: (text) => (progress += text) },
    );
    expect(restored).toBe(0);
    expect(progress).toMatch(/restore: copying: [\d.]+ of [\d.]+ MiB/);
    const copy = await readEverything(join(restoredDir, LEDGER_FILE_NAME));
    expect(copy.map((e) => e.hash)).toEqual(live.slice(0, Number(head)).map((e) => e.hash));

    // The API opens the restored folder with every acknowledged event, the tokens, and keeps writing.
    const t = await startTestApp({}, { dataDir: restoredDir });
    try {
      const server2 = t.app.getHttpServer();
      const seen = new Set<string>();
      let after = '0';
      for (;;) {
        // As an admin: the feed withholds party-only events (doubts) from anonymous readers.
        const page = await request(server2)
          .get(`/events?after=${after}&limit=500`)
          .set('authorization', `Bearer ${t.token('admin')}`)
          .expect(200);
        for (const item of page.body.items as { eventId: string }[]) seen.add(item.eventId);
        if (page.body.nextCursor === null) break;
        after = page.body.nextCursor as string;
      }
      expect(seen.size).toBe(Number(head));
      const missing = acknowledgedBefore.flatMap((a) => a.eventIds).filter((id) => !seen.has(id));
      expect(missing).toEqual([]);
      const health = await request(server2).get('/health').expect(200);
      expect(health.body.store.headPosition).toBe(head.toString());
      expect(health.body.projection.checkpoint).toBe(head.toString());
      const next = await request(server2)
        .post('/regions')
        .set('authorization', `Bearer ${token}`) // the token came back with api.sqlite
        .set('content-type', 'application/json')
        .send(region('after-restore'))
        .expect(201);
      expect(next.body.position).toBe((head + 1n).toString());
    } finally {
      await t.close();
    }
  }, 180_000);
});

describe('backup and restore refuse what they must not do', () => {
  let work: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let err: string;
  const run = async (...argv: string[]): Promise<{ code: number; output: string }> => {
    let output = '';
    const code = await runCli(argv, env, { out: (text) => (output += text), err: (text) => (err += text) });
    return { code, output };
  };

  beforeEach(async () => {
    work = mkdtempSync(join(tmpdir(), 'kyoyaku-backup-'));
    dataDir = join(work, 'data');
    env = { LEDGER_DATA_DIR: dataDir };
    err = '';
    expect((await run('seed')).code).toBe(0);
  }, 60_000);
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('refuses a non-empty backup folder and leaves it as it was', async () => {
    const target = join(work, 'taken');
    mkdirSync(target);
    writeFileSync(join(target, 'notes.txt'), 'keep me');
    await expect(run('backup', '--to', target)).rejects.toThrow(
      `refusing to use the backup folder ${target}: it is not empty (notes.txt)`,
    );
    expect(readdirSync(target)).toEqual(['notes.txt']);
  }, 60_000);

  it('refuses a non-empty data folder, a backup without manifest, and a damaged backup; the data folder stays empty', async () => {
    const backupDir = join(work, 'backup');
    expect((await run('backup', '--to', backupDir)).code).toBe(0);

    await expect(run('restore', '--from', backupDir, '--data-dir', dataDir)).rejects.toThrow(
      `refusing to use the data folder ${dataDir}: it is not empty (api.sqlite`,
    );

    const target = join(work, 'target');
    const noManifest = join(work, 'no-manifest');
    mkdirSync(noManifest);
    await expect(run('restore', '--from', noManifest, '--data-dir', target)).rejects.toThrow(
      `${noManifest} is not a complete backup: manifest.json is missing`,
    );

    const ledger = join(backupDir, LEDGER_FILE_NAME);
    const bytes = readFileSync(ledger);
    bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 0xff;
    writeFileSync(ledger, bytes);
    await expect(run('restore', '--from', backupDir, '--data-dir', target)).rejects.toThrow(
      /the backup is damaged: ledger\.sqlite has sha256 [0-9a-f]{64}, the manifest says [0-9a-f]{64}/,
    );
    expect(existsSync(target)).toBe(false);
  }, 60_000);

  it('verifies again after restoring: a backup whose events were rewritten (manifest updated to match) is refused and removed', async () => {
    const backupDir = join(work, 'backup');
    expect((await run('backup', '--to', backupDir)).code).toBe(0);
    const ledger = join(backupDir, LEDGER_FILE_NAME);
    const db = new Database(ledger);
    db.prepare(
      `UPDATE events SET envelope = replace(envelope, '"source":"import"', '"source":"imporT"') WHERE position = 7`,
    ).run();
    db.close();
    const manifestFile = join(backupDir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as BackupManifest;
    for (const file of manifest.files) {
      file.sha256 = sha256(join(backupDir, file.name));
      file.bytes = statSync(join(backupDir, file.name)).size;
    }
    writeFileSync(manifestFile, JSON.stringify(manifest));

    const target = join(work, 'target');
    await expect(run('restore', '--from', backupDir, '--data-dir', target)).rejects.toThrow(
      /verification FAILED at position 7: hash mismatch/,
    );
    expect(existsSync(target)).toBe(false);
  }, 60_000);

  it('refuses to back up another store kind, pointing to its own tools', async () => {
    env = {
      ...env,
      LEDGER_STORE: 'postgres',
      LEDGER_POSTGRES_URL: 'postgresql://ledger@127.0.0.1:5432/ledger',
    };
    await expect(run('backup', '--to', join(work, 'pg'))).rejects.toThrow(/LEDGER_STORE=postgres .*pg_dump/);
    expect(existsSync(join(work, 'pg'))).toBe(false);
  }, 60_000);

  it('long work reports counts and rates on stderr (rebuild, verify, backup, restore), and the results on stdout', async () => {
    env = { ...env, LEDGER_PROGRESS_INTERVAL_MS: '0' };
    const rebuilt = await run('rebuild');
    expect(rebuilt.output).toMatch(/^rebuilt read models/);
    expect(err).toMatch(/^rebuild: [\d,]+ of [\d,]+ events \(\d+%\), [\d,]+ events\/s$/m);
    expect(err).toMatch(/^rebuild: [\d,]+ events in [\d.]+ s \([\d,]+ events\/s\)$/m);

    const file = join(work, 'export.ndjson');
    expect((await run('export', file)).code).toBe(0);
    err = '';
    const verified = await run('verify', file);
    expect(verified.output).toMatch(/^OK: /);
    expect(err).toMatch(/^verify: [\d.]+ of [\d.]+ MiB \(\d+%\), [\d.]+ MiB\/s$/m);

    err = '';
    const backupDir = join(work, 'backup');
    const backedUp = await run('backup', '--to', backupDir);
    expect(backedUp.output).toMatch(/^backup written to /);
    expect(err).toMatch(/^backup: copying api\.sqlite: /m);
    expect(err).toMatch(/^backup: copying ledger\.sqlite: [\d,]+ of [\d,]+ pages/m);
    expect(err).toMatch(/^verify: [\d,]+ of [\d,]+ events/m);

    err = '';
    const restored = await run('restore', '--from', backupDir, '--data-dir', join(work, 'restored'));
    expect(restored.output).toMatch(/^restored the backup of .* verified again after restoring\n$/);
    expect(err).toMatch(/^restore: copying: /m);
    expect(err).toMatch(/^verify: /m);
  }, 60_000);
});

describe('the online copy', () => {
  it('restarts when another connection writes between two steps, then copies the rest in one step: a consistent snapshot, not a torn file', async () => {
    const work = mkdtempSync(join(tmpdir(), 'kyoyaku-online-copy-'));
    try {
      const source = join(work, 'source.sqlite');
      const writer = new Database(source);
      writer.pragma('journal_mode = WAL');
      writer.exec('CREATE TABLE rows (n INTEGER PRIMARY KEY, filler TEXT NOT NULL)');
      const insert = writer.prepare('INSERT INTO rows (n, filler) VALUES (?, ?)');
      let n = 0;
      writer.transaction(() => {
        for (; n < 3000;) insert.run(++n, 'x'.repeat(4000)); // about 3,000 pages: several steps
      })();
      // Another connection keeps writing between the copy's steps (each step yields to the event loop).
      let writing = true;
      const keepWriting = (): void => {
        if (!writing) return;
        insert.run(++n, 'y'.repeat(100));
        setImmediate(keepWriting);
      };
      setImmediate(keepWriting);
      const lines: string[] = [];
      await onlineCopy(
        source,
        join(work, 'copy.sqlite'),
        progressTo((text) => lines.push(text), 0),
      );
      writing = false;
      writer.close();

      const copied = lines
        .map((line) => /: ([\d,]+) of [\d,]+ pages/.exec(line)?.[1])
        .filter((x): x is string => x !== undefined)
        .map((x) => Number(x.replace(/,/g, '')));
      // It started over at least once (a step got no further than the one before), and still finished.
      expect(copied.some((value, i) => i > 1 && value <= (copied[i - 1] ?? 0))).toBe(true);
      const copy = new Database(join(work, 'copy.sqlite'), { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const { count, max } = copy.prepare('SELECT count(*) AS count, max(n) AS max FROM rows').get() as {
        count: number;
        max: number;
      };
      copy.close();
      expect(count).toBe(max); // rows 1..max, none missing: one moment of the source
      expect(max).toBeGreaterThan(3000);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 60_000);
});
