import { describe, expect, it } from 'vitest';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { InvalidConfigurationItemError } from '#shared/config-item/errors';
import { cloudtrailS3DataeventsEnabled as rule } from '#shared/rules/cloudtrail/cloudtrail-s3-dataevents-enabled';
import { createInventory } from '#shared/rules/inventory';
import { evaluateFixture, type Fixture, loadFixture } from '#test/support/fixtures';

const ACCOUNT = 'AWS::::Account';
const TRAIL = 'AWS::CloudTrail::Trail';

/** The compliant account with its `management-events` trail's supplementary keys (and logging) replaced. */
function withTrail(
  supplementary: Record<string, unknown>,
  configuration: Record<string, unknown> = {},
): Fixture {
  const fixture = loadFixture(ACCOUNT, 's3-data-events-all-buckets');
  const items = [fixture.item, ...fixture.inventory.itemsOfType(TRAIL)].map(
    (item): ConfigurationItem =>
      item.resourceType === TRAIL && item.resourceName === 'management-events'
        ? {
            ...item,
            configuration: { ...(item.configuration ?? {}), ...configuration },
            supplementaryConfiguration: supplementary,
          }
        : item,
  );
  return { ...fixture, inventory: createInventory(items) };
}

const LOGGING = { TrailStatus: { IsLogging: true } };
const DATA = { Field: 'eventCategory', Equals: ['Data'] };
const OBJECTS = { Field: 'resources.type', Equals: ['AWS::S3::Object'] };

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      's3-data-events-all-buckets',
      'COMPLIANT',
      'Trail management-events records S3 data events for all buckets.',
    ],
    ['hardened', 'NON_COMPLIANT', 'No logging trail records S3 data events for all S3 buckets.'],
    [
      's3-data-events-logging-not-collected',
      'NOT_APPLICABLE',
      'No trail is known to record the S3 data events; not collected: whether trail management-events is logging.',
    ],
  ] as const)('judges the account %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(ACCOUNT, name))).toEqual({ compliance, annotation });
  });

  it.each([
    [
      'a basic selector on arn:aws:s3:::',
      { EventSelectors: [{ DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::'] }] }] },
      'COMPLIANT',
    ],
    [
      'a basic selector on arn:aws:s3',
      {
        EventSelectors: [
          {
            ReadWriteType: 'WriteOnly',
            DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
          },
        ],
      },
      'COMPLIANT',
    ],
    [
      'a basic selector on one bucket',
      {
        EventSelectors: [{ DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::ledger/'] }] }],
      },
      'NON_COMPLIANT',
    ],
    [
      'a basic selector on Lambda data events',
      {
        EventSelectors: [{ DataResources: [{ Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda'] }] }],
      },
      'NON_COMPLIANT',
    ],
    [
      'an advanced selector on one bucket',
      {
        AdvancedEventSelectors: [
          {
            FieldSelectors: [DATA, OBJECTS, { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::ledger/'] }],
          },
        ],
      },
      'NON_COMPLIANT',
    ],
    [
      'an advanced selector excluding a bucket',
      {
        AdvancedEventSelectors: [
          {
            FieldSelectors: [
              DATA,
              OBJECTS,
              { Field: 'resources.ARN', NotStartsWith: ['arn:aws:s3:::logs/'] },
            ],
          },
        ],
      },
      'NON_COMPLIANT',
    ],
    [
      'an advanced selector on PutObject only',
      {
        AdvancedEventSelectors: [
          { FieldSelectors: [DATA, OBJECTS, { Field: 'eventName', Equals: ['PutObject'] }] },
        ],
      },
      'NON_COMPLIANT',
    ],
    [
      'an advanced selector on read events only',
      {
        AdvancedEventSelectors: [
          { FieldSelectors: [DATA, OBJECTS, { Field: 'readOnly', Equals: ['true'] }] },
        ],
      },
      'COMPLIANT',
    ],
    ['empty advanced selectors', { AdvancedEventSelectors: [] }, 'NON_COMPLIANT'],
  ] as const)('judges a logging trail with %s as %s', (_label, selectors, compliance) => {
    expect(evaluateFixture(rule, withTrail({ ...LOGGING, ...selectors })).compliance).toBe(compliance);
  });

  it.each([
    [['ledger'], 'COMPLIANT'],
    [['ledger', 'exports'], 'NON_COMPLIANT'],
  ] as const)(
    'with S3BucketNames %j judges a trail logging the bucket ledger as %s',
    (buckets, compliance) => {
      const fixture = withTrail({
        ...LOGGING,
        AdvancedEventSelectors: [
          {
            FieldSelectors: [DATA, OBJECTS, { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::ledger/'] }],
          },
        ],
      });
      const verdict = evaluateFixture(rule, fixture, { parameters: { S3BucketNames: buckets.join(',') } });
      expect(verdict.compliance).toBe(compliance);
      if (compliance === 'NON_COMPLIANT')
        expect(verdict.annotation).toContain('only some buckets: management-events (ledger)');
    },
  );

  it('does not count a trail whose logging is stopped', () => {
    const recorded = loadFixture(ACCOUNT, 's3-data-events-all-buckets')
      .inventory.itemsOfType(TRAIL)
      .find((item) => item.resourceName === 'management-events');
    const fixture = withTrail({ ...recorded?.supplementaryConfiguration, TrailStatus: { IsLogging: false } });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it.each([
    [
      'the custom selectors were not collected',
      { ...LOGGING },
      { hasCustomEventSelectors: true },
      'the event selectors of trail management-events',
    ],
    [
      'the logging status of the trail that records them was not collected',
      { EventSelectors: [{ DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::'] }] }] },
      {},
      'whether trail management-events is logging',
    ],
  ])(
    'gives no verdict when %s and no other trail qualifies',
    (_label, supplementary, configuration, reason) => {
      const verdict = evaluateFixture(rule, withTrail(supplementary, configuration));
      expect(verdict.compliance).toBe('NOT_APPLICABLE');
      expect(verdict.annotation).toContain(reason);
    },
  );

  it('gives no verdict when trails were not collected at all (no trail describer on this path)', () => {
    const account = loadFixture(ACCOUNT, 'not-collected');
    const inventory = createInventory([account.item], { collects: (type) => type !== TRAIL });
    expect(evaluateFixture(rule, { ...account, inventory })).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'CloudTrail trails were not collected (no trail describer on this path).',
    });
  });

  it('fails an account whose trails are all deleted or absent, when trails are collected', () => {
    const fixture = loadFixture(ACCOUNT, 'hardened');
    const accountOnly = { ...fixture, inventory: createInventory([fixture.item]) };
    expect(evaluateFixture(rule, accountOnly)).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'No CloudTrail trail is recorded in this account.',
    });
  });

  it('refuses a selector key that is not a list', () => {
    expect(() => evaluateFixture(rule, withTrail({ ...LOGGING, EventSelectors: 'all' }))).toThrow(
      InvalidConfigurationItemError,
    );
  });
});
