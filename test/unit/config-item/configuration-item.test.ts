import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDeleted, normalizeConfigurationItem } from '#shared/config-item/configuration-item';
import { InvalidConfigurationItemError } from '#shared/config-item/errors';

const CAPTURE_TIME = '2026-11-20T09:14:02.000Z';
const CAPTURE_EPOCH_SECONDS = Date.parse(CAPTURE_TIME) / 1000;

const configuration = {
  groupId: 'sg-0a1b2c3d4e5f60718',
  groupName: 'web',
  vpcId: 'vpc-0f1e2d3c4b5a69788',
  ipPermissions: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, ipRanges: ['0.0.0.0/0'] }],
};
const supplementaryConfiguration = { PublicAccessBlockConfiguration: { blockPublicAcls: true } };

/** The item as AWS Config writes it to a snapshot file in S3. */
const snapshotShaped = {
  relatedEvents: [],
  relationships: [
    { resourceId: 'vpc-0f1e2d3c4b5a69788', resourceType: 'AWS::EC2::VPC', name: 'Is contained in Vpc' },
  ],
  configuration,
  supplementaryConfiguration,
  tags: { team: 'payments', 'cost-center': '4120' },
  configurationItemVersion: '1.3',
  configurationItemCaptureTime: CAPTURE_TIME,
  configurationStateId: 1763629642000,
  awsAccountId: '123456789012',
  configurationItemStatus: 'OK',
  resourceType: 'AWS::EC2::SecurityGroup',
  resourceId: 'sg-0a1b2c3d4e5f60718',
  resourceName: 'web',
  ARN: 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-0a1b2c3d4e5f60718',
  awsRegion: 'us-east-1',
  availabilityZone: 'Not Applicable',
  configurationStateMd5Hash: '',
};

/** The same item as GetResourceConfigHistory returns it (CLI JSON: epoch seconds, JSON strings). */
const apiShaped = {
  version: '1.3',
  accountId: '123456789012',
  configurationItemCaptureTime: CAPTURE_EPOCH_SECONDS,
  configurationItemStatus: 'OK',
  configurationStateId: '1763629642000',
  configurationItemMD5Hash: '',
  arn: 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-0a1b2c3d4e5f60718',
  resourceType: 'AWS::EC2::SecurityGroup',
  resourceId: 'sg-0a1b2c3d4e5f60718',
  resourceName: 'web',
  awsRegion: 'us-east-1',
  availabilityZone: 'Not Applicable',
  tags: { team: 'payments', 'cost-center': '4120' },
  relatedEvents: [],
  relationships: [
    {
      resourceType: 'AWS::EC2::VPC',
      resourceId: 'vpc-0f1e2d3c4b5a69788',
      relationshipName: 'Is contained in Vpc',
    },
  ],
  configuration: JSON.stringify(configuration),
  supplementaryConfiguration: {
    PublicAccessBlockConfiguration: JSON.stringify(supplementaryConfiguration.PublicAccessBlockConfiguration),
  },
};

/** The item inside a Config change notification (EventBridge detail / custom-rule invokingEvent). */
const notificationShaped = {
  ...snapshotShaped,
  configurationItemDiff: null,
  resourceCreationTime: '2024-03-01T10:00:00.000Z',
};

const expected = {
  accountId: '123456789012',
  region: 'us-east-1',
  resourceType: 'AWS::EC2::SecurityGroup',
  resourceId: 'sg-0a1b2c3d4e5f60718',
  resourceName: 'web',
  arn: 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-0a1b2c3d4e5f60718',
  captureTime: CAPTURE_TIME,
  status: 'OK',
  configuration,
  supplementaryConfiguration,
  tags: { team: 'payments', 'cost-center': '4120' },
  relationships: [
    {
      name: 'Is contained in Vpc',
      resourceType: 'AWS::EC2::VPC',
      resourceId: 'vpc-0f1e2d3c4b5a69788',
      resourceName: undefined,
    },
  ],
};

function errorOf(raw: unknown): InvalidConfigurationItemError {
  try {
    normalizeConfigurationItem(raw);
  } catch (error) {
    if (error instanceof InvalidConfigurationItemError) return error;
    throw error;
  }
  throw new Error('expected normalizeConfigurationItem to throw');
}

