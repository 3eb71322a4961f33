import type { RecordedEvent } from '@kyoyaku/event-store';

/**
 * Read models are JSON documents in named collections, each with a key and a sort key. Projections
 * write them through a transaction; queries read the active generation. Keeping one generic shape
 * makes rebuild-and-swap, determinism checks and a second backend one piece of code each.
 */
export interface ReadModelDocument<T> {
  key: string;
  sortKey: string;
  doc: T;
}

export interface ListOptions {
  /** Exclusive cursor: the sort key of the last document of the previous page. */
  after?: string;
  limit: number;
  /** Descending sort-key order. */
  reverse?: boolean;
}

export interface ReadModelReader {
  get<T>(collection: string, key: string): T | null;
  list<T>(collection: string, options: ListOptions): ReadModelDocument<T>[];
  /** Every document of a collection, in sort-key order (for small collections). */
  all<T>(collection: string): ReadModelDocument<T>[];
}

export interface ReadModelWriter extends ReadModelReader {
  /** Sort key defaults to the key. */
  put<T>(collection: string, key: string, doc: T, sortKey?: string): void;
  delete(collection: string, key: string): void;
}

/**
 * A projection applies one event to the read models. It is synchronous and deterministic: it reads
 * only the event and the read models, so a rebuild gives byte-identical documents.
 */
export interface Projection {
  readonly name: string;
  apply(event: RecordedEvent, tx: ReadModelWriter): void;
}
