import {
  type AuthenticationMode,
  type Cluster,
  DescribeClusterCommand,
  EKSClient,
  ListClustersCommand,
  type LogType,
  type SupportType,
} from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import { describeEksCluster, listEksClusters } from '#shared/describe/eks-cluster/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { EKS_LOG_TYPES, type EksClusterConfiguration } from '#shared/resources/eks';
import { createInventory } from '#shared/rules/inventory';
import { RULES } from '#shared/rules/registry';
import { evaluateFixture, loadFixture } from '#test/support/fixtures';

const ACCOUNT = '123456789012';
const TYPE = 'AWS::EKS::Cluster';
const FIXTURES = [
  'private-encrypted-all-logs',
  'public-open-unencrypted-no-logs',
  'public-restricted-audit-only',
];

/**
 * DescribeCluster's answer (API shape) for the cluster a Config fixture records (CloudFormation shape):
 * `logging.clusterLogging` lists the enabled and the disabled types, as EKS does.
 */
function apiClusterOf(recorded: Record<string, unknown>, tags: Readonly<Record<string, string>>): Cluster {
  const config = recorded as EksClusterConfiguration & Record<string, unknown>;
  const vpc = config.ResourcesVpcConfig as Record<string, unknown> | undefined;
  const enabled = (config.Logging?.ClusterLogging?.EnabledTypes ?? []).flatMap((entry) => entry.Type ?? []);
  const disabled = EKS_LOG_TYPES.filter((type) => !enabled.includes(type));
  const network = config.KubernetesNetworkConfig as Record<string, string> | undefined;
  return {
    name: config.Name,
    arn: config.Arn as string,
    createdAt: new Date('2025-08-12T13:30:05.417Z'),
    version: config.Version,
    endpoint: config.Endpoint as string,
    roleArn: config.RoleArn as string,
    resourcesVpcConfig: {
      subnetIds: vpc?.SubnetIds as string[],
      securityGroupIds: vpc?.SecurityGroupIds as string[],
      clusterSecurityGroupId: config.ClusterSecurityGroupId as string,
      vpcId: 'vpc-0f1e2d3c4b5a69788',
      endpointPublicAccess: vpc?.EndpointPublicAccess as boolean,
      endpointPrivateAccess: vpc?.EndpointPrivateAccess as boolean,
      ...(vpc?.PublicAccessCidrs === undefined
        ? {}
        : { publicAccessCidrs: vpc.PublicAccessCidrs as string[] }),
    },
    kubernetesNetworkConfig: { serviceIpv4Cidr: network?.ServiceIpv4Cidr, ipFamily: 'ipv4' },
    logging: {
      clusterLogging: [
        ...(enabled.length === 0 ? [] : [{ types: enabled as LogType[], enabled: true }]),
        ...(disabled.length === 0 ? [] : [{ types: disabled as LogType[], enabled: false }]),
      ],
    },
    identity: { oidc: { issuer: config.OpenIdConnectIssuerUrl as string } },
    status: 'ACTIVE',
    certificateAuthority: { data: config.CertificateAuthorityData as string },
    platformVersion: 'eks.12',
    tags: { ...tags },
    encryptionConfig: (config.EncryptionConfig ?? []).map((entry) => ({
      resources: entry.Resources as string[],
      provider: { keyArn: entry.Provider?.KeyArn },
    })),
    accessConfig: {
      authenticationMode: (config.AccessConfig as { AuthenticationMode: AuthenticationMode })
        .AuthenticationMode,
    },
    upgradePolicy: { supportType: (config.UpgradePolicy as { SupportType: SupportType }).SupportType },
  };
}

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

function record(eventName: string, requestParameters: Record<string, unknown> | null): CloudTrailRecord {
  return {
    eventID: 'f1f0c7a2-4c1e-4a55-9d8e-1f0e2d3c4b5a',
    eventTime: '2026-11-23T09:30:00Z',
    eventSource: 'eks.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    requestParameters,
    responseElements: null,
  };
}

