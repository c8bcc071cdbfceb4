/**
 * Readers for values of a configuration item's JSON, where any field may be missing, null or of an
 * unexpected type. Each returns undefined (or an empty list) for a value that is not what it reads, so a
 * malformed field counts as not recorded without hiding the well-formed fields beside it.
 */

/** The value as an object (not an array), or undefined. */
export function objectOf(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The value as a string, or undefined. */
export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The value as a finite number, or undefined. */
export function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** `true`, or a string reading "true" in any case (Config writes some switches as strings); anything else is false. */
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

/** The objects of a list (other entries are skipped); empty when the value is not a list. */
export function objectsOf(value: unknown): readonly Readonly<Record<string, unknown>>[] {
  if (!Array.isArray(value)) return [];
  const objects: Readonly<Record<string, unknown>>[] = [];
  for (const entry of value) {
    const object = objectOf(entry);
    if (object !== undefined) objects.push(object);
  }
  return objects;
}
