import {
  DYNAMODB_TABLE_TYPE,
  type DynamoDbTableConfiguration,
  tableEncryption,
  tableName,
} from '#shared/resources/dynamodb';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

type Parameters = { kmsKeyArns: readonly string[] };

/**
 * DynamoDB tables are encrypted with a KMS key (SSE type `KMS`, status `ENABLED`: the AWS managed key
 * `aws/dynamodb` or a customer managed key). A table with no SSE description uses an AWS owned key and
 * is NON_COMPLIANT; so is one whose SSE status is `DISABLED`, `UPDATING` or `DISABLING`. With
 * `kmsKeyArns`, the table's key ARN must be listed.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/dynamodb-table-encrypted-kms.html
 */
export const dynamodbTableEncryptedKms = {
  id: 'dynamodb-table-encrypted-kms',
  title: 'DynamoDB tables are encrypted with a KMS key',
  resourceTypes: [DYNAMODB_TABLE_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {
    kmsKeyArns: {
      type: 'string-list',
      default: [],
      description: 'Optional comma-separated KMS key ARNs allowed to encrypt tables.',
    },
  },
  rationale: 'A KMS key puts every read of the table behind a key policy and in CloudTrail.',
  remediationAdvice:
    'Switch the table to a KMS key (table > Additional settings > Encryption, or `aws dynamodb update-table ' +
    '--sse-specification Enabled=true,SSEType=KMS,KMSMasterKeyId=<key ARN>`).',
  evaluate(item, { parameters }) {
    const name = tableName(item);
    if (item.configuration?.tableStatus === 'DELETING')
      return notApplicable(`Table ${name} is being deleted.`);
    // DescribeTable (and Config) leave SSEDescription out for the default AWS owned key: failing it is right.
    const sse = tableEncryption(item.configuration);
    if (sse.status === undefined && sse.sseType === undefined) {
      return nonCompliant(`Table ${name} is encrypted with an AWS owned key, not a KMS key.`);
    }
    if (sse.status !== 'ENABLED' || sse.sseType !== 'KMS') {
      return nonCompliant(
        `Table ${name} has server-side encryption ${sse.status ?? 'status unknown'} with type ${sse.sseType ?? 'unknown'}, not KMS.`,
      );
    }
    const key = sse.kmsKeyArn ?? 'an unrecorded KMS key';
    if (parameters.kmsKeyArns.length > 0 && !parameters.kmsKeyArns.includes(sse.kmsKeyArn ?? '')) {
      return nonCompliant(`Table ${name} is encrypted with ${key}, which is not in kmsKeyArns.`);
    }
    return compliant(`Table ${name} is encrypted with KMS key ${key}.`);
  },
} as const satisfies Rule<Parameters, DynamoDbTableConfiguration>;
