import { ACCOUNT_ID, capitalTagList, configurationItem, type RawConfigurationItem } from './envelope';

const SUBNETS = ['subnet-0aa11bb22cc33dd44', 'subnet-0ee55ff66aa77bb88'];

interface ClusterOptions {
  readonly name: string;
  readonly version: string;
  readonly createdAt: string;
  readonly captureTime: string;
  readonly endpointId: string;
  readonly tags: Record<string, string>;
  readonly publicAccess: boolean;
  readonly publicCidrs?: readonly string[];
  readonly secretsKey?: string;
  readonly logTypes: readonly string[];
}

function cluster(options: ClusterOptions): RawConfigurationItem {
  const arn = `arn:aws:eks:us-east-1:${ACCOUNT_ID}:cluster/${options.name}`;
  const role = `eks-cluster-${options.name}`;
  return configurationItem({
    resourceType: 'AWS::EKS::Cluster',
    resourceId: options.name,
    resourceName: options.name,
    arn,
    captureTime: options.captureTime,
    createdAt: options.createdAt,
    tags: options.tags,
    relationships: [
      ...SUBNETS.map((resourceId) => ({
        resourceType: 'AWS::EC2::Subnet',
        resourceId,
        name: 'Is contained in Subnet',
      })),
      {
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: 'sg-04d3c2b1a09f8e7d6',
        name: 'Is associated with SecurityGroup',
      },
      { resourceType: 'AWS::IAM::Role', resourceName: role, name: 'Is associated with Role' },
    ],
    configuration: {
      Name: options.name,
      Arn: arn,
      Version: options.version,
      RoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/${role}`,
      Endpoint: `https://${options.endpointId}.gr7.us-east-1.eks.amazonaws.com`,
      CertificateAuthorityData: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSURCVENDQWUyZ0F3SUJBZ0lJ',
      ClusterSecurityGroupId: 'sg-0e1f2a3b4c5d6e7f8',
      OpenIdConnectIssuerUrl: `https://oidc.eks.us-east-1.amazonaws.com/id/${options.endpointId}`,
      ...(options.secretsKey ? { EncryptionConfigKeyArn: options.secretsKey } : {}),
      ResourcesVpcConfig: {
        EndpointPublicAccess: options.publicAccess,
        EndpointPrivateAccess: !options.publicAccess,
        ...(options.publicCidrs ? { PublicAccessCidrs: options.publicCidrs } : {}),
        SecurityGroupIds: ['sg-04d3c2b1a09f8e7d6'],
        SubnetIds: SUBNETS,
      },
      KubernetesNetworkConfig: { ServiceIpv4Cidr: '172.20.0.0/16', IpFamily: 'ipv4' },
      AccessConfig: { AuthenticationMode: options.publicAccess ? 'CONFIG_MAP' : 'API' },
      UpgradePolicy: { SupportType: 'EXTENDED' },
      ...(options.logTypes.length > 0
        ? { Logging: { ClusterLogging: { EnabledTypes: options.logTypes.map((Type) => ({ Type })) } } }
        : {}),
      ...(options.secretsKey
        ? { EncryptionConfig: [{ Resources: ['secrets'], Provider: { KeyArn: options.secretsKey } }] }
        : {}),
      Tags: capitalTagList(options.tags),
    },
  });
}

function repository(options: {
  name: string;
  team: string;
  createdAt: string;
  captureTime: string;
  immutable: boolean;
  scanOnPush: boolean;
  lifecycle?: Record<string, unknown>;
}): RawConfigurationItem {
  const arn = `arn:aws:ecr:us-east-1:${ACCOUNT_ID}:repository/${options.name}`;
  const tags = { team: options.team };
  return configurationItem({
    resourceType: 'AWS::ECR::Repository',
    resourceId: options.name,
    resourceName: options.name,
    arn,
    captureTime: options.captureTime,
    createdAt: options.createdAt,
    tags,
    configuration: {
      RepositoryName: options.name,
      Arn: arn,
      RepositoryUri: `${ACCOUNT_ID}.dkr.ecr.us-east-1.amazonaws.com/${options.name}`,
      EncryptionConfiguration: { EncryptionType: 'AES256' },
      Tags: capitalTagList(tags),
      ImageTagMutability: options.immutable ? 'IMMUTABLE' : 'MUTABLE',
      ImageScanningConfiguration: { ScanOnPush: options.scanOnPush },
      ...(options.lifecycle
        ? {
            LifecyclePolicy: {
              RegistryId: ACCOUNT_ID,
              LifecyclePolicyText: JSON.stringify(options.lifecycle),
            },
          }
        : {}),
    },
  });
}

/** EKS clusters and ECR repositories. */
export function containerResources(): RawConfigurationItem[] {
  return [
    cluster({
      name: 'payments-prod',
      version: '1.33',
      createdAt: '2025-08-12T13:30:05.417Z',
      captureTime: '2026-11-20T07:12:48.230Z',
      endpointId: '4F1C9A7E2B6D8035E1A4C7B9D2F60E83',
      tags: { team: 'platform', environment: 'production' },
      publicAccess: false,
      secretsKey: `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/0b7e4d2a-91c3-4f58-a6e2-3d9c8b1f7a05`,
      logTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
    }),
    cluster({
      name: 'sandbox-legacy',
      version: '1.29',
      createdAt: '2023-02-07T09:15:44.000Z',
      captureTime: '2026-11-18T16:47:09.881Z',
      endpointId: '9B3E5D1A7C2F4086B9E1D3A5C7F90B24',
      tags: { team: 'data-science', environment: 'sandbox' },
      publicAccess: true,
      publicCidrs: ['0.0.0.0/0'],
      logTypes: [],
    }),
    repository({
      name: 'checkout-api',
      team: 'payments',
      createdAt: '2025-01-15T10:04:33.000Z',
      captureTime: '2026-11-20T06:30:12.447Z',
      immutable: true,
      scanOnPush: true,
      lifecycle: {
        rules: [
          {
            rulePriority: 1,
            description: 'Expire untagged images after two years',
            selection: {
              tagStatus: 'untagged',
              countType: 'sinceImagePushed',
              countUnit: 'days',
              countNumber: 730,
            },
            action: { type: 'expire' },
          },
        ],
      },
    }),
    repository({
      name: 'legacy-batch-jobs',
      team: 'data-platform',
      createdAt: '2022-04-02T08:11:50.000Z',
      captureTime: '2026-11-19T21:48:05.630Z',
      immutable: false,
      scanOnPush: false,
    }),
  ];
}
