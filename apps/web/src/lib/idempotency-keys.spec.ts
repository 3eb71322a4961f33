import { describe, expect, it } from '@jest/globals';
import { IdempotencyKeys } from './idempotency-keys';
import { randomKey } from './random-key';

describe('Idempotency-Key per request body', () => {
  it('keeps the key while the body is the same and takes a new one when it changes', () => {
    let n = 0;
    const keys = new IdempotencyKeys(() => `key-${++n}`);
    expect(keys.keyFor('POST /a {"x":1}')).toBe('key-1');
    expect(keys.keyFor('POST /a {"x":1}')).toBe('key-1');
    expect(keys.keyFor('POST /a {"x":2}')).toBe('key-2');
    expect(keys.keyFor('POST /a {"x":1}')).toBe('key-3');
  });

  it('makes keys the API accepts (8–128 of A–Z a–z 0–9 _ . : -), never twice the same', () => {
    const made = new Set(Array.from({ length: 200 }, randomKey));
    expect(made.size).toBe(200);
    for (const key of made) expect(key).toMatch(/^[A-Za-z0-9_.:-]{8,128}$/);
  });
});
