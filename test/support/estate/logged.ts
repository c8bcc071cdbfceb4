/** A CloudTrail `requestParameters`/`responseElements` object: JSON as CloudTrail logs it, unset members left out. */
export function logged(fields: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(fields)) as Record<string, unknown>;
}
