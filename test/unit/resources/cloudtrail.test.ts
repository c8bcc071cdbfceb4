import { describe, expect, it } from 'vitest';
import { InvalidConfigurationItemError } from '#shared/config-item/errors';
import {
  managementEventCoverage,
  normalizeLogGroupArn,
  parseReadWriteType,
  readTrail,
  readWriteTypeCovers,
} from '#shared/resources/cloudtrail';
import { loadFixture, withConfiguration, withSupplementary } from '#test/support/fixtures';

const TRAIL = 'AWS::CloudTrail::Trail';
const secure = () => loadFixture(TRAIL, 'multi-region-secure');

describe('readTrail', () => {
  it('reads the AWS Config (camelCase) trail item and the Vigil status key', () => {
    expect(readTrail(secure().item)).toMatchObject({
      name: 'management-events',
      arn: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events',
      homeRegion: 'us-east-1',
      multiRegion: true,
      logging: true,
      logFileValidation: true,
      s3BucketName: 'acme-cloudtrail-logs-123456789012',
      snsTopicArn: undefined,
      managementEvents: { readWriteType: 'All', exclusions: [], source: 'EventSelectors' },
      latestCloudWatchLogsDelivery: '2026-11-23T11:51:40.000Z',
    });
  });

  it('falls back to the resource name and treats a missing configuration as an empty one', () => {
    const trail = readTrail({ ...secure().item, configuration: null, supplementaryConfiguration: {} });
    expect(trail).toMatchObject({ name: 'management-events', multiRegion: false, logging: undefined });
    expect(trail.managementEvents).toEqual({ readWriteType: 'All', exclusions: [], source: 'default' });
  });

  it('rejects EventSelectors that are not a list of objects', () => {
    const fixture = withSupplementary(secure(), { EventSelectors: 'All' });
    expect(() => readTrail(fixture.item)).toThrow(InvalidConfigurationItemError);
  });
});

describe('managementEventCoverage', () => {
  it('is unknown for custom selectors that were not collected', () => {
    const fixture = withSupplementary(withConfiguration(secure(), { hasCustomEventSelectors: true }), {
      EventSelectors: undefined,
    });
    expect(managementEventCoverage(fixture.item)).toBeUndefined();
  });

  it('is empty when both selector lists were collected empty', () => {
    const fixture = withSupplementary(secure(), { EventSelectors: [], AdvancedEventSelectors: [] });
    expect(managementEventCoverage(fixture.item)).toEqual({
      readWriteType: undefined,
      exclusions: [],
      source: 'EventSelectors',
    });
  });

  it('prefers advanced selectors and reads readOnly NotEquals', () => {
    const fixture = withSupplementary(secure(), {
      AdvancedEventSelectors: [
        {
          Name: 'Write management events',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Management'] },
            { Field: 'readOnly', NotEquals: ['true'] },
          ],
        },
      ],
    });
    expect(managementEventCoverage(fixture.item)).toEqual({
      readWriteType: 'WriteOnly',
      exclusions: [],
      source: 'AdvancedEventSelectors',
    });
  });
});

describe('read/write types and log group ARNs', () => {
  it.each([
    ['ALL', 'All'],
    ['readonly', 'ReadOnly'],
    [' WriteOnly ', 'WriteOnly'],
    ['Both', undefined],
    [undefined, undefined],
  ])('parses %j as %s', (value, expected) => {
    expect(parseReadWriteType(value)).toBe(expected);
  });

  it('lets All cover ReadOnly but not the other way round', () => {
    expect(readWriteTypeCovers('All', 'ReadOnly')).toBe(true);
    expect(readWriteTypeCovers('ReadOnly', 'All')).toBe(false);
    expect(readWriteTypeCovers('WriteOnly', 'ReadOnly')).toBe(false);
  });

  it('strips the :* suffix CloudTrail puts on log group ARNs', () => {
    expect(normalizeLogGroupArn('arn:aws:logs:us-east-1:123456789012:log-group:trail:*')).toBe(
      'arn:aws:logs:us-east-1:123456789012:log-group:trail',
    );
  });
});
