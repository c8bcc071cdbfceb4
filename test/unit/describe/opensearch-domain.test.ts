import {
  DescribeDomainCommand,
  type DomainStatus,
  ListDomainNamesCommand,
  ListTagsCommand,
  OpenSearchClient,
} from '@aws-sdk/client-opensearch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { ResourceRef } from '#shared/describe/describer';
import { describeOpenSearchDomain, listOpenSearchDomains } from '#shared/describe/opensearch-domain/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { opensearchRules } from '#shared/rules/opensearch/index';
import { loadFixture } from '#test/support/fixtures';

const ACCOUNT = '123456789012';
const CAPTURE = '2026-11-23T09:30:00.000Z';
const TYPE = 'AWS::OpenSearch::Domain';
const ARN = 'arn:aws:es:us-east-1:123456789012:domain/orders-search';
const opensearch = mockClient(OpenSearchClient);
const engine = new RuleEngine(opensearchRules);

const ref = (lookupId: string, resourceId?: string): ResourceRef => ({
  accountId: ACCOUNT,
  region: 'us-east-1',
  resourceType: TYPE,
  lookupId,
  ...(resourceId === undefined ? {} : { resourceId }),
  captureTime: CAPTURE,
});

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

/** DescribeDomain's answer for the `vpc-encrypted-fgac-audit` fixture's domain. */
const ORDERS: DomainStatus = {
  DomainId: '123456789012/orders-search',
  DomainName: 'orders-search',
  ARN,
  Created: true,
  Deleted: false,
  Endpoints: { vpc: 'vpc-orders-search-4k2x7p.us-east-1.es.amazonaws.com' },
  Processing: false,
  EngineVersion: 'OpenSearch_2.13',
  ClusterConfig: {
    InstanceType: 'r6g.large.search',
    InstanceCount: 3,
    DedicatedMasterEnabled: true,
    ZoneAwarenessEnabled: true,
    WarmEnabled: false,
  },
  EBSOptions: { EBSEnabled: true, VolumeType: 'gp3', VolumeSize: 200, Iops: 3000, Throughput: 125 },
  AccessPolicies: '{"Version":"2012-10-17","Statement":[]}',
  SnapshotOptions: { AutomatedSnapshotStartHour: 0 },
  VPCOptions: {
    VPCId: 'vpc-0a3f6c2e81d47b915',
    SubnetIds: ['subnet-03b1c9e7a4d2f6058', 'subnet-0c8d2a6f1e9b47d35'],
    AvailabilityZones: ['us-east-1a', 'us-east-1b'],
    SecurityGroupIds: ['sg-0f2a7c4e9d1b3a685'],
  },
  CognitoOptions: { Enabled: false },
  EncryptionAtRestOptions: {
    Enabled: true,
    KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/9c3e1b7d-5a28-4f60-8d4b-e2a71f9c0d36',
  },
  NodeToNodeEncryptionOptions: { Enabled: true },
  DomainEndpointOptions: {
    EnforceHTTPS: true,
    TLSSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10',
    CustomEndpointEnabled: false,
  },
  AdvancedSecurityOptions: { Enabled: true, InternalUserDatabaseEnabled: false, AnonymousAuthEnabled: false },
  LogPublishingOptions: {
    AUDIT_LOGS: {
      CloudWatchLogsLogGroupArn:
        'arn:aws:logs:us-east-1:123456789012:log-group:/aws/opensearch/orders-search/audit',
      Enabled: true,
    },
    ES_APPLICATION_LOGS: {
      CloudWatchLogsLogGroupArn:
        'arn:aws:logs:us-east-1:123456789012:log-group:/aws/opensearch/orders-search/application',
      Enabled: true,
    },
  },
};

const verdicts = (item: Parameters<RuleEngine['evaluate']>[0]) =>
  Object.fromEntries(
    engine
      .evaluate(item, { now: new Date(CAPTURE), inventory: EMPTY_INVENTORY })
      .map((evaluation) => [evaluation.ruleId, evaluation.compliance]),
  );

