import {
  computeEventHash,
  type NewEvent,
  prepareAppend,
  type RecordedEvent,
  sealAppend,
  verifyEvent,
} from '@kyoyaku/event-store';
import { join, resolve } from 'node:path';
import {
  copyFor,
  describeStoreSpec,
  LedgerComparison,
  parseStoreSpec,
  splitAtAppendBoundary,
  StoreSpecError,
} from './migrate';

let nextId = 0;
const ids = (): string => `01936f0e-7a00-7000-8000-${(++nextId).toString(16).padStart(12, '0')}`;

function newEvent(n: number): NewEvent {
  return {
    type: 'ArticleAmended',
    schemaVersion: 1,
    data: { n, text: '\uFA19社' },
    metadata: { actor: { id: 'secretariat-1', role: 'secretariat' }, correlationId: `c-${n}`, source: 'api' },
  };
}

/** A small ledger as a gap-free store records it: positions 1…n, hashes covering them. */
function gapFreeLedger(
  plan: readonly (readonly [stream: string, count: number, key?: string])[],
): RecordedEvent[] {
  const heads = new Map<string, { revision: bigint; hash: string }>();
  const events: RecordedEvent[] = [];
  for (const [streamId, count, key] of plan) {
    const sealed = sealAppend(
      prepareAppend(
        streamId,
        Array.from({ length: count }, (_, i) => newEvent(events.length + i)),
        key === undefined ? { expectedRevision: 'any' } : { expectedRevision: 'any', idempotencyKey: key },
      ),
      heads.get(streamId) ?? null,
      '2026-11-27T09:00:00.000Z',
      ids,
    );
    for (const event of sealed) {
      const { hashedPosition: _zero, hash: _hash, ...content } = event;
      const unsealed = {
        ...content,
        position: BigInt(events.length + 1),
        prevHash: heads.get(streamId)?.hash ?? null,
      };
      const recorded = { ...unsealed, hash: computeEventHash(unsealed) };
      heads.set(streamId, { revision: recorded.revision, hash: recorded.hash });
      events.push(recorded);
    }
  }
  return events;
}

describe('store specs of migrate', () => {
  it('reads sqlite:<file or folder>, PostgreSQL URLs and EventStoreDB connection strings', () => {
    expect(parseStoreSpec('sqlite:old/ledger.sqlite')).toEqual({
      kind: 'sqlite',
      file: resolve('old/ledger.sqlite'),
    });
    // An existing folder means the ledger file of that data folder.
    expect(parseStoreSpec(`sqlite:${__dirname}`)).toEqual({
      kind: 'sqlite',
      file: join(__dirname, 'ledger.sqlite'),
    });
    const pg = 'postgresql://ledger:secret@db.example.jp:5432/ledger';
    expect(parseStoreSpec(pg)).toEqual({ kind: 'postgres', url: pg });
    expect(parseStoreSpec(`postgres:${pg}`)).toEqual({ kind: 'postgres', url: pg });
    expect(parseStoreSpec('postgresql:///kyoyaku?host=/var/run/postgresql')).toMatchObject({
      kind: 'postgres',
    });
    const esdb = 'esdb://node1:2113,node2:2113?tls=false';
    expect(parseStoreSpec(esdb)).toEqual({ kind: 'eventstoredb', connectionString: esdb });
    expect(parseStoreSpec(`eventstoredb:${esdb}`)).toEqual({ kind: 'eventstoredb', connectionString: esdb });
    expect(parseStoreSpec('esdb+discover://cluster.example:2113')).toMatchObject({ kind: 'eventstoredb' });
  });

  it('refuses anything else, saying what is allowed', () => {
    for (const bad of [
      '',
      'ledger.sqlite',
      'sqlite:',
      'mysql://db/ledger',
      'postgres:esdb://x',
      'eventstoredb:x',
    ]) {
      expect(() => parseStoreSpec(bad)).toThrow(StoreSpecError);
    }
    expect(() => parseStoreSpec('mysql://db/ledger')).toThrow(/sqlite:<ledger file or data folder>/);
  });

  it('never shows a password', () => {
    expect(describeStoreSpec(parseStoreSpec('postgresql://ledger:s3cret@db/ledger'))).toBe(
      'postgresql://ledger:***@db/ledger',
    );
    expect(describeStoreSpec(parseStoreSpec('esdb://admin:changeit@node1:2113'))).toBe(
      'esdb://admin:***@node1:2113',
    );
  });
});

