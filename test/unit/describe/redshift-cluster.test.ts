import {
  type Cluster,
  DescribeClusterParametersCommand,
  DescribeClustersCommand,
  DescribeLoggingStatusCommand,
  RedshiftClient,
} from '@aws-sdk/client-redshift';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { ResourceRef } from '#shared/describe/describer';
import {
  describeRedshiftCluster,
  listRedshiftClusters,
  MAX_PARAMETER_PAGES,
} from '#shared/describe/redshift-cluster/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { REQUIRE_SSL_KEY } from '#shared/resources/redshift';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { redshiftRules } from '#shared/rules/redshift/index';
import { loadFixture } from '#test/support/fixtures';

const ACCOUNT = '123456789012';
const CAPTURE = '2026-11-23T09:30:00.000Z';
const TYPE = 'AWS::Redshift::Cluster';
const redshift = mockClient(RedshiftClient);
const engine = new RuleEngine(redshiftRules);

const ref = (lookupId: string): ResourceRef => ({
  accountId: ACCOUNT,
  region: 'us-east-1',
  resourceType: TYPE,
  lookupId,
  captureTime: CAPTURE,
});

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

/** DescribeClusters' answer for the `private-encrypted-logged` fixture's cluster. */
const FINANCE: Cluster = {
  ClusterIdentifier: 'finance-warehouse',
  NodeType: 'ra3.xlplus',
  ClusterStatus: 'available',
  MasterUsername: 'warehouse_admin',
  DBName: 'finance',
  Endpoint: { Address: 'finance-warehouse.c7xk2pdl9qzm.us-east-1.redshift.amazonaws.com', Port: 5439 },
  ClusterCreateTime: new Date('2025-03-04T10:21:55.108Z'),
  AutomatedSnapshotRetentionPeriod: 7,
  VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-06d2e4a1b7c39f580', Status: 'active' }],
  ClusterParameterGroups: [{ ParameterGroupName: 'finance-tls-only', ParameterApplyStatus: 'in-sync' }],
  VpcId: 'vpc-0a3f6c2e81d47b915',
  PreferredMaintenanceWindow: 'sun:05:00-sun:05:30',
  AllowVersionUpgrade: true,
  NumberOfNodes: 2,
  PubliclyAccessible: false,
  Encrypted: true,
  KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/5b2d7e1c-8a43-4f96-b0c1-2e7d9a6f3b84',
  EnhancedVpcRouting: true,
  Tags: [
    { Key: 'team', Value: 'finance-data' },
    { Key: 'environment', Value: 'production' },
  ],
};

const verdicts = (item: Parameters<RuleEngine['evaluate']>[0]) =>
  Object.fromEntries(
    engine
      .evaluate(item, { now: new Date(CAPTURE), inventory: EMPTY_INVENTORY })
      .map((evaluation) => [evaluation.ruleId, evaluation.compliance]),
  );