describe('describeOpenSearchDomain', () => {
  beforeEach(() => {
    opensearch.reset();
    opensearch.on(DescribeDomainCommand, { DomainName: 'orders-search' }).resolves({ DomainStatus: ORDERS });
    opensearch.on(ListTagsCommand, { ARN }).resolves({
      TagList: [
        { Key: 'team', Value: 'commerce' },
        { Key: 'data-classification', Value: 'confidential' },
      ],
    });
  });

  it('builds the item AWS Config records, in its CloudFormation-like naming', async () => {
    const fixture = loadFixture(TYPE, 'vpc-encrypted-fgac-audit');
    const item = await describeOpenSearchDomain(new OpenSearchClient({}), ref('orders-search'));
    expect(item).toMatchObject({
      resourceId: fixture.item.resourceId,
      resourceName: fixture.item.resourceName,
      arn: fixture.item.arn,
      tags: fixture.item.tags,
      status: 'OK',
    });
    expect(item.configuration).toEqual(fixture.item.configuration);
    expect(Object.values(verdicts(item)).every((compliance) => compliance === 'COMPLIANT')).toBe(true);
  });

  it('a public, unencrypted domain is judged as the matching fixture', async () => {
    const { VPCOptions: _vpc, Endpoints: _endpoints, ...publicDomain } = ORDERS;
    opensearch.on(DescribeDomainCommand).resolves({
      DomainStatus: {
        ...publicDomain,
        Endpoint: 'search-orders-search-abc123.us-east-1.es.amazonaws.com',
        EngineVersion: 'OpenSearch_1.3',
        EncryptionAtRestOptions: { Enabled: false },
        NodeToNodeEncryptionOptions: { Enabled: false },
        DomainEndpointOptions: { EnforceHTTPS: false, TLSSecurityPolicy: 'Policy-Min-TLS-1-0-2019-07' },
        AdvancedSecurityOptions: { Enabled: false, AnonymousAuthEnabled: false },
        LogPublishingOptions: {},
      },
    });
    const item = await describeOpenSearchDomain(new OpenSearchClient({}), ref('orders-search'));
    expect(item.configuration).not.toHaveProperty('VPCOptions');
    expect(item.configuration).not.toHaveProperty('LogPublishingOptions');
    expect(verdicts(item)).toEqual(verdicts(loadFixture(TYPE, 'public-unencrypted-http').item));
  });

  it('leaves VPCOptions out when the domain reports no subnets', async () => {
    opensearch
      .on(DescribeDomainCommand)
      .resolves({ DomainStatus: { ...ORDERS, VPCOptions: { SubnetIds: [] } } });
    const item = await describeOpenSearchDomain(new OpenSearchClient({}), ref('orders-search'));
    expect(item.configuration).not.toHaveProperty('VPCOptions');
    expect(verdicts(item)['opensearch-in-vpc-only']).toBe('NON_COMPLIANT');
  });

  it('records no tags when they may not be read, and fails on other tag errors', async () => {
    opensearch.on(ListTagsCommand).rejects(awsError('AccessDeniedException'));
    const item = await describeOpenSearchDomain(new OpenSearchClient({}), ref(ARN));
    expect(item.tags).toEqual({});
    expect(item.status).toBe('OK');
    opensearch.on(ListTagsCommand).rejects(awsError('InternalException'));
    await expect(describeOpenSearchDomain(new OpenSearchClient({}), ref(ARN))).rejects.toThrow(
      'InternalException',
    );
  });

  it.each([
    ['ResourceNotFoundException', undefined, '123456789012/orders-search'],
    [undefined, true, '123456789012/orders-search'],
  ])('a domain that is gone (%s / deleted %s) is deleted under its domain id', async (error, deleted, id) => {
    if (error !== undefined) opensearch.on(DescribeDomainCommand).rejects(awsError(error));
    else opensearch.on(DescribeDomainCommand).resolves({ DomainStatus: { ...ORDERS, Deleted: deleted } });
    const item = await describeOpenSearchDomain(new OpenSearchClient({}), ref('orders-search'));
    expect(item).toMatchObject({ status: 'ResourceDeleted', resourceId: id });
  });

  it('keeps the resource id an event named for a deleted domain', async () => {
    opensearch.on(DescribeDomainCommand).rejects(awsError('ResourceNotFoundException'));
    const item = await describeOpenSearchDomain(
      new OpenSearchClient({}),
      ref('orders-search', '123456789012/orders-search'),
    );
    expect(item.resourceId).toBe('123456789012/orders-search');
  });

  it('lists every domain name of the region', async () => {
    opensearch.on(ListDomainNamesCommand).resolves({
      DomainNames: [
        { DomainName: 'orders-search', EngineType: 'OpenSearch' },
        { DomainName: 'legacy-logs', EngineType: 'Elasticsearch' },
      ],
    });
    const refs = await listOpenSearchDomains(new OpenSearchClient({}), {
      accountId: ACCOUNT,
      region: 'us-east-1',
      captureTime: CAPTURE,
    });
    expect(refs.map((entry) => entry.lookupId)).toEqual(['orders-search', 'legacy-logs']);
  });
});

function record(
  eventName: string,
  requestParameters: unknown,
  responseElements: unknown = null,
): CloudTrailRecord {
  return {
    eventID: '2c9d8e7f-6a5b-4c3d-9e8f-7a6b5c4d3e2f',
    eventTime: '2026-11-23T09:30:00Z',
    eventSource: 'es.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    requestParameters: requestParameters as CloudTrailRecord['requestParameters'],
    responseElements: responseElements as CloudTrailRecord['responseElements'],
  };
}

const refsOf = (entry: CloudTrailRecord) =>
  refsFromCloudTrail(entry, ACCOUNT).map((touched) => [touched.resourceType, touched.lookupId]);

describe('CloudTrail mapping of OpenSearch Service calls', () => {
  it.each([
    ['CreateDomain', { domainName: 'd1', engineVersion: 'OpenSearch_2.13' }],
    ['UpdateDomainConfig', { domainName: 'd1', nodeToNodeEncryptionOptions: { enabled: true } }],
    ['DeleteDomain', { domainName: 'd1' }],
    ['UpgradeDomain', { domainName: 'd1', targetVersion: 'OpenSearch_2.15' }],
    ['CreateElasticsearchDomain', { domainName: 'd1', elasticsearchVersion: '7.10' }],
    ['UpdateElasticsearchDomainConfig', { domainName: 'd1' }],
    ['DeleteElasticsearchDomain', { domainName: 'd1' }],
  ])('%s describes the domain it names', (name, request) => {
    expect(refsOf(record(name, request))).toEqual([[TYPE, 'd1']]);
  });

  it('tag calls describe the domain of the ARN', () => {
    expect(
      refsOf(record('AddTags', { aRN: 'arn:aws:es:us-east-1:123456789012:domain/d1', tagList: [] })),
    ).toEqual([[TYPE, 'd1']]);
    expect(
      refsOf(record('RemoveTags', { aRN: 'arn:aws:es:us-east-1:123456789012:domain/d1', tagKeys: [] })),
    ).toEqual([[TYPE, 'd1']]);
    expect(refsOf(record('AddTags', { aRN: 'arn:aws:aoss:us-east-1:123456789012:collection/c1' }))).toEqual(
      [],
    );
  });
});
