import { LruCache } from './lru-cache';

describe('LruCache', () => {
  it('drops the least recently used entries past its budget, counting sizes as set', () => {
    const cache = new LruCache<string, { bytes: number }>(10, (value) => value.bytes);
    const a = { bytes: 4 };
    cache.set('a', a);
    cache.set('b', { bytes: 4 });
    expect(cache.get('a')).toBe(a);
    cache.set('c', { bytes: 4 });
    expect(cache.get('b')).toBeUndefined();
    expect([cache.size, cache.usage]).toEqual([2, 8]);
    a.bytes = 7;
    cache.set('a', a);
    expect(cache.get('c')).toBeUndefined();
    expect([cache.size, cache.usage]).toEqual([1, 7]);
    cache.set('huge', { bytes: 50 });
    expect([cache.size, cache.usage]).toEqual([1, 50]);
  });
});
