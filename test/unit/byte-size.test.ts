import { describe, expect, it } from 'vitest';
import { formatBytes, parseByteSize } from '#shared/byte-size';

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [1023, '1023 bytes'],
    [1024, '1 KiB'],
    [1536 * 1024, '1.5 MiB'],
    [4 * 1024 ** 3, '4 GiB'],
  ])('formats %d as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('parseByteSize', () => {
  it.each([
    ['1048576', 1048576],
    ['512K', 512 * 1024],
    ['512k', 512 * 1024],
    ['1MiB', 1024 ** 2],
    ['4G', 4 * 1024 ** 3],
    ['4 GiB', 4 * 1024 ** 3],
    ['2GB', 2e9],
    ['1.5M', 1.5 * 1024 ** 2],
  ])('reads %s', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each(['', '0', '-1', 'lots', '4X', '1e9', '99999999999T'])('refuses %j', (text) => {
    expect(parseByteSize(text)).toBeUndefined();
  });
});
