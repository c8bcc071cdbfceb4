/** Splits items into consecutive slices of at most `size` (Config's batch APIs take at most 100 keys). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}
