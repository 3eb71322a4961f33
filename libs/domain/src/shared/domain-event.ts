/**
 * Domain events as the deciders produce them (DESIGN.md §4): `type` (PascalCase, past tense),
 * `schemaVersion` and JSON `data`. The store wraps them in the envelope (eventId, position, hashes,
 * metadata); the domain never sees the envelope except where a function says so.
 *
 * Data holds no `undefined` (optional keys are omitted), no floats, dates as `YYYY-MM-DD` strings and
 * ids as strings.
 */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface DomainEvent<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly schemaVersion: number;
  readonly data: Data;
}

/** What any event looks like when read back from a store (enough to upcast it). */
export interface StoredEventLike {
  type: string;
  schemaVersion: number;
  data: unknown;
}
