import { KINESIS_STREAM_TYPE } from '#shared/resources/kinesis';
import { type CloudTrailExtractor, type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** The stream name at the end of a stream ARN (`arn:aws:kinesis:<region>:<account>:stream/<name>`). */
export function streamNameOf(value: string): string {
  const match = /^arn:[^:]+:kinesis:[^:]*:\d*:stream\/([^/]+)/.exec(value);
  return match?.[1] ?? value;
}

/** The stream a call names: `streamName`, else the name in `streamARN` (or TagResource's `resourceARN`). */
const streamInCall: CloudTrailExtractor = (record) => {
  const name = stringAt(record.requestParameters, 'streamName');
  if (name !== undefined) return [[KINESIS_STREAM_TYPE, name]];
  const arn =
    stringAt(record.requestParameters, 'streamARN') ?? stringAt(record.requestParameters, 'resourceARN');
  // TagResource also tags consumers (`…:stream/<name>/consumer/…`), which change nothing judged.
  if (arn === undefined || !/:stream\/[^/]+$/.test(arn)) return [];
  return [[KINESIS_STREAM_TYPE, streamNameOf(arn)]];
};

/**
 * Kinesis data streams: server-side encryption, retention period, shard count and capacity mode, in
 * Config's CloudFormation-style naming, keyed by stream name.
 * @see https://docs.aws.amazon.com/streams/latest/dev/logging-using-cloudtrail.html
 */
export const KINESIS_STREAM: DescribableType = {
  resourceType: KINESIS_STREAM_TYPE,
  services: ['kinesis'],
  permissions: [
    {
      actions: ['kinesis:ListStreams'],
      resources: ['*'],
      reason: 'kinesis:ListStreams supports no resource-level permissions; it returns stream names only.',
    },
    {
      actions: ['kinesis:DescribeStreamSummary', 'kinesis:ListTagsForStream'],
      resources: ['arn:{partition}:kinesis:{region}:{account}:stream/*'],
      reason:
        'Vigil judges every Kinesis data stream of this account and region; metadata reads only, no records.',
    },
  ],
  cloudTrail: {
    'kinesis.amazonaws.com': sameExtractor(
      [
        'CreateStream',
        'DeleteStream',
        'StartStreamEncryption',
        'StopStreamEncryption',
        'IncreaseStreamRetentionPeriod',
        'DecreaseStreamRetentionPeriod',
        'UpdateShardCount',
        'UpdateStreamMode',
        'AddTagsToStream',
        'RemoveTagsFromStream',
        'TagResource',
        'UntagResource',
      ],
      streamInCall,
    ),
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeKinesisStream(await clients.client('kinesis'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listKinesisStreams(await clients.client('kinesis'), base),
};
