import {
  CreateBucketCommand,
  GetBucketAclCommand,
  PutBucketAclCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { PairSeeder, SeededPair } from './pair';

const TYPE = 'AWS::S3::Bucket';

/** Denies every request of the bucket and its objects that does not come over TLS. */
function tlsOnlyPolicy(bucket: string): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  };
}

const BLOCK_ALL = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

/** Keeps everything 395 days, in Standard-IA after 30: a retention rule of the kind auditors ask for. */
const RETENTION_RULE = {
  ID: 'retain-395-days',
  Status: 'Enabled' as const,
  Filter: { Prefix: '' },
  Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' as const }],
  Expiration: { Days: 395 },
};

/**
 * A bare bucket with ACLs enabled and a log-delivery ACL beside one given versioning, all four Block
 * Public Access settings, a TLS-only policy, a retention lifecycle rule and deletion notifications to an
 * SQS queue: the first fails the versioning, bucket-level public access, TLS, ACL, lifecycle and
 * notification rules, the second passes them.
 */
export const S3_BUCKET_SEEDER: PairSeeder = {
  resourceType: TYPE,
  async seed(clients, { suffix }): Promise<SeededPair> {
    const s3 = await clients.client('s3');
    const bare = `vigil-bare-${suffix}`.slice(0, 63);
    const guarded = `vigil-guarded-${suffix}`.slice(0, 63);
    const events: SeededPair['events'][number][] = [];
    for (const bucket of [bare, guarded]) {
      // ACLs stay enabled on the bare bucket only (S3 disables them on new buckets by default).
      const ownership = bucket === bare ? 'ObjectWriter' : 'BucketOwnerEnforced';
      await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectOwnership: ownership }));
      events.push({
        eventSource: 's3.amazonaws.com',
        eventName: 'CreateBucket',
        requestParameters: {
          bucketName: bucket,
          Host: `${bucket}.s3.amazonaws.com`,
          'x-amz-object-ownership': ownership,
        },
        responseElements: null,
      });
    }
    // The grant S3 server access logging used to need: write access for the LogDelivery group.
    const current = await s3.send(new GetBucketAclCommand({ Bucket: bare }));
    const logDelivery = {
      Grantee: { Type: 'Group' as const, URI: 'http://acs.amazonaws.com/groups/s3/LogDelivery' },
      Permission: 'WRITE' as const,
    };
    const accessControlPolicy = { Owner: current.Owner, Grants: [...(current.Grants ?? []), logDelivery] };
    await s3.send(new PutBucketAclCommand({ Bucket: bare, AccessControlPolicy: accessControlPolicy }));
    events.push({
      eventSource: 's3.amazonaws.com',
      eventName: 'PutBucketAcl',
      requestParameters: { bucketName: bare, AccessControlPolicy: accessControlPolicy, acl: '' },
      responseElements: null,
    });
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: guarded, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    events.push({
      eventSource: 's3.amazonaws.com',
      eventName: 'PutBucketVersioning',
      requestParameters: {
        bucketName: guarded,
        VersioningConfiguration: { Status: 'Enabled' },
        versioning: '',
      },
      responseElements: null,
    });
    await s3.send(
      new PutPublicAccessBlockCommand({ Bucket: guarded, PublicAccessBlockConfiguration: BLOCK_ALL }),
    );
    events.push({
      eventSource: 's3.amazonaws.com',
      eventName: 'PutBucketPublicAccessBlock',
      requestParameters: {
        bucketName: guarded,
        PublicAccessBlockConfiguration: BLOCK_ALL,
        publicAccessBlock: '',
      },
      responseElements: null,
    });
    const policy = tlsOnlyPolicy(guarded);
    await s3.send(new PutBucketPolicyCommand({ Bucket: guarded, Policy: JSON.stringify(policy) }));
    events.push({
      eventSource: 's3.amazonaws.com',
      eventName: 'PutBucketPolicy',
      requestParameters: { bucketName: guarded, bucketPolicy: policy, policy: '' },
      responseElements: null,
    });
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: guarded,
        LifecycleConfiguration: { Rules: [RETENTION_RULE] },
      }),
    );
    events.push({
      eventSource: 's3.amazonaws.com',
      eventName: 'PutBucketLifecycle',
      requestParameters: {
        bucketName: guarded,
        LifecycleConfiguration: { Rule: RETENTION_RULE },
        lifecycle: '',
      },
      responseElements: null,
    });
    const sqs = await clients.client('sqs');
    const queueName = `vigil-deletions-${suffix}`.slice(0, 80);
    const queue = await sqs.send(new CreateQueueCommand({ QueueName: queueName }));
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    const queueArn = attributes.Attributes?.QueueArn;
    if (queueArn === undefined) throw new Error(`no ARN for queue ${queueName}`);
    events.push({
      eventSource: 'sqs.amazonaws.com',
      eventName: 'CreateQueue',
      requestParameters: { queueName },
      responseElements: { queueUrl: queue.QueueUrl },
    });
    const queueConfiguration = {
      Id: 'deletions',
      QueueArn: queueArn,
      Events: ['s3:ObjectRemoved:*' as const],
    };
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: guarded,
        NotificationConfiguration: { QueueConfigurations: [queueConfiguration] },
      }),
    );
    events.push({
      eventSource: 's3.amazonaws.com',
      eventName: 'PutBucketNotification',
      requestParameters: {
        bucketName: guarded,
        NotificationConfiguration: { QueueConfiguration: queueConfiguration },
        notification: '',
      },
      responseElements: null,
    });
    return {
      misconfigured: { resourceType: TYPE, resourceId: bare },
      compliant: { resourceType: TYPE, resourceId: guarded },
      failingRules: [
        's3-bucket-level-public-access-prohibited',
        's3-bucket-ssl-requests-only',
        's3-bucket-versioning-enabled',
        's3-bucket-acl-prohibited',
        's3-lifecycle-policy-check',
        's3-event-notifications-enabled',
      ],
      events,
      motoGaps: [
        's3-bucket-mfa-delete-enabled is not seeded: moto neither stores nor returns MFADelete, and AWS ' +
          "only lets the root user's MFA device turn it on.",
      ],
    };
  },
};
