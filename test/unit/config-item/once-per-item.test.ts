import { describe, expect, it } from 'vitest';
import { oncePerItem } from '#shared/config-item/once-per-item';

describe('oncePerItem', () => {
  it('reads each object once and returns the same result after', () => {
    const seen: object[] = [];
    const read = oncePerItem((source: { readonly n: number }) => {
      seen.push(source);
      return { doubled: source.n * 2 };
    });
    const a = { n: 1 };
    const b = { n: 1 };
    const first = read(a);
    expect(read(a)).toBe(first);
    expect(read(b)).toEqual({ doubled: 2 });
    expect(read(b)).not.toBe(first);
    expect(seen).toEqual([a, b]);
  });

  it('remembers undefined results', () => {
    let calls = 0;
    const read = oncePerItem((_source: object) => {
      calls += 1;
      return undefined;
    });
    const source = {};
    expect(read(source)).toBeUndefined();
    expect(read(source)).toBeUndefined();
    expect(calls).toBe(1);
  });

  it('throws the same error again without reading again', () => {
    let calls = 0;
    const read = oncePerItem((_source: object): number => {
      calls += 1;
      throw new Error(`malformed (${calls})`);
    });
    const source = {};
    expect(() => read(source)).toThrow('malformed (1)');
    expect(() => read(source)).toThrow('malformed (1)');
    expect(calls).toBe(1);
  });
});