describe('normalizeConfigurationItem', () => {
  it.each([
    ['snapshot file', snapshotShaped],
    ['Config API (JSON strings, epoch seconds, relationshipName)', apiShaped],
    ['change notification', notificationShaped],
  ])('normalizes the %s shape to the common item', (_shape, raw) => {
    expect(normalizeConfigurationItem(raw)).toEqual(expected);
  });

  it('gives the three shapes exactly equal items', () => {
    const [snapshot, api, notification] = [snapshotShaped, apiShaped, notificationShaped].map(
      normalizeConfigurationItem,
    );
    expect(api).toStrictEqual(snapshot);
    expect(notification).toStrictEqual(snapshot);
  });

  it.each([
    ['an ISO string', CAPTURE_TIME],
    ['epoch seconds (CLI JSON)', CAPTURE_EPOCH_SECONDS],
    ['a Date (SDK v3)', new Date(CAPTURE_TIME)],
    ['an ISO string with an offset', '2026-11-20T10:14:02+01:00'],
  ])('reads a capture time given as %s', (_label, configurationItemCaptureTime) => {
    const item = normalizeConfigurationItem({ ...apiShaped, configurationItemCaptureTime });
    expect(item.captureTime).toBe(CAPTURE_TIME);
  });

  it('keeps a supplementary value that is not JSON as the plain string', () => {
    const item = normalizeConfigurationItem({
      ...apiShaped,
      supplementaryConfiguration: { IsRequesterPays: 'false', Note: 'plain text' },
    });
    expect(item.supplementaryConfiguration).toEqual({ IsRequesterPays: false, Note: 'plain text' });
  });

  it('reads tags given as a list of key/value pairs and stringifies values', () => {
    const item = normalizeConfigurationItem({
      ...snapshotShaped,
      tags: [
        { key: 'env', value: 'prod' },
        { key: 'tier', value: 2 },
        { key: 'empty', value: null },
      ],
    });
    expect(item.tags).toEqual({ env: 'prod', tier: '2', empty: '' });
  });

  it('defaults absent optional parts to empty values', () => {
    const {
      tags: _tags,
      relationships: _relationships,
      supplementaryConfiguration: _supplementary,
      ARN: _arn,
      resourceName: _name,
      ...bare
    } = snapshotShaped;
    const item = normalizeConfigurationItem(bare);
    expect(item.tags).toEqual({});
    expect(item.relationships).toEqual([]);
    expect(item.supplementaryConfiguration).toEqual({});
    expect(item.arn).toBeUndefined();
    expect(item.resourceName).toBeUndefined();
  });

  it.each([
    [
      'ResourceDeleted',
      { ...snapshotShaped, configurationItemStatus: 'ResourceDeleted', configuration: null },
    ],
    [
      'ResourceDeletedNotRecorded',
      { ...snapshotShaped, configurationItemStatus: 'ResourceDeletedNotRecorded', configuration: null },
    ],
    [
      'ResourceDeleted (API, "null")',
      { ...apiShaped, configurationItemStatus: 'ResourceDeleted', configuration: 'null' },
    ],
    [
      'ResourceNotRecorded (API, "")',
      { ...apiShaped, configurationItemStatus: 'ResourceNotRecorded', configuration: '' },
    ],
  ])('reads a %s item with null configuration as deleted', (status, raw) => {
    const item = normalizeConfigurationItem(raw);
    expect(item.status).toBe(status.split(' ')[0]);
    expect(item.configuration).toBeNull();
    expect(isDeleted(item)).toBe(true);
  });

  it.each([['OK'], ['ResourceDiscovered']])('treats status %s as a live resource', (status) => {
    expect(
      isDeleted(normalizeConfigurationItem({ ...snapshotShaped, configurationItemStatus: status })),
    ).toBe(false);
  });

  it.each([
    ['a missing resourceId', { ...snapshotShaped, resourceId: undefined }, 'resourceId'],
    ['an empty resourceType', { ...snapshotShaped, resourceType: '' }, 'resourceType'],
    ['an unknown status', { ...snapshotShaped, configurationItemStatus: 'Gone' }, 'configurationItemStatus'],
    [
      'a bad timestamp',
      { ...snapshotShaped, configurationItemCaptureTime: 'yesterday' },
      'configurationItemCaptureTime',
    ],
    ['a missing region', { ...apiShaped, awsRegion: undefined }, 'awsRegion'],
    ['configuration that is not JSON', { ...apiShaped, configuration: '{"groupId":' }, 'configuration'],
    ['configuration that is a JSON array', { ...apiShaped, configuration: '[1,2]' }, 'configuration'],
    ['a missing account id', { ...snapshotShaped, awsAccountId: undefined }, 'awsAccountId'],
    ['relationships that are not a list', { ...snapshotShaped, relationships: 'none' }, 'relationships'],
  ])('rejects an item with %s, naming the field', (_label, raw, field) => {
    const error = errorOf(raw);
    expect(error.name).toBe('InvalidConfigurationItemError');
    expect(error.message).toContain(field);
  });

  it('names the resource in the error when it can', () => {
    expect(errorOf({ ...snapshotShaped, awsRegion: 42 }).message).toMatch(
      /^invalid AWS::EC2::SecurityGroup sg-0a1b2c3d4e5f60718: awsRegion/,
    );
  });

  it.each([[null], ['text'], [42], [[snapshotShaped]]])('rejects %j as not an object', (raw) => {
    expect(errorOf(raw).message).toBe('configuration item is not an object');
  });

  it('never throws anything but InvalidConfigurationItemError on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        try {
          normalizeConfigurationItem(raw);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidConfigurationItemError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws anything but InvalidConfigurationItemError on items with fields replaced by arbitrary values', () => {
    const keys = [...new Set([...Object.keys(snapshotShaped), ...Object.keys(apiShaped)])];
    const base = fc.constantFrom<Record<string, unknown>>(snapshotShaped, apiShaped);
    const patch = fc.dictionary(
      fc.constantFrom(...keys),
      fc.oneof(fc.jsonValue(), fc.date({ noInvalidDate: false })),
    );
    fc.assert(
      fc.property(base, patch, (item, replaced) => {
        try {
          const normalized = normalizeConfigurationItem({ ...item, ...replaced });
          // What does come out must be the normalized shape.
          expect(typeof normalized.resourceId).toBe('string');
          expect(Number.isNaN(Date.parse(normalized.captureTime))).toBe(false);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidConfigurationItemError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
