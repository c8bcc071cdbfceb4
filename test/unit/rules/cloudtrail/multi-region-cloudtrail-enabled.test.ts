import { describe, expect, it } from 'vitest';
import { type ConfigurationItem, normalizeConfigurationItem } from '#shared/config-item/configuration-item';
import { multiRegionCloudtrailEnabled as rule } from '#shared/rules/cloudtrail/multi-region-cloudtrail-enabled';
import { RuleEngine } from '#shared/rules/engine';
import { createInventory } from '#shared/rules/inventory';
import { RuleParameterError } from '#shared/rules/parameters';
import { evaluateFixture, type Fixture, loadFixture } from '#test/support/fixtures';

const ACCOUNT = 'AWS::::Account';
const TRAIL = 'AWS::CloudTrail::Trail';

const secureTrail = (): ConfigurationItem => loadFixture(TRAIL, 'multi-region-secure').item;

/** The hardened account item with exactly these trails in its inventory. */
function accountWith(...trails: ConfigurationItem[]): Fixture {
  const account = loadFixture(ACCOUNT, 'hardened');
  return { ...account, inventory: createInventory([account.item, ...trails]) };
}

function patched(
  item: ConfigurationItem,
  configuration: Record<string, unknown>,
  supplementary: Record<string, unknown> = {},
): ConfigurationItem {
  return {
    ...item,
    configuration: { ...(item.configuration ?? {}), ...configuration },
    supplementaryConfiguration: { ...item.supplementaryConfiguration, ...supplementary },
  };
}

