import { type Fixture, loadFixture, withConfiguration } from '#test/support/fixtures';

/** Config resource type of the CloudFront fixtures. */
export const DISTRIBUTION = 'AWS::CloudFront::Distribution';

/** A CloudFront distribution fixture by name. */
export function distributionFixture(name: string): Fixture {
  return loadFixture(DISTRIBUTION, name);
}

/** A copy of a distribution fixture with some fields of `distributionConfig` replaced (undefined drops one). */
export function withDistributionConfig(fixture: Fixture, patch: Record<string, unknown>): Fixture {
  const current = (fixture.item.configuration?.distributionConfig ?? {}) as Record<string, unknown>;
  return withConfiguration(fixture, { distributionConfig: { ...current, ...patch } });
}

/** One object field of a fixture's `distributionConfig` (empty when absent), to patch from. */
export function distributionConfigField(fixture: Fixture, key: string): Record<string, unknown> {
  const config = (fixture.item.configuration?.distributionConfig ?? {}) as Record<string, unknown>;
  const value = config[key];
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}
