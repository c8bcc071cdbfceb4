import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { createInventory, EMPTY_INVENTORY } from '#shared/rules/inventory';
import { s3BucketReplicationEnabled as rule } from '#shared/rules/s3/s3-bucket-replication-enabled';
import { evaluateFixture, type Fixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::S3::Bucket';

function withRules(rules: unknown): Fixture {
  return withSupplementary(loadFixture(TYPE, 'hardened-audit-bucket'), {
    BucketReplicationConfiguration: { roleARN: 'arn:aws:iam::123456789012:role/s3-replication', rules },
  });
}

/** The hardened bucket with the account's other recorded buckets as inventory. */
function withInventory(fixture: Fixture, ...others: string[]): Fixture {
  const items = [fixture.item, ...others.map((name) => loadFixture(TYPE, name).item)];
  return { ...fixture, inventory: createInventory(items) };
}

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a bucket with an enabled replication rule', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'hardened-audit-bucket'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Bucket arn:aws:s3:::acme-audit-evidence-123456789012 has 1 enabled replication rule(s).',
    });
  });

  it('fails a bucket without a replication configuration', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'new-bucket-defaults'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Bucket arn:aws:s3:::acme-analytics-scratch has no replication rule.',
    });
  });

  it('fails a bucket with a disabled rule even when another rule is enabled, naming the disabled rule', () => {
    const fixture = withRules({
      primary: { destinationConfig: { bucketARN: 'arn:aws:s3:::dr-a' }, prefix: '', status: 'Enabled' },
      paused: { destinationConfig: { bucketARN: 'arn:aws:s3:::dr-b' }, prefix: 'logs/', status: 'Disabled' },
    });
    const verdict = evaluateFixture(rule, fixture);
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('"paused" (Disabled)');
  });

  it.each([
    ['an empty rule map', {}],
    ['an empty rule list', []],
    ['null rules', null],
  ])('fails a replication configuration with %s', (_label, rules) => {
    expect(evaluateFixture(rule, withRules(rules)).compliance).toBe('NON_COMPLIANT');
  });

  it('reads rules written as a list (S3 API shape) as well as a map keyed by rule id', () => {
    const fixture = withRules([
      { id: 'all', status: 'Enabled', destination: { bucket: 'arn:aws:s3:::dr-a' }, priority: 1 },
    ]);
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it('passes CROSS-REGION when the destination is a recorded bucket in another region', () => {
    const fixture = withInventory(loadFixture(TYPE, 'hardened-audit-bucket'), 'replica-bucket-us-west-2');
    const verdict = evaluateFixture(rule, fixture, { parameters: { ReplicationType: 'CROSS-REGION' } });
    expect(verdict.compliance).toBe('COMPLIANT');
  });

  it('fails SAME-REGION when the destination is in another region, naming both regions', () => {
    const fixture = withInventory(loadFixture(TYPE, 'hardened-audit-bucket'), 'replica-bucket-us-west-2');
    const verdict = evaluateFixture(rule, fixture, { parameters: { ReplicationType: 'same-region' } });
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('us-west-2');
    expect(verdict.annotation).toContain('us-east-1');
  });

  it('gives no verdict on CROSS-REGION when the destination bucket is not recorded (region not collected)', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'hardened-audit-bucket'), {
      parameters: { ReplicationType: 'CROSS-REGION' },
    });
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('not a recorded bucket of this account');
  });

  it('still fails a rule copying to the wrong kind of region when another destination is not recorded', () => {
    const fixture = withInventory(
      withRules({
        west: {
          destinationConfig: { bucketARN: 'arn:aws:s3:::acme-audit-evidence-replica-123456789012' },
          status: 'Enabled',
        },
        elsewhere: {
          destinationConfig: { bucketARN: 'arn:aws:s3:::other-account-bucket' },
          status: 'Enabled',
        },
      }),
      'replica-bucket-us-west-2',
    );
    const verdict = evaluateFixture(rule, fixture, { parameters: { ReplicationType: 'SAME-REGION' } });
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('us-west-2');
  });

  it('fails an unknown ReplicationType value instead of ignoring it', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'hardened-audit-bucket'), {
      parameters: { ReplicationType: 'MULTI-REGION' },
    });
    expect(verdict.compliance).toBe('NON_COMPLIANT');
  });

  it('names only the destination buckets to read, and only when ReplicationType asks for their region', () => {
    const fixture = withRules({
      primary: { destinationConfig: { bucketARN: 'arn:aws:s3:::dr-a' }, prefix: '', status: 'Enabled' },
      logs: { destinationConfig: { bucketARN: 'arn:aws:s3:::dr-b' }, prefix: 'logs/', status: 'Enabled' },
    });
    expect(rule.readsOf(fixture.item, { ReplicationType: 'cross-region' })).toEqual([
      { resourceType: TYPE, resourceId: 'dr-a' },
      { resourceType: TYPE, resourceId: 'dr-b' },
    ]);
    expect(rule.readsOf(fixture.item, { ReplicationType: '' })).toEqual([]);
    expect(
      rule.readsOf(loadFixture(TYPE, 'new-bucket-defaults').item, { ReplicationType: 'SAME-REGION' }),
    ).toEqual([]);
  });

  it('is judged right on an inventory of the destinations alone (what the evaluator reads)', () => {
    const fixture = loadFixture(TYPE, 'hardened-audit-bucket');
    const parameters = { ReplicationType: 'CROSS-REGION' };
    const engine = new RuleEngine([rule], { [rule.id]: parameters });
    const reads = engine.inventoryReads(fixture.item);
    expect(reads.types).toEqual([]);
    const account = ['replica-bucket-us-west-2', 'new-bucket-defaults'].map(
      (name) => loadFixture(TYPE, name).item,
    );
    const destinations = reads.resources.flatMap((ref) =>
      account.filter((candidate) => candidate.resourceId === ref.resourceId),
    );
    expect(destinations.map((found) => found.resourceId)).toEqual([
      'acme-audit-evidence-replica-123456789012',
    ]);
    const [evaluation] = engine.evaluate(fixture.item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: createInventory([fixture.item, ...destinations]),
    });
    expect(evaluation?.compliance).toBe('COMPLIANT');
  });

  it('reports a deleted bucket as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
