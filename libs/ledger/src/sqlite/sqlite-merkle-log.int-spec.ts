import { canonicalEventBytes, type NewEvent, SqliteEventStore } from '@kyoyaku/event-store';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { merkleRootOf } from '../merkle/merkle-hash';
import { verifyConsistency, verifyInclusion } from '../merkle/merkle-tree';
import { leafHash } from '../merkle/merkle-hash';
import { SqliteMerkleLog } from './sqlite-merkle-log';

const event = (n: number): NewEvent => ({
  type: 'Noted',
  schemaVersion: 1,
  data: { n, text: '連携協約' },
  metadata: { actor: { id: 'test', role: 'admin' }, correlationId: `c-${n}`, source: 'cli' },
});

describe('SqliteMerkleLog as a commit participant of the SQLite store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kyoyaku-merkle-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps one leaf per event, written with the events; refused appends add no node', async () => {
    const log = new SqliteMerkleLog();
    const store = SqliteEventStore.open({ file: join(dir, 'ledger.sqlite'), participants: [log] });
    try {
      // A group commit: 30 appends in one batch, two of them refused (wrong expected revision).
      const results = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) =>
          store.append(`s-${i % 5}`, [event(i), event(i + 100)], {
            expectedRevision: i === 7 || i === 8 ? 5n : 'any',
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(2);
      const head = await store.headPosition();
      expect(log.leafCount()).toBe(head);
      const events = await store.readAll({ limit: 1000 });
      const leaves = events.map((e) => canonicalEventBytes(e));
      expect(log.root(head)).toEqual(merkleRootOf(leaves));
      for (const size of [1n, 13n, head])
        expect(log.root(size)).toEqual(merkleRootOf(leaves.slice(0, Number(size))));
      const proof = log.inclusionProof(17n, head);
      expect(verifyInclusion(leafHash(leaves[17] ?? Buffer.alloc(0)), 17n, head, proof, log.root(head))).toBe(
        true,
      );
      expect(verifyConsistency(9n, head, log.consistencyProof(9n, head), log.root(9n), log.root(head))).toBe(
        true,
      );
    } finally {
      await store.close();
    }
  });

  it('each leaf, hashed in the sealing pass, is the leaf hash of the envelope bytes as stored', async () => {
    const file = join(dir, 'ledger.sqlite');
    const log = new SqliteMerkleLog();
    const store = SqliteEventStore.open({ file, participants: [log] });
    try {
      // Japanese text, a long envelope, and several events per append and per group commit.
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          store.append(`s-${i % 3}`, [event(i), { ...event(i), data: { n: i, text: '議決'.repeat(9000) } }], {
            expectedRevision: 'any',
          }),
        ),
      );
    } finally {
      await store.close();
    }
    const db = new Database(file, { readonly: true });
    try {
      const rows = db.prepare('SELECT position, envelope FROM events ORDER BY position').all() as {
        position: number;
        envelope: string;
      }[];
      expect(rows).toHaveLength(24);
      const reopened = SqliteEventStore.open({ file, participants: [log] });
      try {
        for (const row of rows) {
          expect(log.node(0, BigInt(row.position - 1))).toEqual(leafHash(Buffer.from(row.envelope, 'utf8')));
        }
      } finally {
        await reopened.close();
      }
    } finally {
      db.close();
    }
  });

  it('catches up with events stored before it was attached', async () => {
    const file = join(dir, 'ledger.sqlite');
    const plain = SqliteEventStore.open({ file });
    for (let i = 0; i < 11; i++) await plain.append('s', [event(i)], { expectedRevision: 'any' });
    await plain.close();
    const log = new SqliteMerkleLog();
    const store = SqliteEventStore.open({ file, participants: [log] });
    try {
      await store.append('s', [event(99)], { expectedRevision: 'any' });
      const events = await store.readAll({ limit: 100 });
      expect(log.leafCount()).toBe(12n);
      expect(log.root(12n)).toEqual(merkleRootOf(events.map((e) => canonicalEventBytes(e))));
    } finally {
      await store.close();
    }
  });
});
