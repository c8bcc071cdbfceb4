import {
  isRecordedStream,
  KINESIS_STREAM_TYPE,
  type KinesisStreamConfiguration,
  kinesisStreamName,
} from '#shared/resources/kinesis';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Kinesis data streams are encrypted at rest: `StreamEncryption` is present (with a KMS encryption type).
 * Config leaves `StreamEncryption` out of an unencrypted stream, so a recorded stream without it fails, as
 * on AWS's page; an item that does not record the stream at all is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/kinesis-stream-encrypted.html
 */
export const kinesisStreamEncrypted = {
  id: 'kinesis-stream-encrypted',
  title: 'Kinesis data streams are encrypted at rest',
  resourceTypes: [KINESIS_STREAM_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'Stream records often carry events, logs and personal data; server-side encryption keeps them unreadable on Kinesis storage and puts their decryption under a KMS key policy.',
  remediationAdvice:
    'Turn on server-side encryption: `aws kinesis start-stream-encryption --stream-name <stream> --encryption-type KMS --key-id alias/aws/kinesis` (or a customer managed key).',
  evaluate(item) {
    const name = kinesisStreamName(item);
    if (!isRecordedStream(item)) return notApplicable(`Kinesis stream ${name} was not recorded.`);
    const encryption = item.configuration?.StreamEncryption;
    const type = encryption?.EncryptionType;
    if (encryption === undefined || encryption === null || type === undefined || type === 'NONE') {
      return nonCompliant(`Kinesis stream ${name} is not encrypted at rest.`);
    }
    const key = encryption.KeyId === undefined ? '' : ` with ${encryption.KeyId}`;
    return compliant(`Kinesis stream ${name} is encrypted at rest (${type}${key}).`);
  },
} as const satisfies Rule<Record<string, never>, KinesisStreamConfiguration>;
