/**
 * The property name Jackson gives a Java SDK v1 getter (`getDBClusterIdentifier` → `dbclusterIdentifier`,
 * `getSSEDescription` → `ssedescription`, `getKMSMasterKeyArn` → `kmsmasterKeyArn`, `getMultiAZ` →
 * `multiAZ`): every upper-case letter at the start of the name is lowered, up to the first lower-case one.
 * AWS Config records several types this way (DynamoDB tables, RDS DB clusters and cluster snapshots),
 * where others (RDS DB instances and snapshots) lower only the first letter ({@link toConfigShape}).
 * @see https://github.com/awslabs/aws-config-resource-schema/blob/master/config/properties/resource-types/AWS::RDS::DBCluster.properties.json
 */
export function beanPropertyName(key: string): string {
  let index = 0;
  while (index < key.length && key.charAt(index) !== key.charAt(index).toLowerCase()) index++;
  return key.slice(0, index).toLowerCase() + key.slice(index);
}

/** How a bean-shaped item writes dates: ISO strings (RDS) or epoch milliseconds (DynamoDB). */
export type BeanDates = 'iso' | 'epoch-millis';

/**
 * Turns an SDK v3 response object into the Jackson bean naming of {@link beanPropertyName}, dates as
 * `dates` says, `undefined` members and `$metadata` dropped.
 */
export function toBeanShape(value: unknown, dates: BeanDates): unknown {
  if (value instanceof Date) return dates === 'iso' ? value.toISOString() : value.getTime();
  if (Array.isArray(value)) return value.map((member) => toBeanShape(member, dates));
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined || key === '$metadata') continue;
    result[beanPropertyName(key)] = toBeanShape(member, dates);
  }
  return result;
}

/** Same as `toBeanShape` for a value known to be an object. */
export function beanObject(value: object, dates: BeanDates): Record<string, unknown> {
  return toBeanShape(value, dates) as Record<string, unknown>;
}
