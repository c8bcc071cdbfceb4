import {
  CreateStreamCommand,
  IncreaseStreamRetentionPeriodCommand,
  StartStreamEncryptionCommand,
} from '@aws-sdk/client-kinesis';
import type { PairSeeder, SeededPair } from './pair';

/**
 * A one-shard stream left at Kinesis's defaults (no server-side encryption, records kept 24 hours) beside a
 * twin encrypted with the AWS managed key `aws/kinesis` and keeping records a week.
 */
export const KINESIS_STREAM_SEEDER: PairSeeder = {
  resourceType: 'AWS::Kinesis::Stream',
  async seed(clients, { suffix }) {
    const kinesis = await clients.client('kinesis');
    const open = `vigil-stream-open-${suffix}`;
    const closed = `vigil-stream-closed-${suffix}`;
    const events: SeededPair['events'][number][] = [];
    for (const name of [open, closed]) {
      await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
      events.push({
        eventSource: 'kinesis.amazonaws.com',
        eventName: 'CreateStream',
        requestParameters: { streamName: name, shardCount: 1 },
        responseElements: null,
      });
    }
    await kinesis.send(
      new StartStreamEncryptionCommand({
        StreamName: closed,
        EncryptionType: 'KMS',
        KeyId: 'alias/aws/kinesis',
      }),
    );
    events.push({
      eventSource: 'kinesis.amazonaws.com',
      eventName: 'StartStreamEncryption',
      requestParameters: { streamName: closed, encryptionType: 'KMS', keyId: 'alias/aws/kinesis' },
      responseElements: null,
    });
    await kinesis.send(
      new IncreaseStreamRetentionPeriodCommand({ StreamName: closed, RetentionPeriodHours: 168 }),
    );
    events.push({
      eventSource: 'kinesis.amazonaws.com',
      eventName: 'IncreaseStreamRetentionPeriod',
      requestParameters: { streamName: closed, retentionPeriodHours: 168 },
      responseElements: null,
    });
    return {
      misconfigured: { resourceType: 'AWS::Kinesis::Stream', resourceId: open },
      compliant: { resourceType: 'AWS::Kinesis::Stream', resourceId: closed },
      failingRules: ['kinesis-stream-encrypted', 'kinesis-stream-backup-retention-check'],
      events,
    };
  },
};