describe('describeEksCluster', () => {
  const eks = mockClient(EKSClient);
  const client = () => new EKSClient({ region: 'us-east-1' });
  const ref = (lookupId: string) => ({
    accountId: ACCOUNT,
    region: 'us-east-1',
    resourceType: TYPE,
    lookupId,
    captureTime: '2026-11-23T09:30:00.000Z',
  });

  beforeEach(() => eks.reset());

  it.each(FIXTURES.map((name) => [name]))(
    'records the cluster of %s in the CloudFormation shape Config records, and reaches its verdicts',
    async (name) => {
      const fixture = loadFixture(TYPE, name);
      eks
        .on(DescribeClusterCommand)
        .resolves({ cluster: apiClusterOf(fixture.item.configuration ?? {}, fixture.item.tags) });
      const item = await describeEksCluster(client(), ref(fixture.item.resourceId));
      expect(item).toMatchObject({
        resourceId: fixture.item.resourceId,
        resourceName: fixture.item.resourceName,
        arn: fixture.item.arn,
        status: 'OK',
        tags: fixture.item.tags,
      });
      expect(item.configuration).toEqual(fixture.item.configuration);
      const rules = RULES.filter((rule) => rule.resourceTypes.includes(TYPE));
      expect(rules.length).toBeGreaterThanOrEqual(5);
      for (const rule of rules) {
        const described = evaluateFixture(rule, { name, item, inventory: createInventory([item]) });
        expect(described.compliance, rule.id).toBe(evaluateFixture(rule, fixture).compliance);
      }
    },
  );

  it('leaves out what DescribeCluster does not return, rather than guessing it', async () => {
    eks
      .on(DescribeClusterCommand)
      .resolves({ cluster: { name: 'bare', arn: 'arn:aws:eks:us-east-1:1:cluster/bare' } });
    expect((await describeEksCluster(client(), ref('bare'))).configuration).toEqual({
      Name: 'bare',
      Arn: 'arn:aws:eks:us-east-1:1:cluster/bare',
    });
  });

  it('a cluster that is gone is deleted; any other error fails the describe', async () => {
    eks.on(DescribeClusterCommand).rejects(awsError('ResourceNotFoundException'));
    expect(await describeEksCluster(client(), ref('gone'))).toMatchObject({
      status: 'ResourceDeleted',
      resourceId: 'gone',
    });
    eks.on(DescribeClusterCommand).rejects(awsError('AccessDeniedException'));
    await expect(describeEksCluster(client(), ref('gone'))).rejects.toThrow('AccessDeniedException');
  });

  it('lists every cluster across pages', async () => {
    eks
      .on(ListClustersCommand)
      .resolvesOnce({ clusters: ['a'], nextToken: 'n' })
      .resolvesOnce({ clusters: ['b'] });
    const refs = await listEksClusters(client(), {
      accountId: ACCOUNT,
      region: 'us-east-1',
      captureTime: '',
    });
    expect(refs.map((entry) => [entry.resourceType, entry.lookupId])).toEqual([
      [TYPE, 'a'],
      [TYPE, 'b'],
    ]);
  });
});

describe('CloudTrail mapping of EKS calls', () => {
  const touched = (entry: CloudTrailRecord) =>
    refsFromCloudTrail(entry, ACCOUNT).map((found) => [found.resourceType, found.lookupId]);
  const clusterArn = `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/payments-prod`;

  it.each([
    ['CreateCluster', { name: 'payments-prod', version: '1.33', roleArn: 'r', resourcesVpcConfig: {} }],
    ['UpdateClusterConfig', { name: 'payments-prod', resourcesVpcConfig: { endpointPublicAccess: false } }],
    ['UpdateClusterVersion', { name: 'payments-prod', version: '1.34' }],
    [
      'AssociateEncryptionConfig',
      {
        clusterName: 'payments-prod',
        encryptionConfig: [{ resources: ['secrets'], provider: { keyArn: 'k' } }],
      },
    ],
    ['DeleteCluster', { name: 'payments-prod' }],
    ['TagResource', { resourceArn: clusterArn, tags: { team: 'platform' } }],
    ['UntagResource', { resourceArn: clusterArn, tagKeys: ['team'] }],
  ])('%s re-describes the cluster', (eventName, request) => {
    expect(touched(record(eventName, request))).toEqual([[TYPE, 'payments-prod']]);
  });

  it('a tag call on a node group touches no cluster', () => {
    const nodegroup = `arn:aws:eks:us-east-1:${ACCOUNT}:nodegroup/payments-prod/workers/1a2b3c4d`;
    expect(touched(record('TagResource', { resourceArn: nodegroup, tags: {} }))).toEqual([]);
  });
});
