import { CreateLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, EnableKeyRotationCommand } from '@aws-sdk/client-kms';
import type { PairSeeder, SeededPair } from './pair';

const TYPE = 'AWS::Logs::LogGroup';

/**
 * A log group kept three days and unencrypted beside one kept 400 days and encrypted with a KMS key: the
 * first fails the retention and encryption rules, the second passes them.
 */
export const LOG_GROUP_SEEDER: PairSeeder = {
  resourceType: TYPE,
  async seed(clients, { suffix }): Promise<SeededPair> {
    const [logs, kms] = await Promise.all([clients.client('logs'), clients.client('kms')]);
    // The log key is compliant itself (rotating), so the estate gains no failing key.
    const key = await kms.send(new CreateKeyCommand({ Description: `vigil seed: log group key ${suffix}` }));
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyMetadata?.KeyId ?? '' }));
    const kmsKeyId = key.KeyMetadata?.Arn ?? '';
    const shortLived = `/vigil/seed/short-${suffix}`;
    const kept = `/vigil/seed/kept-${suffix}`;
    const events: SeededPair['events'][number][] = [];
    const groups = [
      { logGroupName: shortLived, retentionInDays: 3 },
      { logGroupName: kept, retentionInDays: 400, kmsKeyId },
    ];
    for (const { retentionInDays, ...create } of groups) {
      await logs.send(new CreateLogGroupCommand(create));
      events.push({
        eventSource: 'logs.amazonaws.com',
        eventName: 'CreateLogGroup',
        requestParameters: { ...create },
        responseElements: null,
      });
      await logs.send(new PutRetentionPolicyCommand({ logGroupName: create.logGroupName, retentionInDays }));
      events.push({
        eventSource: 'logs.amazonaws.com',
        eventName: 'PutRetentionPolicy',
        requestParameters: { logGroupName: create.logGroupName, retentionInDays },
        responseElements: null,
      });
    }
    return {
      misconfigured: { resourceType: TYPE, resourceId: shortLived },
      compliant: { resourceType: TYPE, resourceId: kept },
      failingRules: ['cloudwatch-log-group-encrypted', 'cw-loggroup-retention-period-check'],
      events,
    };
  },
};
