import { CreateTrailCommand, StartLoggingCommand, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CreateLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, EnableKeyRotationCommand } from '@aws-sdk/client-kms';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type { PairSeeder, SeededPair } from './pair';

const TYPE = 'AWS::CloudTrail::Trail';

const CLOUDTRAIL_TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});

/**
 * Two single-region trails logging to one bucket: one with neither KMS encryption, log file validation nor
 * CloudWatch Logs delivery, and one updated to have all three. The first fails the encryption, validation
 * and CloudWatch Logs rules, the second passes them. Both stay single-region, so the account's
 * multi-region trail verdict is left to the account's own seed.
 */
export const TRAIL_SEEDER: PairSeeder = {
  resourceType: TYPE,
  async seed(clients, { accountId, region, suffix }): Promise<SeededPair> {
    const [cloudtrail, s3, kms, logs, iam] = await Promise.all([
      clients.client('cloudtrail'),
      clients.client('s3'),
      clients.client('kms'),
      clients.client('logs'),
      clients.client('iam'),
    ]);
    const bucket = `vigil-trail-logs-${suffix}`.slice(0, 63);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    // The trail's key and log group are compliant themselves (rotating key, a year's retention).
    const key = await kms.send(new CreateKeyCommand({ Description: `vigil seed: trail key ${suffix}` }));
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyMetadata?.KeyId ?? '' }));
    const kmsKeyId = key.KeyMetadata?.Arn ?? '';
    const logGroupName = `/vigil/seed/trail-${suffix}`;
    await logs.send(new CreateLogGroupCommand({ logGroupName, kmsKeyId }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName, retentionInDays: 400 }));
    const logGroupArn = `arn:aws:logs:${region}:${accountId}:log-group:${logGroupName}:*`;
    const role = await iam.send(
      new CreateRoleCommand({
        RoleName: `vigil-seed-trail-${suffix}`.slice(0, 64),
        AssumeRolePolicyDocument: CLOUDTRAIL_TRUST_POLICY,
      }),
    );
    const roleArn = role.Role?.Arn ?? '';
    const bareName = `vigil-bare-trail-${suffix}`;
    const fullName = `vigil-full-trail-${suffix}`;
    const events: SeededPair['events'][number][] = [];
    for (const name of [bareName, fullName]) {
      const created = await cloudtrail.send(new CreateTrailCommand({ Name: name, S3BucketName: bucket }));
      events.push({
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'CreateTrail',
        requestParameters: { name, s3BucketName: bucket },
        responseElements: {
          name,
          s3BucketName: bucket,
          trailARN: created.TrailARN ?? null,
          isMultiRegionTrail: false,
          logFileValidationEnabled: false,
        },
      });
      await cloudtrail.send(new StartLoggingCommand({ Name: name }));
      events.push({
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StartLogging',
        requestParameters: { name },
        responseElements: null,
      });
    }
    const update = {
      name: fullName,
      kmsKeyId,
      enableLogFileValidation: true,
      cloudWatchLogsLogGroupArn: logGroupArn,
      cloudWatchLogsRoleArn: roleArn,
    };
    const updated = await cloudtrail.send(
      new UpdateTrailCommand({
        Name: update.name,
        KmsKeyId: update.kmsKeyId,
        EnableLogFileValidation: update.enableLogFileValidation,
        CloudWatchLogsLogGroupArn: update.cloudWatchLogsLogGroupArn,
        CloudWatchLogsRoleArn: update.cloudWatchLogsRoleArn,
      }),
    );
    events.push({
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'UpdateTrail',
      requestParameters: update,
      responseElements: {
        name: fullName,
        trailARN: updated.TrailARN ?? null,
        kmsKeyId,
        logFileValidationEnabled: true,
        cloudWatchLogsLogGroupArn: logGroupArn,
      },
    });
    return {
      misconfigured: { resourceType: TYPE, resourceId: bareName },
      compliant: { resourceType: TYPE, resourceId: fullName },
      failingRules: [
        'cloud-trail-cloud-watch-logs-enabled',
        'cloud-trail-encryption-enabled',
        'cloud-trail-log-file-validation-enabled',
      ],
      events,
      motoGaps: [
        'cloudtrail:CreateTrail checks only that the bucket exists, not that its policy lets CloudTrail write, ' +
          'and UpdateTrail does not check the key, log group or role; the seed gives a bucket without a ' +
          'CloudTrail policy.',
      ],
    };
  },
};