describe('copies', () => {
  const [first, second] = gapFreeLedger([['agreement-1', 2]]);
  if (first === undefined || second === undefined) throw new Error('no ledger');

  it('on a gap-free target take the next position, keeping the one their hash covers when it moves', () => {
    expect(copyFor(second, true, 2n)).toEqual(second);
    const moved = copyFor(second, true, 7n);
    expect(moved).toEqual({ ...second, position: 7n, hashedPosition: 2n });
    expect(verifyEvent(moved)).toBe(true);
    // An EventStoreDB event (hash covering 0) keeps covering 0 wherever it lands.
    expect(copyFor({ ...second, position: 9_000n, hashedPosition: 0n }, true, 2n)).toMatchObject({
      position: 2n,
      hashedPosition: 0n,
    });
  });

  it('on EventStoreDB are left as they are: the server gives its positions, the importer keeps what the hash covers', () => {
    expect(copyFor(first, false, 99n)).toEqual(first);
    expect(copyFor({ ...second, position: 5n, hashedPosition: 2n }, false, 99n)).toEqual({
      ...second,
      position: 5n,
      hashedPosition: 2n,
    });
  });

  it('are imported in pages that never split an idempotent append', () => {
    const ledger = gapFreeLedger([
      ['agreement-1', 2],
      ['project-1', 3, 'clerk-1:k-1'],
    ]);
    const [ready, held] = splitAtAppendBoundary(ledger);
    expect(ready.map((e) => e.position)).toEqual([1n, 2n]);
    expect(held.map((e) => e.position)).toEqual([3n, 4n, 5n]);
    expect(splitAtAppendBoundary(ledger.slice(0, 2))).toEqual([ledger.slice(0, 2), []]);
    // One keyed append after another of another key: only the last one waits.
    const two = gapFreeLedger([
      ['project-1', 2, 'k-a'],
      ['project-1', 2, 'k-b'],
    ]);
    expect(splitAtAppendBoundary(two).map((part) => part.length)).toEqual([2, 2]);
  });
});

describe('LedgerComparison', () => {
  const ledger = gapFreeLedger([
    ['agreement-1', 2],
    ['project-1', 1, 'k-1'],
    ['agreement-1', 1],
  ]);
  const compare = (source: readonly RecordedEvent[], target: readonly RecordedEvent[]): LedgerComparison => {
    const comparison = new LedgerComparison();
    for (let i = 0; i < Math.max(source.length, target.length); i++) {
      if (!comparison.add(source[i], target[i])) break;
    }
    return comparison;
  };

  it('accepts a copy at other positions whose hashes cover the same ones, with the same Merkle root', () => {
    // As EventStoreDB reads the copies back: its commit positions, and what each hash covers.
    const copy = ledger.map((e, i) => ({
      ...e,
      position: 4096n * BigInt(i + 1),
      hashedPosition: e.position,
    }));
    const comparison = compare(ledger, copy);
    expect(comparison.firstProblem).toBeNull();
    expect(comparison.count).toBe(4n);
    expect(comparison.streams).toBe(2);
    expect(comparison.sourceTree.root().equals(comparison.targetTree.root())).toBe(true);
  });

  it('names the first difference: a missing or extra event, a changed field, a re-hashed copy, a broken chain', () => {
    expect(compare(ledger, ledger.slice(0, 3)).firstProblem).toMatch(/target lacks event 4/);
    expect(compare(ledger.slice(0, 3), ledger).firstProblem).toMatch(/more events than the source/);
    const changed = ledger.map((e, i) => (i === 1 ? { ...e, data: { n: 99 } } : e));
    expect(compare(ledger, changed).firstProblem).toMatch(/event 2 .* differs in data/);
    const rehashed = changed.map((e, i) => (i === 1 ? { ...e, hash: computeEventHash(e) } : e));
    expect(compare(ledger, rehashed).firstProblem).toMatch(/event 2 .* differs in hash/);
    const moved = ledger.map((e, i) => (i === 0 ? { ...e, hashedPosition: 5n } : e));
    expect(compare(ledger, moved).firstProblem).toMatch(/covers another position/);
    const reordered = [ledger[0], ledger[3], ledger[2], ledger[1]] as RecordedEvent[];
    expect(compare(reordered, reordered).firstProblem).toMatch(/does not continue its stream's chain/);
    const forged = ledger.map((e, i) => (i === 2 ? { ...e, metadata: { ...e.metadata, reason: 'x' } } : e));
    expect(compare(forged, forged).firstProblem).toMatch(/hash does not recompute/);
  });
});
