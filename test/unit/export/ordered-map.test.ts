import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapOrdered } from '#shared/export/ordered-map';

describe('mapOrdered', () => {
  it('keeps input order and never runs more than `concurrency` calls at once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 6 }),
        async (delays, concurrency) => {
          let running = 0;
          let peak = 0;
          const results: number[] = [];
          for await (const value of mapOrdered(delays.entries(), concurrency, async ([index, delay]) => {
            running++;
            peak = Math.max(peak, running);
            await sleep(delay);
            running--;
            return index;
          })) {
            results.push(value);
          }
          expect(results).toEqual(delays.map((_, index) => index));
          expect(peak).toBeLessThanOrEqual(concurrency);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('passes a failure on at its place in the order', async () => {
    const seen: number[] = [];
    const run = async () => {
      for await (const value of mapOrdered([1, 2, 3, 4], 3, async (n) => {
        if (n === 3) throw new Error('boom');
        return n;
      })) {
        seen.push(value);
      }
    };
    await expect(run()).rejects.toThrow('boom');
    expect(seen).toEqual([1, 2]);
  });
});
