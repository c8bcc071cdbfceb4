import { describe, expect, it } from 'vitest';
import { SingleFlightCache } from '#shared/pipeline/single-flight-cache';

/** A read that finishes when told to, counting its calls. */
function gate<T>() {
  let release: (value: T) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((resolve, reject) => {
    release = resolve;
    fail = reject;
  });
  return { promise, release, fail };
}

describe('SingleFlightCache: one read per key however many callers miss it at once', () => {
  it('shares one in-flight read among concurrent misses of a key', async () => {
    const cache = new SingleFlightCache<string>({ ttlMs: 60_000 });
    const read = gate<string>();
    let calls = 0;
    const load = () => {
      calls++;
      return read.promise;
    };
    const callers = Array.from({ length: 16 }, () => cache.get('bucket', load));
    read.release('value');
    expect(await Promise.all(callers)).toEqual(Array(16).fill('value'));
    expect(calls).toBe(1);
  });

  it('serves a finished read until its TTL has passed, then reads again', async () => {
    let clock = 0;
    const cache = new SingleFlightCache<number>({ ttlMs: 1_000, now: () => clock });
    let calls = 0;
    const load = async () => ++calls;
    expect(await cache.get('k', load)).toBe(1);
    clock = 999;
    expect(await cache.get('k', load)).toBe(1);
    clock = 1_000;
    expect(await cache.get('k', load)).toBe(2);
  });

  it('does not keep a failed read: every waiting caller gets the error, the next caller reads again', async () => {
    const cache = new SingleFlightCache<string>({ ttlMs: 60_000 });
    const read = gate<string>();
    const waiting = [cache.get('k', () => read.promise), cache.get('k', () => read.promise)];
    read.fail(new Error('throttled'));
    for (const caller of waiting) await expect(caller).rejects.toThrow('throttled');
    expect(await cache.get('k', async () => 'second try')).toBe('second try');
  });

  it('does not keep a read whose loader throws before returning a promise', async () => {
    const cache = new SingleFlightCache<string>({ ttlMs: 60_000 });
    await expect(
      cache.get('k', () => {
        throw new Error('no client');
      }),
    ).rejects.toThrow('no client');
    expect(cache.size).toBe(0);
  });

  it('reads only the keys neither cached nor in flight, together, and answers in the order asked', async () => {
    const cache = new SingleFlightCache<string>({ ttlMs: 60_000 });
    const asked: (readonly string[])[] = [];
    const load = async (keys: readonly string[]) => {
      asked.push(keys);
      return keys.map((key) => key.toUpperCase());
    };
    expect(await cache.getMany(['a', 'b'], load)).toEqual(['A', 'B']);
    expect(await cache.getMany(['c', 'b', 'a', 'c', 'd'], load)).toEqual(['C', 'B', 'A', 'C', 'D']);
    expect(asked).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('fails the keys of a read that returns the wrong number of values, and keeps none of them', async () => {
    const cache = new SingleFlightCache<string>({ ttlMs: 60_000 });
    await expect(cache.getMany(['a', 'b'], async () => ['only one'])).rejects.toThrow(
      'read returned 1 values for 2 keys',
    );
    expect(cache.size).toBe(0);
  });

  it('serves a value set by other means without reading, and lets it replace a read in flight', async () => {
    const cache = new SingleFlightCache<string>({ ttlMs: 60_000 });
    cache.set('a', 'swept');
    expect(await cache.get('a', async () => 'read')).toBe('swept');
    const read = gate<string>();
    const inFlight = cache.get('b', () => read.promise);
    cache.set('b', 'swept');
    expect(await cache.get('b', async () => 'read')).toBe('swept');
    read.release('late');
    expect(await inFlight).toBe('late');
    expect(await cache.get('b', async () => 'read')).toBe('swept');
  });

  it('drops expired entries once it has grown past its bound', async () => {
    let clock = 0;
    const cache = new SingleFlightCache<number>({ ttlMs: 10, now: () => clock });
    for (let index = 0; index < 1_024; index++) cache.set(`old-${index}`, index);
    clock = 100;
    cache.set('new', 1);
    expect(cache.size).toBe(1);
  });
});

describe('SingleFlightCache.update', () => {
  it('rewrites a finished value and keeps its time to live; leaves absent, expired and in-flight keys alone', async () => {
    let now = 0;
    const cache = new SingleFlightCache<number[]>({ ttlMs: 100, now: () => now });
    await cache.get('held', async () => [1]);
    cache.update('held', (value) => [...value, 2]);
    expect(await cache.get('held', async () => [99])).toEqual([1, 2]);
    cache.update('absent', () => [3]);
    expect(await cache.get('absent', async () => [4])).toEqual([4]);
    let release: (value: number[]) => void = () => undefined;
    const pending = new Promise<number[]>((resolve) => {
      release = resolve;
    });
    const inFlight = cache.get('flying', () => pending);
    cache.update('flying', () => [5]);
    release([6]);
    expect(await inFlight).toEqual([6]);
    now = 101;
    cache.update('held', () => [7]);
    expect(await cache.get('held', async () => [8])).toEqual([8]);
  });
});
