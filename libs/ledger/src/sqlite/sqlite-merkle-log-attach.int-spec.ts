import {
  type CommittedEnvelope,
  committedEnvelope,
  type NewEvent,
  SqliteEventStore,
} from '@kyoyaku/event-store';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { merkleRootOf } from '../merkle/merkle-hash';
import { SqliteMerkleLog } from './sqlite-merkle-log';

const event = (n: number): NewEvent => ({
  type: 'Noted',
  schemaVersion: 1,
  data: { n },
  metadata: { actor: { id: 'test', role: 'admin' }, correlationId: `c-${n}`, source: 'cli' },
});

/** A connection to the ledger file as the store opens one (WAL, waiting on locks). */
function connection(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 2000');
  return db;
}

/** The events after `position`, as the store hands them to a participant. */
function* envelopesAfter(db: Database.Database, position: bigint): Iterable<CommittedEnvelope> {
  const rows = db
    .prepare('SELECT position, envelope FROM events WHERE position > ? ORDER BY position')
    .safeIntegers(true)
    .iterate(position) as Iterable<{ position: bigint; envelope: string }>;
  for (const row of rows) yield committedEnvelope(row.position, row.envelope);
}

/**
 * The events a participant is handed, with `meanwhile` run by another connection once, right after
 * the participant has read the tree's size and before it reads the events: the moment at which
 * another process committing used to make the catch-up write rows that already existed.
 */
function interleaved(
  db: Database.Database,
  meanwhile: () => void,
): (position: bigint) => Iterable<CommittedEnvelope> {
  let done = false;
  return function* (position) {
    if (!done) {
      done = true;
      meanwhile();
    }
    yield* envelopesAfter(db, position);
  };
}

/** What the server's group commit writes, in one transaction: events, then their tree rows. */
function serverCommits(db: Database.Database, log: SqliteMerkleLog, count: number): void {
  db.transaction(() => {
    const head = db
      .prepare('SELECT COALESCE(MAX(position), 0) FROM events')
      .pluck()
      .safeIntegers(true)
      .get() as bigint;
    const written: CommittedEnvelope[] = [];
    for (let i = 1; i <= count; i++) {
      const position = head + BigInt(i);
      const envelope = JSON.stringify({ committedBy: 'server', position: position.toString() });
      db.prepare(
        `INSERT INTO events (position, stream_id, revision, event_id, type, recorded_at, hash, prev_hash, envelope)
         VALUES (?, 'server', ?, ?, 'Noted', '2026-11-27T00:00:00.000Z', 'h', NULL, ?)`,
      ).run(position, position, `server-${position}`, envelope);
      written.push(committedEnvelope(position, envelope));
    }
    log.onCommit(db, written);
  })();
}

function leaves(db: Database.Database): Buffer[] {
  return (db.prepare('SELECT envelope FROM events ORDER BY position').pluck().all() as string[]).map((e) =>
    Buffer.from(e, 'utf8'),
  );
}

describe('SqliteMerkleLog.attach on a ledger file another process writes (two connections, one file)', () => {
  let dir: string;
  let file: string;
  const open: Database.Database[] = [];
  const connect = (): Database.Database => {
    const db = connection(file);
    open.push(db);
    return db;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kyoyaku-merkle-attach-'));
    file = join(dir, 'ledger.sqlite');
    const store = SqliteEventStore.open({ file, participants: [new SqliteMerkleLog()] });
    for (let i = 0; i < 10; i++) await store.append('s', [event(i)], { expectedRevision: 'any' });
    await store.close();
  });
  afterEach(() => {
    for (const db of open.splice(0)) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a complete tree: the server committing between the two reads is no reason to write rows', () => {
    const server = connect();
    const serverLog = new SqliteMerkleLog();
    serverLog.attach(server, (position) => envelopesAfter(server, position));

    const cli = connect();
    const cliLog = new SqliteMerkleLog();
    expect(() =>
      cliLog.attach(
        cli,
        interleaved(cli, () => serverCommits(server, serverLog, 3)),
      ),
    ).not.toThrow();

    expect(cliLog.leafCount()).toBe(13n);
    expect(cliLog.root(13n)).toEqual(merkleRootOf(leaves(cli)));
    // The server goes on committing on top of the same tree.
    serverCommits(server, serverLog, 2);
    expect(cliLog.root(15n)).toEqual(merkleRootOf(leaves(cli)));
  });

  it('a tree to repair: another process repairing it between the two reads makes the repair a no-op', () => {
    // Three events written by a store without the tree (as before the tree existed).
    const plain = connect();
    plain.transaction(() => {
      for (let position = 11n; position <= 13n; position++) {
        plain
          .prepare(
            `INSERT INTO events (position, stream_id, revision, event_id, type, recorded_at, hash, prev_hash, envelope)
             VALUES (?, 'old', ?, ?, 'Noted', '2019-01-01T00:00:00.000Z', 'h', NULL, ?)`,
          )
          .run(
            position,
            position,
            `old-${position}`,
            JSON.stringify({ before: 'the tree', position: `${position}` }),
          );
      }
    })();

    const cli = connect();
    const cliLog = new SqliteMerkleLog();
    const other = connect();
    expect(() =>
      cliLog.attach(
        cli,
        interleaved(cli, () =>
          new SqliteMerkleLog().attach(other, (position) => envelopesAfter(other, position)),
        ),
      ),
    ).not.toThrow();

    expect(cliLog.leafCount()).toBe(13n);
    expect(cliLog.root(13n)).toEqual(merkleRootOf(leaves(cli)));
  });

  it('a tree to repair, alone: the missing rows are written', () => {
    const plain = connect();
    plain
      .prepare(
        `INSERT INTO events (position, stream_id, revision, event_id, type, recorded_at, hash, prev_hash, envelope)
         VALUES (11, 'old', 0, 'old-11', 'Noted', '2019-01-01T00:00:00.000Z', 'h', NULL, '{"before":"the tree"}')`,
      )
      .run();
    const cli = connect();
    const cliLog = new SqliteMerkleLog();
    cliLog.attach(cli, (position) => envelopesAfter(cli, position));
    expect(cliLog.leafCount()).toBe(11n);
    expect(cliLog.root(11n)).toEqual(merkleRootOf(leaves(cli)));
  });
});
