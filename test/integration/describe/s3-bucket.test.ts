import { DeleteBucketCommand } from '@aws-sdk/client-s3';
import { S3_BUCKET_SEEDER } from '#test/support/estate/s3-bucket';
import { provesSeededPair } from './seeded-pair';

provesSeededPair(S3_BUCKET_SEEDER, {
  deleteMisconfigured: async (clients, pair) => {
    const bucketName = pair.misconfigured.resourceId;
    await (await clients.client('s3')).send(new DeleteBucketCommand({ Bucket: bucketName }));
    return {
      eventSource: 's3.amazonaws.com',
      eventName: 'DeleteBucket',
      requestParameters: { bucketName, Host: `${bucketName}.s3.amazonaws.com` },
      responseElements: null,
    };
  },
});
