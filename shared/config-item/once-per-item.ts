/**
 * Wraps a pure reading of a configuration item (or of one of its objects) so that it runs once per object.
 * Several rules judge the same view of one resource (four rules read an IAM user's credentials, five an EKS
 * cluster); items are immutable, so a result never goes stale, and a WeakMap lets it go with the item. A
 * reading that throws throws the same error again.
 */
export function oncePerItem<Source extends object, Result>(
  read: (source: Source) => Result,
): (source: Source) => Result {
  const results = new WeakMap<Source, { readonly value: Result } | { readonly error: unknown }>();
  return (source) => {
    let outcome = results.get(source);
    if (outcome === undefined) {
      try {
        outcome = { value: read(source) };
      } catch (error) {
        outcome = { error };
      }
      results.set(source, outcome);
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  };
}