const selectors = (...list: Record<string, unknown>[]) => ({ EventSelectors: list });

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes an account with a logging multi-region trail recording all management events', () => {
    expect(evaluateFixture(rule, loadFixture(ACCOUNT, 'hardened'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Multi-region trail management-events is logging, recording All management events.',
    });
  });

  it('fails an account whose only live trail is single-region, ignoring deleted trails', () => {
    expect(evaluateFixture(rule, loadFixture(ACCOUNT, 'neglected'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'No multi-region trail; single-region trails: payments-dev-trail.',
    });
  });

  it('fails an account with no trail at all', () => {
    expect(evaluateFixture(rule, accountWith())).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'No CloudTrail trail is recorded in this account.',
    });
  });

  it('gives no verdict when trails were not collected at all (no trail describer on this path)', () => {
    const account = loadFixture(ACCOUNT, 'hardened');
    const inventory = createInventory([account.item], { collects: (type) => type !== TRAIL });
    expect(evaluateFixture(rule, { ...account, inventory })).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'CloudTrail trails were not collected (no trail describer on this path).',
    });
  });

  it('fails a multi-region trail whose logging is stopped', () => {
    const verdict = evaluateFixture(rule, loadFixture(ACCOUNT, 'multi-region-trail-stopped'));
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'No multi-region trail qualifies. management-events: logging is stopped.',
    });
  });

  it('fails a multi-region trail that excludes KMS and RDS Data API management events', () => {
    const verdict = evaluateFixture(rule, loadFixture(ACCOUNT, 'multi-region-trail-excludes-kms-events'));
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'No multi-region trail qualifies. management-events: management selector excludes kms.amazonaws.com, rdsdata.amazonaws.com.',
    });
  });

  it('cannot judge a trail whose logging status was not collected: NOT_APPLICABLE with the reason, never a failure', () => {
    const trail = { ...secureTrail(), supplementaryConfiguration: {} };
    const verdict = evaluateFixture(rule, accountWith(trail));
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('logging status not collected');
  });

  it('still fails a trail that fails something collected, naming what was not collected too', () => {
    const trail = patched(
      { ...secureTrail(), supplementaryConfiguration: {} },
      { isMultiRegionTrail: false },
    );
    expect(evaluateFixture(rule, accountWith(trail)).compliance).toBe('NON_COMPLIANT');
    const unread = { ...secureTrail(), supplementaryConfiguration: {} };
    const verdict = evaluateFixture(rule, accountWith(unread), {
      parameters: { s3BucketName: 'central-audit-logs' },
    });
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('logging status not collected');
  });

  it('reads a trail without custom selectors as recording every management event', () => {
    const trail = patched(secureTrail(), { hasCustomEventSelectors: false });
    const { EventSelectors: _dropped, ...rest } = trail.supplementaryConfiguration;
    expect(
      evaluateFixture(rule, accountWith({ ...trail, supplementaryConfiguration: rest })).compliance,
    ).toBe('COMPLIANT');
  });

  it('cannot judge a trail with custom selectors that were not collected (NOT_APPLICABLE)', () => {
    const trail = patched(secureTrail(), { hasCustomEventSelectors: true });
    const { EventSelectors: _dropped, ...rest } = trail.supplementaryConfiguration;
    const verdict = evaluateFixture(rule, accountWith({ ...trail, supplementaryConfiguration: rest }));
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('custom event selectors not collected');
  });

  it('passes when one of two multi-region trails qualifies', () => {
    const stopped = patched(
      { ...secureTrail(), resourceId: 'old-trail' },
      { name: 'old-trail' },
      { TrailStatus: { IsLogging: false } },
    );
    expect(evaluateFixture(rule, accountWith(stopped, secureTrail())).annotation).toContain(
      'management-events',
    );
  });

  it.each([
    ['WriteOnly', 'ALL', 'NON_COMPLIANT'],
    ['ReadOnly', 'ALL', 'NON_COMPLIANT'],
    ['WriteOnly', 'WriteOnly', 'COMPLIANT'],
    ['WriteOnly', 'ReadOnly', 'NON_COMPLIANT'],
    ['All', 'ReadOnly', 'COMPLIANT'],
    ['All', 'all', 'COMPLIANT'],
  ] as const)(
    'judges a trail recording %s management events against readWriteType %s as %s',
    (recorded, required, expected) => {
      const trail = patched(
        secureTrail(),
        { hasCustomEventSelectors: true },
        selectors({ ReadWriteType: recorded, IncludeManagementEvents: true, DataResources: [] }),
      );
      const verdict = evaluateFixture(rule, accountWith(trail), { parameters: { readWriteType: required } });
      expect(verdict.compliance).toBe(expected);
    },
  );

  it('reports both a read-only selector and an excluding selector', () => {
    const trail = patched(
      secureTrail(),
      { hasCustomEventSelectors: true },
      selectors(
        { ReadWriteType: 'ReadOnly', IncludeManagementEvents: true },
        {
          ReadWriteType: 'WriteOnly',
          IncludeManagementEvents: true,
          ExcludeManagementEventSources: ['kms.amazonaws.com'],
        },
      ),
    );
    expect(evaluateFixture(rule, accountWith(trail)).annotation).toBe(
      'No multi-region trail qualifies. management-events: records only ReadOnly management events, not All, management selector excludes kms.amazonaws.com.',
    );
  });

  it('combines a ReadOnly and a WriteOnly selector into all management events', () => {
    const trail = patched(
      secureTrail(),
      { hasCustomEventSelectors: true },
      selectors(
        { ReadWriteType: 'ReadOnly', IncludeManagementEvents: true },
        { ReadWriteType: 'WriteOnly', IncludeManagementEvents: true },
      ),
    );
    expect(evaluateFixture(rule, accountWith(trail)).compliance).toBe('COMPLIANT');
  });

  it('fails a data-events-only trail unless includeManagementEvents is false', () => {
    const trail = patched(
      secureTrail(),
      { hasCustomEventSelectors: true },
      selectors({
        ReadWriteType: 'All',
        IncludeManagementEvents: false,
        DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
      }),
    );
    const fixture = accountWith(trail);
    expect(evaluateFixture(rule, fixture).annotation).toContain('records no management events');
    expect(
      evaluateFixture(rule, fixture, { parameters: { includeManagementEvents: 'false' } }).compliance,
    ).toBe('COMPLIANT');
  });

  it.each([
    ['all management events', [{ Field: 'eventCategory', Equals: ['Management'] }], 'COMPLIANT'],
    [
      'read-only management events',
      [
        { Field: 'eventCategory', Equals: ['Management'] },
        { Field: 'readOnly', Equals: ['true'] },
      ],
      'NON_COMPLIANT',
    ],
    [
      'management events except KMS',
      [
        { Field: 'eventCategory', Equals: ['Management'] },
        { Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] },
      ],
      'NON_COMPLIANT',
    ],
    ['only S3 data events', [{ Field: 'eventCategory', Equals: ['Data'] }], 'NON_COMPLIANT'],
  ] as const)('judges advanced selectors recording %s as %s', (_label, fieldSelectors, expected) => {
    const trail = patched(
      secureTrail(),
      { hasCustomEventSelectors: true },
      {
        EventSelectors: undefined,
        AdvancedEventSelectors: [{ Name: 'audit', FieldSelectors: fieldSelectors }],
      },
    );
    expect(evaluateFixture(rule, accountWith(trail)).compliance).toBe(expected);
  });

  it.each([
    [{ s3BucketName: 'acme-cloudtrail-logs-123456789012' }, 'COMPLIANT'],
    [{ s3BucketName: 'another-bucket' }, 'NON_COMPLIANT'],
    [
      {
        cloudWatchLogsLogGroupArn:
          'arn:aws:logs:us-east-1:123456789012:log-group:aws-cloudtrail-logs-123456789012',
      },
      'COMPLIANT',
    ],
    [
      {
        cloudWatchLogsLogGroupArn:
          'arn:aws:logs:us-east-1:123456789012:log-group:aws-cloudtrail-logs-123456789012:*',
      },
      'COMPLIANT',
    ],
    [{ cloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:other:*' }, 'NON_COMPLIANT'],
    [{ snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:cloudtrail-deliveries' }, 'NON_COMPLIANT'],
  ] as const)('matches the trail against parameters %o: %s', (parameters, expected) => {
    expect(evaluateFixture(rule, loadFixture(ACCOUNT, 'hardened'), { parameters }).compliance).toBe(expected);
  });

  it('says which bucket the trail delivers to when it is not the required one', () => {
    const verdict = evaluateFixture(rule, loadFixture(ACCOUNT, 'hardened'), {
      parameters: { s3BucketName: 'central-audit-logs' },
    });
    expect(verdict.annotation).toBe(
      'No multi-region trail qualifies. management-events: delivers to bucket acme-cloudtrail-logs-123456789012, not central-audit-logs.',
    );
  });

  it('reads trails described in the DescribeTrails (PascalCase) shape', () => {
    const trail: ConfigurationItem = {
      ...secureTrail(),
      configuration: {
        Name: 'management-events',
        IsMultiRegionTrail: true,
        S3BucketName: 'acme-cloudtrail-logs-123456789012',
        HasCustomEventSelectors: false,
      },
    };
    expect(evaluateFixture(rule, accountWith(trail)).compliance).toBe('COMPLIANT');
  });

  it('reads supplementary keys delivered as JSON strings by the Config API', () => {
    const trail = normalizeConfigurationItem({
      accountId: '123456789012',
      arn: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events',
      awsRegion: 'us-east-1',
      resourceType: TRAIL,
      resourceId: 'management-events',
      resourceName: 'management-events',
      configurationItemCaptureTime: 1763629642.118,
      configurationItemStatus: 'OK',
      configuration: JSON.stringify({ name: 'management-events', isMultiRegionTrail: true }),
      supplementaryConfiguration: {
        TrailStatus: JSON.stringify({ IsLogging: true }),
        EventSelectors: JSON.stringify([{ ReadWriteType: 'All', IncludeManagementEvents: true }]),
      },
    });
    expect(evaluateFixture(rule, accountWith(trail)).compliance).toBe('COMPLIANT');
  });

  it('rejects an unknown readWriteType, which the engine reports as ERROR', () => {
    const fixture = loadFixture(ACCOUNT, 'hardened');
    expect(() => evaluateFixture(rule, fixture, { parameters: { readWriteType: 'Everything' } })).toThrow(
      RuleParameterError,
    );
    const [evaluation] = new RuleEngine([rule], { [rule.id]: { readWriteType: 'Everything' } }).evaluate(
      fixture.item,
      { now: new Date(), inventory: fixture.inventory },
    );
    expect(evaluation?.compliance).toBe('ERROR');
  });

  it('is evaluated once per account by a scan, on a synthesized account item when none is recorded', () => {
    const evaluations = new RuleEngine([rule]).scan([secureTrail()], {
      now: new Date('2026-11-23T12:00:00Z'),
    });
    expect(evaluations).toHaveLength(1);
    expect(evaluations[0]).toMatchObject({
      resourceType: ACCOUNT,
      resourceId: '123456789012',
      compliance: 'COMPLIANT',
    });
  });

  it('declares that it reads trails, so a trail change re-evaluates it', () => {
    expect(new RuleEngine([rule]).rulesReading(TRAIL)).toEqual([rule]);
  });
});
