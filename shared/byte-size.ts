const KIB = 1024;

const UNITS: readonly [string, number][] = [
  ['TiB', KIB ** 4],
  ['GiB', KIB ** 3],
  ['MiB', KIB ** 2],
  ['KiB', KIB],
];

/** A byte count as people read it: "4 GiB", "1.5 MiB", "512 bytes" (binary units). */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of UNITS) {
    if (bytes >= size) {
      const value = bytes / size;
      return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
    }
  }
  return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}

const SUFFIXES: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: KIB,
  kib: KIB,
  kb: 1000,
  m: KIB ** 2,
  mib: KIB ** 2,
  mb: 1000 ** 2,
  g: KIB ** 3,
  gib: KIB ** 3,
  gb: 1000 ** 3,
  t: KIB ** 4,
  tib: KIB ** 4,
  tb: 1000 ** 4,
};

/**
 * Reads a size such as `1048576`, `512K`, `4GiB` or `2GB`: K, M, G, T and KiB… are binary, KB, MB… decimal
 * (as coreutils reads them). Returns undefined for anything else, zero, or a size past 2^53.
 */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) return undefined;
  const multiplier = SUFFIXES[(match[2] ?? '').toLowerCase()];
  if (multiplier === undefined) return undefined;
  const bytes = Math.floor(Number(match[1]) * multiplier);
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
}