describe('describeRedshiftCluster', () => {
  beforeEach(() => {
    redshift.reset();
    redshift
      .on(DescribeClustersCommand, { ClusterIdentifier: 'finance-warehouse' })
      .resolves({ Clusters: [FINANCE] });
    redshift.on(DescribeLoggingStatusCommand).resolves({
      LoggingEnabled: true,
      LogDestinationType: 'cloudwatch',
      LogExports: ['connectionlog', 'useractivitylog', 'userlog'],
    });
    redshift.on(DescribeClusterParametersCommand).resolves({
      Parameters: [
        { ParameterName: 'enable_user_activity_logging', ParameterValue: 'true' },
        { ParameterName: 'require_ssl', ParameterValue: 'true' },
      ],
    });
  });

  it("builds Config's lower-camel item with logging status and require_ssl, judged like the fixture", async () => {
    const fixture = loadFixture(TYPE, 'private-encrypted-logged');
    const item = await describeRedshiftCluster(new RedshiftClient({}), ref('finance-warehouse'));
    expect(item).toMatchObject({
      resourceId: 'finance-warehouse',
      resourceName: 'finance-warehouse',
      arn: fixture.item.arn,
      tags: fixture.item.tags,
      status: 'OK',
    });
    expect(item.configuration).toMatchObject({
      clusterIdentifier: 'finance-warehouse',
      publiclyAccessible: false,
      encrypted: true,
      kmsKeyId: FINANCE.KmsKeyId,
      enhancedVpcRouting: true,
      automatedSnapshotRetentionPeriod: 7,
      allowVersionUpgrade: true,
      dBName: 'finance',
      clusterParameterGroups: [{ parameterGroupName: 'finance-tls-only', parameterApplyStatus: 'in-sync' }],
      clusterCreateTime: '2025-03-04T10:21:55.108Z',
    });
    expect(item.supplementaryConfiguration).toEqual({
      LoggingStatus: {
        loggingEnabled: true,
        logDestinationType: 'cloudwatch',
        logExports: ['connectionlog', 'useractivitylog', 'userlog'],
      },
      [REQUIRE_SSL_KEY]: { parameterGroupName: 'finance-tls-only', value: 'true' },
    });
    expect(verdicts(item)).toEqual(verdicts(fixture.item));
    expect(Object.values(verdicts(item)).every((compliance) => compliance === 'COMPLIANT')).toBe(true);
    expect(redshift.commandCalls(DescribeClusterParametersCommand)[0]?.args[0].input).toMatchObject({
      ParameterGroupName: 'finance-tls-only',
    });
  });

  it('leaves logging and require_ssl out when they may not be read, and the rules needing them give no verdict', async () => {
    redshift.on(DescribeLoggingStatusCommand).rejects(awsError('AccessDenied'));
    redshift.on(DescribeClusterParametersCommand).rejects(awsError('AccessDenied'));
    const item = await describeRedshiftCluster(new RedshiftClient({}), ref('finance-warehouse'));
    expect(item.supplementaryConfiguration).toEqual({});
    const result = verdicts(item);
    expect(result['redshift-require-tls-ssl']).toBe('NOT_APPLICABLE');
    expect(result['redshift-cluster-configuration-check']).toBe('NOT_APPLICABLE');
    expect(result['redshift-cluster-public-access-check']).toBe('COMPLIANT');
  });

  it('leaves require_ssl out when the parameter group is gone', async () => {
    redshift.on(DescribeClusterParametersCommand).rejects(awsError('ClusterParameterGroupNotFoundFault'));
    const item = await describeRedshiftCluster(new RedshiftClient({}), ref('finance-warehouse'));
    expect(item.supplementaryConfiguration).not.toHaveProperty(REQUIRE_SSL_KEY);
  });

  it(`reads at most ${MAX_PARAMETER_PAGES} pages of parameters looking for require_ssl`, async () => {
    redshift.on(DescribeClusterParametersCommand).resolves({
      Parameters: [{ ParameterName: 'datestyle', ParameterValue: 'ISO, MDY' }],
      Marker: 'more',
    });
    const item = await describeRedshiftCluster(new RedshiftClient({}), ref('finance-warehouse'));
    expect(redshift.commandCalls(DescribeClusterParametersCommand)).toHaveLength(MAX_PARAMETER_PAGES);
    expect(item.supplementaryConfiguration).not.toHaveProperty(REQUIRE_SSL_KEY);
  });

  it('follows the marker to a later page', async () => {
    redshift
      .on(DescribeClusterParametersCommand)
      .resolvesOnce({
        Parameters: [{ ParameterName: 'datestyle', ParameterValue: 'ISO, MDY' }],
        Marker: 'p2',
      })
      .resolvesOnce({ Parameters: [{ ParameterName: 'require_ssl', ParameterValue: 'false' }] });
    const item = await describeRedshiftCluster(new RedshiftClient({}), ref('finance-warehouse'));
    expect(redshift.commandCalls(DescribeClusterParametersCommand)[1]?.args[0].input).toMatchObject({
      Marker: 'p2',
    });
    expect(item.supplementaryConfiguration[REQUIRE_SSL_KEY]).toEqual({
      parameterGroupName: 'finance-tls-only',
      value: 'false',
    });
    expect(verdicts(item)['redshift-require-tls-ssl']).toBe('NON_COMPLIANT');
  });

  it('a public, unencrypted cluster fails the rules the matching fixture fails', async () => {
    const { KmsKeyId: _key, ...rest } = FINANCE;
    redshift.on(DescribeClustersCommand).resolves({
      Clusters: [
        {
          ...rest,
          PubliclyAccessible: true,
          Encrypted: false,
          EnhancedVpcRouting: false,
          AutomatedSnapshotRetentionPeriod: 0,
          AllowVersionUpgrade: false,
          ClusterParameterGroups: [{ ParameterGroupName: 'default.redshift-1.0' }],
        },
      ],
    });
    redshift.on(DescribeLoggingStatusCommand).resolves({ LoggingEnabled: false });
    redshift.on(DescribeClusterParametersCommand).resolves({
      Parameters: [{ ParameterName: 'require_ssl', ParameterValue: 'false' }],
    });
    const item = await describeRedshiftCluster(new RedshiftClient({}), ref('finance-warehouse'));
    expect(verdicts(item)).toEqual(verdicts(loadFixture(TYPE, 'public-unencrypted-no-logs').item));
  });

  it('fails the describe on an unexpected logging-status error (worth a retry)', async () => {
    redshift.on(DescribeLoggingStatusCommand).rejects(awsError('InternalFailure'));
    await expect(describeRedshiftCluster(new RedshiftClient({}), ref('finance-warehouse'))).rejects.toThrow(
      'InternalFailure',
    );
  });

  it.each<[string | undefined, string | undefined]>([
    ['ClusterNotFoundFault', undefined],
    [undefined, 'deleting'],
  ])('a cluster that is gone (%s / %s) is deleted, looked up by ARN too', async (error, status) => {
    if (error !== undefined) redshift.on(DescribeClustersCommand).rejects(awsError(error));
    else redshift.on(DescribeClustersCommand).resolves({ Clusters: [{ ...FINANCE, ClusterStatus: status }] });
    const item = await describeRedshiftCluster(
      new RedshiftClient({}),
      ref('arn:aws:redshift:us-east-1:123456789012:cluster:finance-warehouse'),
    );
    expect(item).toMatchObject({ status: 'ResourceDeleted', resourceId: 'finance-warehouse' });
  });

  it('lists every cluster across pages, skipping ones being deleted', async () => {
    redshift
      .on(DescribeClustersCommand)
      .resolvesOnce({
        Clusters: [
          { ...FINANCE, ClusterIdentifier: 'a' },
          { ...FINANCE, ClusterIdentifier: 'b', ClusterStatus: 'deleting' },
        ],
        Marker: 'm',
      })
      .resolvesOnce({ Clusters: [{ ...FINANCE, ClusterIdentifier: 'c' }] });
    const refs = await listRedshiftClusters(new RedshiftClient({}), {
      accountId: ACCOUNT,
      region: 'us-east-1',
      captureTime: CAPTURE,
    });
    expect(refs.map((entry) => entry.lookupId)).toEqual(['a', 'c']);
  });
});

