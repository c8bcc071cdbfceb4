import {
  CreateBucketCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
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

/**
 * A bare bucket beside one given versioning, all four Block Public Access settings and a TLS-only policy:
 * the first fails the versioning, bucket-level public access and TLS rules, the second passes them.
 */
export const S3_BUCKET_SEEDER: PairSeeder = {
  resourceType: TYPE,
  async seed(clients, { suffix }): Promise<SeededPair> {
    const s3 = await clients.client('s3');
    const bare = `vigil-bare-${suffix}`.slice(0, 63);
    const guarded = `vigil-guarded-${suffix}`.slice(0, 63);
    const events: SeededPair['events'][number][] = [];
    for (const bucket of [bare, guarded]) {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      events.push({
        eventSource: 's3.amazonaws.com',
        eventName: 'CreateBucket',
        requestParameters: { bucketName: bucket, Host: `${bucket}.s3.amazonaws.com` },
        responseElements: null,
      });
    }
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
    return {
      misconfigured: { resourceType: TYPE, resourceId: bare },
      compliant: { resourceType: TYPE, resourceId: guarded },
      failingRules: [
        's3-bucket-level-public-access-prohibited',
        's3-bucket-ssl-requests-only',
        's3-bucket-versioning-enabled',
      ],
      events,
    };
  },
};
