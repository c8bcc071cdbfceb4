import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  EC2Client,
  ModifyInstanceMetadataOptionsCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketVersioningCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Finding } from '#shared/evidence/finding';
import { awsClientConfig, uniqueName } from '#test/support/moto';
import { drainAlerts } from '#test/support/pipeline-stack';
import {
  chainProblems,
  cloudTrailCaller,
  type LocalPipeline,
  localPipeline,
  chainOf as storedChain,
  storedEvidence,
} from './harness';

const RULES = [
  's3-bucket-versioning-enabled',
  'restricted-ssh',
  'cw-loggroup-retention-period-check',
  'ec2-imdsv2-check',
  'cmk-backing-key-rotation-enabled',
];

describe('evaluator on CloudTrail API calls for resources in moto (describer → CI → finding)', () => {
  const endpoint = inject('motoEndpoint');
  let pipeline: LocalPipeline;
  let ec2: EC2Client;
  let kms: KMSClient;
  let logs: CloudWatchLogsClient;

  beforeAll(async () => {
    pipeline = await localPipeline(endpoint, 'vigil-ct', { ENABLED_RULES: RULES.join(',') });
    const config = awsClientConfig(endpoint);
    ec2 = new EC2Client(config);
    kms = new KMSClient(config);
    logs = new CloudWatchLogsClient(config);
  });

  afterAll(() => {
    for (const client of [ec2, kms, logs]) client?.destroy();
    pipeline?.close();
  });

  const call = cloudTrailCaller(() => pipeline, Date.parse('2026-11-23T08:00:00.000Z'));

  /** Findings of one rule on one resource, in chain order, the chain checked whole. */
  async function chainOf(ruleId: string, resourceId: string): Promise<Finding[]> {
    const chain = await storedChain(pipeline, resourceId, ruleId);
    const problems = (await chainProblems(pipeline)).filter((problem) =>
      problem.chainId.endsWith(`/${encodeURIComponent(resourceId)}/${ruleId}`),
    );
    expect(problems).toEqual([]);
    return chain;
  }

  async function transitionsFor(resourceId: string): Promise<(string | undefined)[]> {
    return (await drainAlerts(pipeline.stack))
      .filter((alert) => alert.message.includes(resourceId))
      .map((alert) => alert.attributes.transition);
  }

  it('S3 CreateBucket then PutBucketVersioning: fails, then resolves', async () => {
    const bucket = uniqueName('vigil-ct-bucket');
    await pipeline.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await call({
      eventSource: 's3.amazonaws.com',
      eventName: 'CreateBucket',
      requestParameters: { bucketName: bucket, Host: `${bucket}.s3.amazonaws.com` },
    });
    await pipeline.s3.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    await call({
      eventSource: 's3.amazonaws.com',
      eventName: 'PutBucketVersioning',
      requestParameters: {
        bucketName: bucket,
        VersioningConfiguration: { Status: 'Enabled' },
        versioning: '',
      },
    });
    // An unrelated setting changes: the bucket is described again, the verdict repeats without an alert.
    await pipeline.s3.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      }),
    );
    await call({
      eventSource: 's3.amazonaws.com',
      eventName: 'PutBucketEncryption',
      requestParameters: { bucketName: bucket },
    });

    const chain = await chainOf('s3-bucket-versioning-enabled', bucket);
    expect(chain.map((finding) => finding.compliance)).toEqual(['NON_COMPLIANT', 'COMPLIANT', 'COMPLIANT']);
    expect(chain.every((finding) => finding.source.trigger === 'cloudtrail')).toBe(true);
    expect(chain[1]?.previousHash).toBe(chain[0]?.hash);
    expect(await transitionsFor(bucket)).toEqual(['NEW_FAILURE', 'RESOLVED']);
  });

  it('EC2 AuthorizeSecurityGroupIngress opening SSH to the world fails restricted-ssh', async () => {
    const group = await ec2.send(
      new CreateSecurityGroupCommand({ GroupName: uniqueName('vigil-ct-sg'), Description: 'bastion' }),
    );
    const groupId = group.GroupId ?? '';
    await call({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'CreateSecurityGroup',
      requestParameters: { groupName: 'bastion', groupDescription: 'bastion' },
      responseElements: { _return: true, groupId },
    });
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    await call({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'AuthorizeSecurityGroupIngress',
      requestParameters: {
        groupId,
        ipPermissions: {
          items: [
            { ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } },
          ],
        },
      },
    });
    const chain = await chainOf('restricted-ssh', groupId);
    expect(chain.map((finding) => finding.compliance)).toEqual(['COMPLIANT', 'NON_COMPLIANT']);
    expect(await transitionsFor(groupId)).toEqual(['NEW_FAILURE']);
  });

  it('Logs CreateLogGroup then PutRetentionPolicy: a week fails, a year passes', async () => {
    const logGroupName = `/vigil/ct/${uniqueName('app')}`;
    await logs.send(new CreateLogGroupCommand({ logGroupName }));
    await call({
      eventSource: 'logs.amazonaws.com',
      eventName: 'CreateLogGroup',
      requestParameters: { logGroupName },
    });
    for (const retentionInDays of [7, 365]) {
      await logs.send(new PutRetentionPolicyCommand({ logGroupName, retentionInDays }));
      await call({
        eventSource: 'logs.amazonaws.com',
        eventName: 'PutRetentionPolicy',
        requestParameters: { logGroupName, retentionInDays },
      });
    }
    const chain = await chainOf('cw-loggroup-retention-period-check', logGroupName);
    // Events that never expire pass, as AWS documents for the managed rule ("Never expire" is COMPLIANT).
    expect(chain.map((finding) => finding.compliance)).toEqual(['COMPLIANT', 'NON_COMPLIANT', 'COMPLIANT']);
    expect(await transitionsFor(logGroupName)).toEqual(['NEW_FAILURE', 'RESOLVED']);
  });

  it('EC2 RunInstances with IMDSv1, then ModifyInstanceMetadataOptions requiring tokens', async () => {
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
    await call({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RunInstances',
      requestParameters: { instancesSet: { items: [{ imageId: 'ami-12c6146b', minCount: 1, maxCount: 1 }] } },
      responseElements: { instancesSet: { items: [{ instanceId, imageId: 'ami-12c6146b' }] } },
    });
    await ec2.send(
      new ModifyInstanceMetadataOptionsCommand({ InstanceId: instanceId, HttpTokens: 'required' }),
    );
    await call({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'ModifyInstanceMetadataOptions',
      requestParameters: { ModifyInstanceMetadataOptionsRequest: {}, instanceId, httpTokens: 'required' },
    });
    const chain = await chainOf('ec2-imdsv2-check', instanceId);
    expect(chain.map((finding) => finding.compliance)).toEqual(['NON_COMPLIANT', 'COMPLIANT']);
    expect(await transitionsFor(instanceId)).toEqual(['NEW_FAILURE', 'RESOLVED']);
  });

  it('KMS CreateKey then EnableKeyRotation', async () => {
    const key = await kms.send(new CreateKeyCommand({ Description: 'vigil ct' }));
    const keyId = key.KeyMetadata?.KeyId ?? '';
    await call({
      eventSource: 'kms.amazonaws.com',
      eventName: 'CreateKey',
      requestParameters: { description: 'vigil ct', keyUsage: 'ENCRYPT_DECRYPT' },
      responseElements: { keyMetadata: { keyId, arn: key.KeyMetadata?.Arn, keyManager: 'CUSTOMER' } },
    });
    await kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
    await call({
      eventSource: 'kms.amazonaws.com',
      eventName: 'EnableKeyRotation',
      requestParameters: { keyId },
    });
    const chain = await chainOf('cmk-backing-key-rotation-enabled', keyId);
    expect(chain.map((finding) => finding.compliance)).toEqual(['NON_COMPLIANT', 'COMPLIANT']);
  });

  it('ignores failed and uncovered calls without writing anything', async () => {
    const before = await storedEvidence(pipeline);
    await call({
      eventSource: 's3.amazonaws.com',
      eventName: 'PutBucketVersioning',
      requestParameters: { bucketName: 'not-mine' },
      errorCode: 'AccessDenied',
    });
    await call({
      eventSource: 'sqs.amazonaws.com',
      eventName: 'CreateQueue',
      requestParameters: { queueName: 'x' },
    });
    const after = await storedEvidence(pipeline);
    expect(after.objects).toBe(before.objects);
    expect(after.findings).toHaveLength(before.findings.length);
  });
});