function record(
  eventName: string,
  requestParameters: unknown,
  responseElements: unknown = null,
): CloudTrailRecord {
  return {
    eventID: '7d3c2b1a-0f9e-4d8c-b7a6-5e4d3c2b1a09',
    eventTime: '2026-11-23T09:30:00Z',
    eventSource: 'redshift.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    requestParameters: requestParameters as CloudTrailRecord['requestParameters'],
    responseElements: responseElements as CloudTrailRecord['responseElements'],
  };
}

const refsOf = (entry: CloudTrailRecord) =>
  refsFromCloudTrail(entry, ACCOUNT).map((touched) => [touched.resourceType, touched.lookupId]);

describe('CloudTrail mapping of Redshift calls', () => {
  it.each([
    ['CreateCluster', { clusterIdentifier: 'c1', nodeType: 'ra3.xlplus', masterUsername: 'admin' }],
    ['ModifyCluster', { clusterIdentifier: 'c1', publiclyAccessible: false }],
    ['DeleteCluster', { clusterIdentifier: 'c1', skipFinalClusterSnapshot: true }],
    ['RestoreFromClusterSnapshot', { clusterIdentifier: 'c1', snapshotIdentifier: 's1' }],
    ['ModifyClusterMaintenance', { clusterIdentifier: 'c1', deferMaintenance: false }],
    ['EnableLogging', { clusterIdentifier: 'c1', logDestinationType: 'cloudwatch' }],
    ['DisableLogging', { clusterIdentifier: 'c1' }],
    ['ResizeCluster', { clusterIdentifier: 'c1', numberOfNodes: 4 }],
  ])('%s describes the cluster it names', (name, request) => {
    expect(refsOf(record(name, request))).toEqual([[TYPE, 'c1']]);
  });

  it('a rename describes the old identifier (now gone) and the new one', () => {
    expect(
      refsOf(record('ModifyCluster', { clusterIdentifier: 'old', newClusterIdentifier: 'new' })),
    ).toEqual([
      [TYPE, 'old'],
      [TYPE, 'new'],
    ]);
  });

  it('tag calls describe clusters only, not snapshots or parameter groups', () => {
    expect(
      refsOf(
        record('CreateTags', {
          resourceName: 'arn:aws:redshift:us-east-1:123456789012:cluster:c1',
          tags: [],
        }),
      ),
    ).toEqual([[TYPE, 'c1']]);
    expect(
      refsOf(
        record('DeleteTags', {
          resourceName: 'arn:aws:redshift:us-east-1:123456789012:snapshot:c1/s1',
          tagKeys: [],
        }),
      ),
    ).toEqual([]);
    expect(
      refsOf(
        record('CreateTags', {
          resourceName: 'arn:aws:redshift:us-east-1:123456789012:parametergroup:pg',
          tags: [],
        }),
      ),
    ).toEqual([]);
  });
});
