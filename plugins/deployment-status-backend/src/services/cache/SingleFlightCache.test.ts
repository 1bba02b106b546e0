import { SingleFlightCache } from './SingleFlightCache';

describe('SingleFlightCache', () => {
  it('shares one call among concurrent callers and keeps its answer until it expires', async () => {
    let now = 0;
    const cache = new SingleFlightCache<number>(1000, 10, () => now);
    let calls = 0;
    const fetch = async () => {
      calls += 1;
      return calls;
    };
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => cache.get('a', fetch)),
    );
    expect(new Set(answers)).toEqual(new Set([1]));
    now = 999;
    expect(await cache.get('a', fetch)).toBe(1);
    now = 1001;
    expect(await cache.get('a', fetch)).toBe(2);
    expect(calls).toBe(2);
  });

  it('keeps no failure, and bounds the number of keys', async () => {
    const cache = new SingleFlightCache<string>(60_000, 2);
    await expect(
      cache.get('a', () => Promise.reject(new Error('down'))),
    ).rejects.toThrow('down');
    expect(await cache.get('a', async () => 'up')).toBe('up');
    await cache.get('b', async () => 'b');
    await cache.get('c', async () => 'c');
    // 'a' was the oldest of three and went.
    expect(await cache.get('a', async () => 'again')).toBe('again');
    expect(await cache.get('c', async () => 'not asked')).toBe('c');
  });

  it('shares but does not keep an answer it is told not to', async () => {
    const cache = new SingleFlightCache<string>(
      60_000,
      10,
      Date.now,
      value => !value.includes('error'),
    );
    let calls = 0;
    const fetch = async () => (++calls === 1 ? 'error: down' : 'up');
    const first = await Promise.all([
      cache.get('a', fetch),
      cache.get('a', fetch),
    ]);
    expect(first).toEqual(['error: down', 'error: down']);
    expect(await cache.get('a', fetch)).toBe('up');
    expect(await cache.get('a', fetch)).toBe('up');
    expect(calls).toBe(2);
  });

  it('forgets the keys it is told to, kept or in flight', async () => {
    const cache = new SingleFlightCache<string>(60_000);
    await cache.get('web\ta', async () => 'old a');
    await cache.get('api\tb', async () => 'old b');
    let settle!: (value: string) => void;
    const inFlight = cache.get(
      'web\tc',
      () => new Promise<string>(resolve => (settle = resolve)),
    );
    cache.forget(key => key.startsWith('web\t'));
    expect(await cache.get('web\ta', async () => 'new a')).toBe('new a');
    expect(await cache.get('api\tb', async () => 'new b')).toBe('old b');
    // Whoever asked before the change gets the answer under way; later callers ask again.
    expect(await cache.get('web\tc', async () => 'new c')).toBe('new c');
    settle('old c');
    expect(await inFlight).toBe('old c');
    expect(await cache.get('web\tc', async () => 'newer c')).toBe('new c');
  });
});
