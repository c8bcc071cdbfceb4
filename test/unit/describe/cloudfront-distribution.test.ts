import {
  CloudFrontClient,
  type Distribution,
  GetDistributionCommand,
  ListDistributionsCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-cloudfront';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { describeDistribution, listDistributions } from '#shared/describe/cloudfront-distribution/describe';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { ResourceRef } from '#shared/describe/describer';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { RULES } from '#shared/rules/registry';
import { planShards } from '#shared/sweep/shard';
import { distributionFixture } from '#test/support/cloudfront';
import { awsError, sdkShapeOf } from './sdk-shape';

const ACCOUNT = '123456789012';
const CAPTURE = '2026-11-22T14:05:31.402Z';
const TYPE = 'AWS::CloudFront::Distribution';
const cloudfront = mockClient(CloudFrontClient);
const engine = new RuleEngine(RULES.filter((rule) => rule.resourceTypes.includes(TYPE)));

const ref = (lookupId: string, region = 'us-east-1'): ResourceRef => ({
  accountId: ACCOUNT,
  region,
  resourceType: TYPE,
  lookupId,
  captureTime: CAPTURE,
});

/**
 * GetDistribution's answer behind a fixture: the fixture's configuration in the SDK's PascalCase, with the
 * acronym-led names the SDK really uses (`ARN`, `ACMCertificateArn`, `SSLSupportMethod`, `IAMCertificateId`,
 * `HTTPPort`, `HTTPSPort`) and the modification time as a Date.
 */
function distributionBehind(name: string): Distribution {
  const configuration = distributionFixture(name).item.configuration as Record<string, unknown>;
  const { Arn, LastModifiedTime, DistributionConfig, ...rest } = sdkShapeOf(configuration) as Record<
    string,
    unknown
  >;
  const config = DistributionConfig as Record<string, unknown>;
  const { AcmCertificateArn, IamCertificateId, SslSupportMethod, ...certificate } =
    config.ViewerCertificate as Record<string, unknown>;
  const origins = config.Origins as { Quantity: number; Items: Record<string, unknown>[] };
  return {
    ...rest,
    ARN: Arn,
    LastModifiedTime: new Date(String(LastModifiedTime)),
    DistributionConfig: {
      ...config,
      Origins: { ...origins, Items: origins.Items.map(sdkOrigin) },
      ViewerCertificate: {
        ...certificate,
        ...(AcmCertificateArn === undefined ? {} : { ACMCertificateArn: AcmCertificateArn }),
        ...(IamCertificateId === undefined ? {} : { IAMCertificateId: IamCertificateId }),
        ...(SslSupportMethod === undefined ? {} : { SSLSupportMethod: SslSupportMethod }),
      },
    },
  } as unknown as Distribution;
}

/** An origin with the SDK's `HTTPPort` / `HTTPSPort` spelling. */
function sdkOrigin(origin: Record<string, unknown>): Record<string, unknown> {
  const custom = origin.CustomOriginConfig as Record<string, unknown> | undefined;
  if (custom === undefined) return origin;
  const { HttpPort, HttpsPort, ...rest } = custom;
  return { ...origin, CustomOriginConfig: { ...rest, HTTPPort: HttpPort, HTTPSPort: HttpsPort } };
}

const verdicts = (item: Parameters<RuleEngine['evaluate']>[0]) =>
  Object.fromEntries(
    engine
      .evaluate(item, { now: new Date(CAPTURE), inventory: EMPTY_INVENTORY })
      .map((result) => [result.ruleId, result.compliance]),
  );

describe('describeDistribution', () => {
  beforeEach(() => {
    cloudfront.reset();
    cloudfront.on(ListTagsForResourceCommand).resolves({ Tags: { Items: [] } });
  });

  it.each(['storefront-hardened', 'legacy-downloads-http', 'docs-preview-default-certificate'])(
    'builds the %s item as AWS Config records it (region global, id the distribution id), judged alike',
    async (name) => {
      const fixture = distributionFixture(name);
      cloudfront
        .on(GetDistributionCommand, { Id: fixture.item.resourceId })
        .resolves({ Distribution: distributionBehind(name), ETag: 'E2ETAG' });
      cloudfront.on(ListTagsForResourceCommand).resolves({
        Tags: { Items: Object.entries(fixture.item.tags).map(([Key, Value]) => ({ Key, Value })) },
      });
      const item = await describeDistribution(new CloudFrontClient({}), ref(fixture.item.resourceId));
      expect(item).toMatchObject({
        region: 'global',
        resourceId: fixture.item.resourceId,
        arn: fixture.item.arn,
        tags: fixture.item.tags,
        status: 'OK',
      });
      expect(item.configuration).toEqual(fixture.item.configuration);
      expect(verdicts(item)).toEqual(verdicts(fixture.item));
      expect(cloudfront.calls()).toHaveLength(2);
    },
  );

  it('spells the certificate keys as Config does, not as a first-letter lower-casing would', async () => {
    cloudfront
      .on(GetDistributionCommand)
      .resolves({ Distribution: distributionBehind('storefront-hardened') });
    const item = await describeDistribution(new CloudFrontClient({}), ref('E2QWRUHAPOMQZL'));
    const certificate = (item.configuration?.distributionConfig as Record<string, unknown>)
      ?.viewerCertificate as Record<string, unknown>;
    expect(Object.keys(certificate)).toEqual(
      expect.arrayContaining(['acmCertificateArn', 'sslSupportMethod', 'minimumProtocolVersion']),
    );
    expect(certificate).not.toHaveProperty('aCMCertificateArn');
    expect(item.configuration).toHaveProperty('arn');
    expect(item.configuration).not.toHaveProperty('aRN');
    const config = item.configuration?.distributionConfig as {
      origins: { items: Record<string, unknown>[] };
    };
    expect(config.origins.items[1]?.customOriginConfig).toMatchObject({ httpPort: 80, httpsPort: 443 });
  });

  it('records a distribution CloudFront no longer knows as deleted, in region global', async () => {
    cloudfront.on(GetDistributionCommand).rejects(awsError('NoSuchDistribution'));
    const item = await describeDistribution(new CloudFrontClient({}), ref('E5GONE3R8W1PZX'));
    expect(item).toMatchObject({ status: 'ResourceDeleted', region: 'global', resourceId: 'E5GONE3R8W1PZX' });
    expect(cloudfront.commandCalls(ListTagsForResourceCommand)).toHaveLength(0);
  });

  it('keeps the item with no tags when the tags may not be read', async () => {
    cloudfront
      .on(GetDistributionCommand)
      .resolves({ Distribution: distributionBehind('storefront-hardened') });
    cloudfront.on(ListTagsForResourceCommand).rejects(awsError('AccessDenied'));
    const item = await describeDistribution(new CloudFrontClient({}), ref('E2QWRUHAPOMQZL'));
    expect(item).toMatchObject({ status: 'OK', tags: {} });
  });

  it('fails the describe on an unexpected error (worth a retry), never a verdict from nothing', async () => {
    cloudfront.on(GetDistributionCommand).rejects(awsError('ServiceUnavailable'));
    await expect(describeDistribution(new CloudFrontClient({}), ref('E2QWRUHAPOMQZL'))).rejects.toThrow(
      'ServiceUnavailable',
    );
  });
});

describe('listDistributions', () => {
  beforeEach(() => cloudfront.reset());

  it('lists every distribution of the account across pages, in region global', async () => {
    cloudfront
      .on(ListDistributionsCommand)
      .resolvesOnce({
        DistributionList: {
          Marker: '',
          MaxItems: 1,
          IsTruncated: true,
          NextMarker: 'E1LEGACY7H2K9Q',
          Quantity: 1,
          Items: [{ Id: 'E2QWRUHAPOMQZL' } as never],
        },
      })
      .resolvesOnce({
        DistributionList: {
          Marker: 'E1LEGACY7H2K9Q',
          MaxItems: 1,
          IsTruncated: false,
          Quantity: 1,
          Items: [{ Id: 'E1LEGACY7H2K9Q' } as never],
        },
      });
    const refs = await listDistributions(new CloudFrontClient({}), {
      accountId: ACCOUNT,
      region: 'eu-west-1',
      captureTime: CAPTURE,
    });
    expect(refs.map((listed) => [listed.lookupId, listed.region, listed.resourceType])).toEqual([
      ['E2QWRUHAPOMQZL', 'global', TYPE],
      ['E1LEGACY7H2K9Q', 'global', TYPE],
    ]);
    expect(cloudfront.commandCalls(ListDistributionsCommand)[1]?.args[0].input).toMatchObject({
      Marker: 'E1LEGACY7H2K9Q',
    });
  });
});

describe('CloudFront CloudTrail triggers', () => {
  const record = (
    eventName: string,
    requestParameters: Record<string, unknown> | null,
    responseElements: Record<string, unknown> | null = null,
  ): CloudTrailRecord =>
    ({
      eventVersion: '1.09',
      eventSource: 'cloudfront.amazonaws.com',
      eventName,
      eventTime: '2026-11-22T14:01:12Z',
      awsRegion: 'us-east-1',
      eventID: `event-${eventName}`,
      recipientAccountId: ACCOUNT,
      readOnly: false,
      userIdentity: { type: 'AssumedRole' },
      requestParameters,
      responseElements,
    }) as CloudTrailRecord;

  it.each([
    [
      'CreateDistribution',
      record('CreateDistribution', { distributionConfig: {} }, { distribution: { id: 'E2QWRUHAPOMQZL' } }),
    ],
    [
      'CreateDistributionWithTags',
      record('CreateDistributionWithTags', {}, { distribution: { id: 'E2QWRUHAPOMQZL' } }),
    ],
    ['UpdateDistribution', record('UpdateDistribution', { id: 'E2QWRUHAPOMQZL', ifMatch: 'E2ETAG' })],
    ['DeleteDistribution', record('DeleteDistribution', { id: 'E2QWRUHAPOMQZL' })],
    [
      'AssociateDistributionWebACL',
      record('AssociateDistributionWebACL', { id: 'E2QWRUHAPOMQZL', webACLArn: 'arn:aws:wafv2:x' }),
    ],
    ['DisassociateDistributionWebACL', record('DisassociateDistributionWebACL', { id: 'E2QWRUHAPOMQZL' })],
    [
      'TagResource',
      record('TagResource', { resource: `arn:aws:cloudfront::${ACCOUNT}:distribution/E2QWRUHAPOMQZL` }),
    ],
  ])('%s re-describes the distribution it names', (_name, event) => {
    expect(refsFromCloudTrail(event, ACCOUNT)).toEqual([
      {
        accountId: ACCOUNT,
        region: 'us-east-1',
        resourceType: TYPE,
        lookupId: 'E2QWRUHAPOMQZL',
        captureTime: '2026-11-22T14:01:12.000Z',
      },
    ]);
  });

  it.each([
    [
      'a streaming distribution',
      record('TagResource', { resource: `arn:aws:cloudfront::${ACCOUNT}:streaming-distribution/EXYZ` }),
    ],
    ['a failed create with no response', record('CreateDistribution', { distributionConfig: {} })],
    ['a cache invalidation', record('CreateInvalidation', { distributionId: 'E2QWRUHAPOMQZL' })],
  ])('ignores %s', (_name, event) => {
    expect(refsFromCloudTrail(event, ACCOUNT)).toEqual([]);
  });
});

describe('CloudFront is global', () => {
  it('is swept once per account, in the home region, however many regions a sweep covers', () => {
    const shards = planShards({
      accounts: [ACCOUNT, '210987654321'],
      regions: ['eu-west-1', 'us-east-1', 'ap-southeast-2'],
      resourceTypes: [TYPE, 'AWS::EFS::FileSystem'],
    });
    expect(shards.filter((shard) => shard.resourceType === TYPE)).toEqual([
      { accountId: ACCOUNT, region: 'eu-west-1', resourceType: TYPE },
      { accountId: '210987654321', region: 'eu-west-1', resourceType: TYPE },
    ]);
    expect(shards.filter((shard) => shard.resourceType === 'AWS::EFS::FileSystem')).toHaveLength(6);
  });
});
