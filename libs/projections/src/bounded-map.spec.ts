import { describe, expect, it } from '@jest/globals';
import { BoundedMap } from './bounded-map';

describe('BoundedMap (least recently used first out)', () => {
  it('keeps at most its bound, forgetting the entry least recently set or read', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    expect(map.size).toBe(2);
    expect(map.get('a')).toBeUndefined();
    expect(map.get('b')).toBe(2);
    expect(map.get('c')).toBe(3);
  });

  it('counts a read as a use: the entry read last stays', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1);
    map.set('c', 3);
    expect(map.get('b')).toBeUndefined();
    expect(map.get('a')).toBe(1);
    expect(map.get('c')).toBe(3);
  });

  it('counts setting a kept key again as a use, and holds the new value once', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 10);
    map.set('c', 3);
    expect(map.size).toBe(2);
    expect(map.get('b')).toBeUndefined();
    expect(map.get('a')).toBe(10);
  });

  it('returns the value set, so a caller can keep and answer in one step', () => {
    const map = new BoundedMap<string, { n: number }>(1);
    const value = { n: 1 };
    expect(map.set('a', value)).toBe(value);
  });

  it('misses on a key never set, and a miss uses nothing', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('z')).toBeUndefined();
    map.set('c', 3);
    expect(map.get('a')).toBeUndefined();
    expect(map.size).toBe(2);
  });

  it('forgets every key', () => {
    const map = new BoundedMap<string, number>(3);
    map.set('a', 1);
    map.set('b', 2);
    map.clear();
    expect(map.size).toBe(0);
    expect(map.get('a')).toBeUndefined();
    expect(map.get('b')).toBeUndefined();
  });

  it('refuses a bound that keeps nothing', () => {
    expect(() => new BoundedMap<string, number>(0)).toThrow(RangeError);
    expect(() => new BoundedMap<string, number>(1.5)).toThrow(RangeError);
  });
});
