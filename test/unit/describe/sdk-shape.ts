/**
 * The SDK v3 response object a Config-shaped `configuration` was recorded from: the inverse of
 * `toConfigShape` (first letter of every key upper-cased, `null` members dropped as the SDK omits them), so a
 * unit test can feed a describer the response behind a real-shaped fixture and expect the fixture back.
 */
export function sdkShapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sdkShapeOf);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === null) continue;
    result[key.charAt(0).toUpperCase() + key.slice(1)] = sdkShapeOf(member);
  }
  return result;
}

/** A Config-shaped configuration without its `null` members, to compare with what a describer builds. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, member]) => member !== null)
      .map(([key, member]) => [key, withoutNulls(member)]),
  );
}

/** An SDK service error as the SDK throws it: an `Error` whose `name` is the AWS error code. */
export function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}
