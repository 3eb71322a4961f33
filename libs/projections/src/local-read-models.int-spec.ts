import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadModels } from './local-read-models';

/**
 * The read models' content version is asked for on every request: it is kept in memory,
 * moves at once with this connection's writes, and follows another connection's (another process:
 * the CLI's rebuild) within 100 ms.
 */
describe('SqliteReadModels.contentVersion', () => {
  let dir: string;
  let readModels: SqliteReadModels;
  let other: SqliteReadModels;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kyoyaku-content-version-'));
    readModels = SqliteReadModels.open(join(dir, 'ledger.sqlite'));
    other = SqliteReadModels.open(join(dir, 'ledger.sqlite'));
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
    readModels.close();
    other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves at once when this connection commits a batch or swaps a generation', () => {
    const before = readModels.contentVersion();
    readModels.applyBatch(1, 5n, (tx) => tx.put('c', 'k', { a: 1 }));
    const afterBatch = readModels.contentVersion();
    expect(afterBatch).not.toBe(before);
    readModels.installGeneration(2, 5n, [], { active: true });
    expect(readModels.contentVersion()).not.toBe(afterBatch);
    expect(readModels.contentVersion()).toBe('2:5');
  });

  it('is not read from the file on every call', () => {
    jest.useFakeTimers({ now: new Date('2026-11-27T00:00:00Z') });
    readModels.contentVersion();
    const probe = new Database(':memory:').prepare('SELECT 1');
    const get = jest.spyOn(Object.getPrototypeOf(probe) as { get: () => unknown }, 'get');
    for (let i = 0; i < 1000; i++) readModels.contentVersion();
    expect(get).not.toHaveBeenCalled();
    jest.advanceTimersByTime(150);
    readModels.contentVersion();
    // Only the check for other connections' commits (nothing changed: the version is not re-read).
    expect(get).toHaveBeenCalledTimes(1);
  });

  it("notices another connection's batch and generation swap within 100 ms", async () => {
    const before = readModels.contentVersion();
    other.applyBatch(1, 7n, (tx) => tx.put('c', 'k', { a: 1 }));
    await new Promise((resolve) => setTimeout(resolve, 120));
    const afterBatch = readModels.contentVersion();
    expect(afterBatch).not.toBe(before);
    expect(afterBatch).toBe('1:7');
    other.installGeneration(3, 7n, [], { active: true });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(readModels.contentVersion()).toBe('3:7');
  });
});

describe('SqliteReadModels.open after a rebuild', () => {
  it('keeps the generation the rebuild swapped in active, alone: its documents are read, not an empty generation 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kyoyaku-reopen-'));
    try {
      const file = join(dir, 'ledger.sqlite');
      const first = SqliteReadModels.open(file);
      first.applyBatch(1, 3n, (tx) => tx.put('c', 'k', { v: 'old' }));
      const rebuilt = first.createGeneration();
      first.applyBatch(rebuilt, 3n, (tx) => tx.put('c', 'k', { v: 'rebuilt' }));
      first.activate(rebuilt);
      first.close();

      const reopened = SqliteReadModels.open(file);
      try {
        expect(reopened.activeGeneration()).toBe(rebuilt);
        expect(reopened.checkpoint(rebuilt)).toBe(3n);
        expect(reopened.reader().get('c', 'k')).toEqual({ v: 'rebuilt' });
        const db = new Database(file, { readonly: true });
        expect(db.prepare('SELECT generation FROM rm_generations WHERE active = 1').all()).toEqual([
          { generation: rebuilt },
        ]);
        db.close();
      } finally {
        reopened.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
