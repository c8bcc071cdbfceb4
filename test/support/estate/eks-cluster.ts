import {
  CreateClusterCommand,
  type CreateClusterCommandInput,
  UpdateClusterConfigCommand,
} from '@aws-sdk/client-eks';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, EnableKeyRotationCommand } from '@aws-sdk/client-kms';
import { EKS_LOG_TYPES } from '#shared/resources/eks';
import type { PairSeeder, SeededPair } from './pair';

const EKS_TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** moto checks neither subnets nor security groups of a cluster; these ids only fill the request. */
const SUBNET_IDS = ['subnet-0aa11bb22cc33dd44', 'subnet-0ee55ff66aa77bb88'];

const TYPE = 'AWS::EKS::Cluster';

/**
 * An EKS cluster on Kubernetes 1.29 with a public endpoint open to the internet, no control-plane logs and
 * unencrypted secrets, beside a 1.33 cluster whose secrets are encrypted with a KMS key and that is then
 * made private and set to send every log type: the first fails every EKS rule, the second passes them all.
 */
export const EKS_CLUSTER_SEEDER: PairSeeder = {
  resourceType: TYPE,
  async seed(clients, { accountId, suffix }): Promise<SeededPair> {
    const [eks, iam, kms] = await Promise.all([
      clients.client('eks'),
      clients.client('iam'),
      clients.client('kms'),
    ]);
    const role = await iam.send(
      new CreateRoleCommand({
        RoleName: `vigil-seed-eks-${suffix}`,
        AssumeRolePolicyDocument: EKS_TRUST_POLICY,
      }),
    );
    const roleArn = role.Role?.Arn ?? `arn:aws:iam::${accountId}:role/vigil-seed-eks-${suffix}`;
    // The secrets key is compliant itself (rotating), so the estate gains no failing key.
    const key = await kms.send(new CreateKeyCommand({ Description: `vigil seed: EKS secrets ${suffix}` }));
    const keyId = key.KeyMetadata?.KeyId ?? '';
    await kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
    const keyArn = key.KeyMetadata?.Arn ?? '';
    const openName = `vigil-open-eks-${suffix}`;
    const privateName = `vigil-private-eks-${suffix}`;
    const events: SeededPair['events'][number][] = [];
    const creations: CreateClusterCommandInput[] = [
      {
        name: openName,
        version: '1.29',
        roleArn,
        resourcesVpcConfig: {
          subnetIds: SUBNET_IDS,
          endpointPublicAccess: true,
          endpointPrivateAccess: false,
          publicAccessCidrs: ['0.0.0.0/0'],
        },
      },
      {
        name: privateName,
        version: '1.33',
        roleArn,
        resourcesVpcConfig: {
          subnetIds: SUBNET_IDS,
          endpointPublicAccess: true,
          endpointPrivateAccess: false,
        },
        encryptionConfig: [{ resources: ['secrets'], provider: { keyArn } }],
      },
    ];
    for (const input of creations) {
      const created = await eks.send(new CreateClusterCommand(input));
      events.push({
        eventSource: 'eks.amazonaws.com',
        eventName: 'CreateCluster',
        requestParameters: { ...input },
        responseElements: {
          cluster: {
            name: input.name,
            arn: created.cluster?.arn ?? null,
            version: input.version,
            status: 'CREATING',
          },
        },
      });
    }
    // EKS takes one kind of change per UpdateClusterConfig call: endpoint access, then logging.
    const updates = [
      { name: privateName, resourcesVpcConfig: { endpointPublicAccess: false, endpointPrivateAccess: true } },
      { name: privateName, logging: { clusterLogging: [{ types: [...EKS_LOG_TYPES], enabled: true }] } },
    ];
    for (const update of updates) {
      await eks.send(new UpdateClusterConfigCommand(update));
      events.push({
        eventSource: 'eks.amazonaws.com',
        eventName: 'UpdateClusterConfig',
        requestParameters: { ...update },
        responseElements: { update: { status: 'InProgress' } },
      });
    }
    return {
      misconfigured: { resourceType: TYPE, resourceId: openName },
      compliant: { resourceType: TYPE, resourceId: privateName },
      failingRules: [
        'eks-cluster-logging-enabled',
        'eks-cluster-supported-version',
        'eks-endpoint-no-public-access',
        'eks-endpoint-public-access-restricted',
        'eks-secrets-encrypted',
      ],
      events,
      motoGaps: [
        'eks:UpdateClusterVersion and eks:AssociateEncryptionConfig are not implemented: the compliant cluster ' +
          'is created on a supported version with secrets encryption, and only its endpoint access and ' +
          'logging are changed afterwards (UpdateClusterConfig). Their CloudTrail mapping is unit-tested.',
        'eks:UpdateClusterConfig replaces resourcesVpcConfig instead of merging it (the subnets are dropped), ' +
          'and DescribeCluster returns only the endpoint settings given (AWS always reports ' +
          'endpointPublicAccess, endpointPrivateAccess and publicAccessCidrs).',
        'moto accepts any subnet ids for a cluster; made-up ones are used, so the estate gains no VPC.',
      ],
    };
  },
};
