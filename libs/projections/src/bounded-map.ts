/**
 * A map that keeps at most `bound` entries and, past it, forgets the one least recently used: set
 * or read (a read that misses uses nothing). The caches of folds, snapshots, histories and texts
 * kept in memory are all of this kind; what each bound counts is said where it is made.
 */
export class BoundedMap<K, V> {
  /** In order of use, the least recently used first (a Map iterates in insertion order). */
  private readonly entries = new Map<K, V>();

  constructor(private readonly bound: number) {
    if (!Number.isInteger(bound) || bound < 1)
      throw new RangeError(`A bounded map keeps at least one entry: ${bound}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value kept under `key`, now the most recently used; undefined when none is. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Keeps `value` under `key` as the most recently used, forgetting the least beyond the bound. */
  set(key: K, value: V): V {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.bound) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
