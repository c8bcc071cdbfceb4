import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  EC2Client,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { CloudTrailCall } from '#shared/local/events';
import { awsClientConfig, s3ClientConfig } from '#shared/local/moto';

/** One misconfigured resource the demo created, and the API calls that created it. */
export interface DemoResource {
  readonly resourceType: string;
  readonly resourceId: string;
  /** What is wrong with it, for people. */
  readonly misconfiguration: string;
  /** The write calls as CloudTrail would record them (without account, region and time). */
  readonly calls: readonly Omit<CloudTrailCall, 'accountId' | 'region'>[];
}

/** The SSH rule the demo opens on the bastion security group (and revokes in its "fix" step). */
const SSH_FROM_ANYWHERE = {
  IpProtocol: 'tcp',
  FromPort: 22,
  ToPort: 22,
  IpRanges: [{ CidrIp: '0.0.0.0/0' }],
};

/** CloudTrail's request shape of the SSH rule (EC2's query API nests lists as `{items: [...]}`). */
const SSH_REQUEST = {
  ipPermissions: {
    items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }],
  },
};

/**
 * Creates a small account with typical misconfigurations through the real AWS APIs of the endpoint
 * (moto): a bucket without versioning, encryption settings, logging or Block Public Access, a security
 * group open to SSH from anywhere, a log group kept for 3 days without KMS, a KMS key without rotation,
 * an EC2 instance that allows IMDSv1, and an IAM user (an account-level change).
 */
export async function createDemoAccount(endpoint: string, prefix: string): Promise<DemoResource[]> {
  const config = awsClientConfig(endpoint);
  const s3 = new S3Client(s3ClientConfig(endpoint));
  const ec2 = new EC2Client(config);
  const logs = new CloudWatchLogsClient(config);
  const kms = new KMSClient(config);
  const iam = new IAMClient(config);
  try {
    const bucket = `${prefix}-uploads`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));

    const groupName = `${prefix}-bastion`;
    const group = await ec2.send(
      new CreateSecurityGroupCommand({ GroupName: groupName, Description: 'bastion hosts' }),
    );
    const groupId = group.GroupId ?? '';
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [SSH_FROM_ANYWHERE] }),
    );

    const logGroupName = `/demo/${prefix}/checkout`;
    await logs.send(new CreateLogGroupCommand({ logGroupName }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName, retentionInDays: 3 }));

    const key = await kms.send(new CreateKeyCommand({ Description: `${prefix} application data` }));
    const keyId = key.KeyMetadata?.KeyId ?? '';

    const run = await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-12c6146b',
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        MetadataOptions: { HttpTokens: 'optional', HttpEndpoint: 'enabled' },
      }),
    );
    const instanceId = run.Instances?.[0]?.InstanceId ?? '';

    const userName = `${prefix}-deploy`;
    await iam.send(new CreateUserCommand({ UserName: userName }));

    return [
      {
        resourceType: 'AWS::S3::Bucket',
        resourceId: bucket,
        misconfiguration: 'no versioning, no access logging, no Block Public Access, no TLS-only policy',
        calls: [
          {
            eventSource: 's3.amazonaws.com',
            eventName: 'CreateBucket',
            requestParameters: { bucketName: bucket },
          },
        ],
      },
      {
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: groupId,
        misconfiguration: 'SSH (22) open to 0.0.0.0/0',
        calls: [
          {
            eventSource: 'ec2.amazonaws.com',
            eventName: 'CreateSecurityGroup',
            requestParameters: { groupName, groupDescription: 'bastion hosts' },
            responseElements: { _return: true, groupId },
          },
          {
            eventSource: 'ec2.amazonaws.com',
            eventName: 'AuthorizeSecurityGroupIngress',
            requestParameters: { groupId, ...SSH_REQUEST },
          },
        ],
      },
      {
        resourceType: 'AWS::Logs::LogGroup',
        resourceId: logGroupName,
        misconfiguration: 'events kept 3 days, not encrypted with KMS',
        calls: [
          {
            eventSource: 'logs.amazonaws.com',
            eventName: 'CreateLogGroup',
            requestParameters: { logGroupName },
          },
          {
            eventSource: 'logs.amazonaws.com',
            eventName: 'PutRetentionPolicy',
            requestParameters: { logGroupName, retentionInDays: 3 },
          },
        ],
      },
      {
        resourceType: 'AWS::KMS::Key',
        resourceId: keyId,
        misconfiguration: 'automatic key rotation off',
        calls: [
          {
            eventSource: 'kms.amazonaws.com',
            eventName: 'CreateKey',
            requestParameters: { description: `${prefix} application data`, keyUsage: 'ENCRYPT_DECRYPT' },
            responseElements: { keyMetadata: { keyId, arn: key.KeyMetadata?.Arn, keyManager: 'CUSTOMER' } },
          },
        ],
      },
      {
        resourceType: 'AWS::EC2::Instance',
        resourceId: instanceId,
        misconfiguration: 'instance metadata allows IMDSv1 (tokens optional)',
        calls: [
          {
            eventSource: 'ec2.amazonaws.com',
            eventName: 'RunInstances',
            requestParameters: {
              instancesSet: { items: [{ imageId: 'ami-12c6146b', minCount: 1, maxCount: 1 }] },
              instanceType: 't3.micro',
              metadataOptions: { httpTokens: 'optional' },
            },
            responseElements: { instancesSet: { items: [{ instanceId, imageId: 'ami-12c6146b' }] } },
          },
        ],
      },
      {
        resourceType: 'AWS::::Account',
        resourceId: '(account)',
        misconfiguration:
          'account defaults: no password policy, root without MFA, no GuardDuty, no Security Hub',
        calls: [
          { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', requestParameters: { userName } },
        ],
      },
    ];
  } finally {
    for (const client of [s3, ec2, logs, kms, iam]) client.destroy();
  }
}

/** Revokes the bastion's SSH rule (the demo's fix) and returns the call as CloudTrail records it. */
export async function closeSsh(
  endpoint: string,
  groupId: string,
): Promise<Omit<CloudTrailCall, 'accountId' | 'region'>> {
  const ec2 = new EC2Client(awsClientConfig(endpoint));
  try {
    await ec2.send(
      new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [SSH_FROM_ANYWHERE] }),
    );
  } finally {
    ec2.destroy();
  }
  return {
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RevokeSecurityGroupIngress',
    requestParameters: { groupId, ...SSH_REQUEST },
  };
}
